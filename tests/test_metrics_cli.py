"`yoda eval` against the published bicubic numbers, and LPIPS through the CLI."
import json
import subprocess

import pytest

from yoda_nb.metrics import LPIPS_CACHE


def yoda(*args):
    r = subprocess.run(["yoda", *args, "--json"], capture_output=True, text=True, timeout=900)
    return r


def test_yoda_eval_bicubic_set5_matches_published(data, tmp_path):
    lr = tmp_path / "lr"; lr.mkdir()
    for f in (data / "set5" / "LR_bicubic" / "X4").glob("*.png"):      # pair by name: babyx4.png -> baby.png
        (lr / f.name.replace("x4.png", ".png")).symlink_to(f.resolve())
    r = yoda("eval", "--hr", str(data / "set5" / "HR"), "--lr", str(lr), "--bicubic", "--scale", "4", "--out", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    mean = json.loads(r.stdout)["mean"]
    assert abs(mean["psnr"] - 28.42) < 0.05 and abs(mean["ssim"] - 0.8104) < 0.002
    assert (tmp_path / "o" / "metrics.csv").read_text().count("\n") == 7    # header, 5 images, mean


def test_yoda_eval_refuses_unpaired_folders(data, tmp_path):
    r = yoda("eval", "--hr", str(data / "set5" / "HR"), "--sr", str(data / "set5" / "LR_bicubic" / "X4"), "--out", str(tmp_path))
    assert r.returncode == 2 and "do not pair" in r.stderr


@pytest.mark.skipif(not LPIPS_CACHE.is_file(), reason=f"LPIPS backbone {LPIPS_CACHE} absent: run `yoda lpips-weights`")
def test_yoda_eval_lpips(data, tmp_path):
    hr = tmp_path / "hr"; hr.mkdir()
    lr = tmp_path / "lr"; lr.mkdir()
    for f in sorted((data / "bsd100_x4").glob("*_HR.png"))[:4]:
        (hr / f.name.replace("_HR", "")).symlink_to(f)
        (lr / f.name.replace("_HR", "")).symlink_to(f.with_name(f.name.replace("_HR", "_LR")))
    r = yoda("eval", "--hr", str(hr), "--lr", str(lr), "--bicubic", "--lpips", "--protocol", "rgb", "--out", str(tmp_path / "o"))
    assert r.returncode == 0, r.stderr
    mean = json.loads(r.stdout)["mean"]
    assert 0.2 < mean["lpips"] < 0.8                      # bicubic x4 is perceptually poor, but not unrelated
    assert abs(mean["delta_e"]) < 3                       # bicubic preserves the mean colour
