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
