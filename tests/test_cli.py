"The `yoda` console script, driven as a user would."
import json
import subprocess
import sys

import numpy as np
import pytest

from yoda_nb.core import save_image, synthetic_image


def run(*args, check=True):
    r = subprocess.run(["yoda", *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"yoda {' '.join(args)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r


def test_help_lists_subcommands():
    out = run("--help").stdout
    assert "demo" in out and "attention" in out


def test_module_entry_point():
    r = subprocess.run([sys.executable, "-m", "yoda_nb.cli", "attention", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--method" in r.stdout


def test_demo_writes_figures_and_summary(tmp_path):
    r = run("demo", "--out", str(tmp_path), "--steps", "12", "--size", "32")
    summary = json.loads(r.stdout)
    assert json.loads((tmp_path / "summary.json").read_text()) == summary
    for f in ("masks.png", "area.png", "sampling.png", "SR3.png", "SR3_YODA.png"):
        assert (tmp_path / f).stat().st_size > 200, f
    assert 0 < summary["update_ratio"] < 1


def test_demo_on_user_image(tmp_path):
    img = tmp_path / "mine.png"
    save_image(synthetic_image(80, seed=3), img)
    summary = json.loads(run("demo", "--out", str(tmp_path / "o"), "--image", str(img), "--steps", "8", "--size", "32").stdout)
    assert summary["image"] == str(img)


def test_attention_counts_unreadable_files(tmp_path):
    src = tmp_path / "in"; src.mkdir()
    for i in range(2):
        save_image(synthetic_image(24, seed=i), src / f"a{i}.png")
    (src / "corrupt.png").write_bytes(b"\x89PNG broken")
    r = run("attention", "--input", str(src), "--out", str(tmp_path / "maps"), "--method", "edge", "--format", "png")
    s = json.loads(r.stdout)
    assert (s["written"], s["skipped"]) == (2, 1)
    assert "corrupt.png" in r.stderr
    assert (tmp_path / "maps" / "a0.png").is_file() and (tmp_path / "maps" / "preview.png").is_file()


def test_attention_without_weights_fails_fast_and_clearly(tmp_path):
    src = tmp_path / "in"; src.mkdir()
    save_image(synthetic_image(24), src / "a.png")
    r = run("attention", "--input", str(src), "--out", str(tmp_path / "m"), "--method", "dino_vits8", check=False)
    assert r.returncode == 2
    assert "--weights" in r.stderr


def test_missing_input_folder_is_an_error(tmp_path):
    r = run("attention", "--input", str(tmp_path / "nope"), "--out", str(tmp_path / "m"), check=False)
    assert r.returncode == 2 and "not found" in r.stderr
