"""The face models shipped inside the package: they load by name, `yoda sr` uses the YODA one by default and says so,
inputs of another size are listed, and a damaged or missing weights file is an error, never random weights."""
import json
import os
import shutil
import subprocess
import sys

import pytest
import torch

import yoda_nb.train as train_mod
from yoda_nb.core import resize_image, save_image, synthetic_image
from yoda_nb.train import SHIPPED, load_checkpoint, shipped_dir


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_models_load_by_name(name):
    model, cfg, step = load_checkpoint(name)
    state = json.loads((shipped_dir() / SHIPPED[name] / "state.json").read_text())
    assert step == state["step"] >= 6000 and state["ema_only"] and cfg.hr_size == 64 and cfg.scale == 4
    assert cfg.yoda == name.endswith(("yoda", "64")) and cfg.n_eval == 300
    out = model(torch.zeros(1, 3, 64, 64), torch.zeros(1, 3, 64, 64), torch.tensor([0.5]))
    assert out.shape == (1, 3, 64, 64) and torch.isfinite(out).all()


def test_shipped_weights_are_small_and_documented():
    sizes = [(shipped_dir() / d / "ema.safetensors").stat().st_size for d in set(SHIPPED.values())]
    assert sum(sizes) <= 12e6, sizes
    card = (shipped_dir() / "MODEL_CARD.md").read_text()
    for must in ("CelebA", "non-commercial", "300 held-out", "6,000 iterations", "yoda train --config"):
        assert must in card, must


def test_damaged_or_missing_shipped_weights_are_refused(tmp_path, monkeypatch):
    copy = tmp_path / "weights"
    shutil.copytree(shipped_dir(), copy)
    monkeypatch.setattr(train_mod, "shipped_dir", lambda: copy)
    (copy / "face-16-64-yoda" / "ema.safetensors").write_bytes(b"\0" * 100)
    with pytest.raises(ValueError, match="Cannot read the weights file"): load_checkpoint("face-16-64")
    shutil.rmtree(copy / "face-16-64-sr3")
    with pytest.raises(FileNotFoundError, match="reinstall yoda_nb"): load_checkpoint("face-16-64-sr3")


def test_yoda_sr_uses_the_shipped_model_and_lists_other_sizes(tmp_path):
    lr = tmp_path / "lr"
    save_image(resize_image(synthetic_image(64, seed=1), scale=1 / 4), lr / "face16.png")
    save_image(resize_image(synthetic_image(80, seed=2), scale=1 / 4), lr / "other20.png")
    r = subprocess.run([sys.executable, "-m", "yoda_nb.cli", "sr", "--input", str(lr), "--out", str(tmp_path / "sr"),
                        "--steps", "2"], capture_output=True, text=True, timeout=600, env=os.environ)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "no --checkpoint, so the shipped face model face-16-64" in r.stderr and "16x16 face crops" in r.stderr
    assert "1 input(s) of other sizes" in r.stderr and "other20" in r.stderr
    summary = json.loads(r.stdout)
    assert summary["written"] == 2 and summary["off_size"] == ["other20"] and summary["yoda"] is True
