import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data():
    "The real data folder from $YODA_DATA; skips the test with a message when it is absent."
    from yoda_nb.core import data_root
    root = data_root()
    if root is None:
        pytest.skip("real data not available: set YODA_DATA to the folder holding set5/, bsd100_x4/, celeba_train/ ...")
    return root
