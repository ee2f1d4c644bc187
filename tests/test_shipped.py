"""The face models shipped inside the package: they load by name and super-resolve a face they never saw better than
bicubic does (LPIPS), `yoda sr` uses the YODA one by default and says so, inputs of another size are listed, and a
damaged or missing weights file is an error, never random weights."""
import json
import os
import shutil
import subprocess
import sys
import warnings

import pytest
import torch

import yoda_nb.checkpoint as ck
from yoda_nb.checkpoint import SHIPPED, load_checkpoint, shipped_dir
from yoda_nb.core import resize_image, save_image, synthetic_image
from yoda_nb.demo import demo_faces
from yoda_nb.inference import SRSettings, super_resolve


@pytest.fixture(scope="module")
def lpips():
    from yoda_nb.metrics import lpips_model
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore"); return lpips_model()
    except RuntimeError as e: pytest.skip(f"LPIPS weights not available ({e}); run `yoda lpips-weights`.")


@pytest.mark.parametrize("name", sorted(set(SHIPPED.values())))
def test_shipped_models_beat_bicubic_on_an_unseen_face(name, lpips):
    "The public-domain astronaut (not a CelebA face), 16x16 -> 64x64: perceptually closer to HR than bicubic is."
    from yoda_nb.metrics import lpips_distance
    model, spec, step = load_checkpoint(name)
    assert (spec.yoda is not None) == name.endswith("yoda") and spec.lr_size == 16 and spec.scale == 4
    hr = demo_faces()["astronaut"]
    lr = resize_image(hr, scale=1 / 4)
    sr = super_resolve(model, [lr], SRSettings(steps=50), progress=False)[0]
    bicubic = resize_image(lr, size=(64, 64))
    d_sr, d_bic = lpips_distance(sr, hr, lpips), lpips_distance(bicubic, hr, lpips)
    assert d_sr < d_bic, (d_sr, d_bic)


def test_shipped_weights_are_small_and_documented():
    sizes = [(shipped_dir() / d / "ema.safetensors").stat().st_size for d in set(SHIPPED.values())]
    assert sum(sizes) <= 12e6, sizes
    card = (shipped_dir() / "MODEL_CARD.md").read_text()
    for must in ("CelebA", "non-commercial", "300 held-out", "6,000 iterations", "yoda train --config"):
        assert must in card, must


def test_damaged_or_missing_shipped_weights_are_refused(tmp_path, monkeypatch):
    copy = tmp_path / "weights"
    shutil.copytree(shipped_dir(), copy)
    monkeypatch.setattr(ck, "shipped_dir", lambda: copy)
    (copy / "face-16-64-yoda" / "ema.safetensors").write_bytes(b"\0" * 100)
    with pytest.raises(ValueError, match="Cannot read the weights file"): load_checkpoint("face-16-64")
    shutil.rmtree(copy / "face-16-64-sr3")
    with pytest.raises(FileNotFoundError, match="reinstall yoda_nb"): load_checkpoint("face-16-64-sr3")


def test_yoda_sr_uses_the_shipped_model_and_lists_other_sizes(tmp_path):
    lr = tmp_path / "lr"
    save_image(resize_image(synthetic_image(64, seed=1), scale=1 / 4), lr / "face16.png")
    save_image(resize_image(synthetic_image(80, seed=2), scale=1 / 4), lr / "other20.png")
    r = subprocess.run([sys.executable, "-m", "yoda_nb.cli", "sr", "--input", str(lr), "--out", str(tmp_path / "sr"),
                        "--steps", "2", "--json"], capture_output=True, text=True, timeout=600, env=os.environ)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "no --checkpoint, so the shipped face model face-16-64" in r.stderr and "16x16 face crops" in r.stderr
    assert "1 input(s) of other sizes" in r.stderr and "other20" in r.stderr
    summary = json.loads(r.stdout)
    assert summary["written"] == 2 and summary["off_size"] == ["other20"] and summary["settings"]["yoda"] is True
