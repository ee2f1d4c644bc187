"The benchmark scripts run and print their tables (speed is read by people from their output, never asserted here)."
import subprocess
import sys

from conftest import ROOT


def test_sr3_speed_prints_a_row():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "sr3_speed.py"), "--presets", "tiny", "--repeats", "1"],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert any(line.startswith("tiny") for line in r.stdout.splitlines())


def test_sparse_speed_prints_the_comparison(data):
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "sparse_speed.py"), "--presets", "tiny", "--images", "1",
                        "--methods", "edge"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    for name in ("plain", "dense YODA", "sparse t8 m4", "best sparse"):
        assert name in r.stdout, name


def test_train_speed_prints_data_and_training_rows(tmp_path):
    from yoda_nb.core import save_image, synthetic_image
    for i in range(6): save_image(synthetic_image(32, seed=i), tmp_path / "img" / f"{i}.png")
    common = [sys.executable, str(ROOT / "bench" / "train_speed.py"), "--config", "tiny", "--data", str(tmp_path / "img"),
              "--steps", "3", "--workers", "0", "1"]
    r = subprocess.run(common + ["--data-only"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "items/s" in r.stdout and len([l for l in r.stdout.splitlines() if l.strip().startswith(("0 ", "1 "))]) == 2
    r = subprocess.run(common + ["--models", "tiny", "--yoda"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "data wait" in r.stdout and sum(l.startswith("tiny") for l in r.stdout.splitlines()) == 2


def test_gpu_check_prints_its_three_tables():
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py"), "--presets", "tiny", "--batches", "1", "2",
                        "--steps", "3", "--repeats", "1"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    for title in ("UNet forward and training step", "Sampler overhead", "Per-image wall time"):
        assert title in r.stdout, title
    rows = [line.split() for line in r.stdout.splitlines() if line.startswith("tiny")]
    assert len(rows) == 4 + 1 + 2 * 3, r.stdout          # forward rows, overhead, 2 batches x 3 sparse settings
    assert all(0 < float(row[7]) <= 1 for row in rows[-6:]), rows   # the share of denoiser pixels sparse YODA ran
