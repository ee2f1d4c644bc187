"The `yoda` console script, driven as a user would."
import json
import subprocess
import sys

import numpy as np
import pytest

from yoda_nb.core import save_image, synthetic_image


def run(*args, check=True):
    "`yoda ARGS --json` (the report on stdout) for a subcommand; `yoda ARGS` as given otherwise."
    args = (*args, "--json") if args and not args[0].startswith("-") and "--help" not in args else args
    r = subprocess.run(["yoda", *args], capture_output=True, text=True, timeout=600)
    if check and r.returncode != 0:
        raise AssertionError(f"yoda {' '.join(args)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return r


def test_help_lists_subcommands():
    out = run("--help").stdout
    for cmd in ("demo", "train", "sr", "attention", "eval", "lpips-weights"):
        assert cmd in out


def test_version_and_one_summary_line(tmp_path):
    from yoda_nb import __version__
    r = subprocess.run(["yoda", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f"yoda_nb {__version__}"
    for i in range(2):
        save_image(synthetic_image(16, seed=i), tmp_path / "img" / f"{i}.png")
    r = subprocess.run(["yoda", "attention", "--input", str(tmp_path / "img" / "*.png"), "--out", str(tmp_path / "m")],
                       capture_output=True, text=True)                    # a glob, as the shell passes it when quoted
    assert r.returncode == 0 and r.stdout == f"yoda attention: wrote 2 edge map(s) to {tmp_path / 'm'}\n", r.stdout


def test_module_entry_point():
    r = subprocess.run([sys.executable, "-m", "yoda_nb.cli", "attention", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--method" in r.stdout


def test_demo_writes_report(tmp_path):
    r = run("demo", "--out", str(tmp_path), "--steps", "4", "--quick-steps", "3")
    summary = json.loads(r.stdout)
    assert json.loads((tmp_path / "summary.json").read_text()) == summary
    for f in ("comparison.png", "masks.png"):
        assert (tmp_path / f).stat().st_size > 1000, f
    rows = ["bicubic", "SR3", "SR3+YODA", "quick SR3", "quick SR3+YODA"]
    assert len((tmp_path / "metrics.csv").read_text().splitlines()) == 1 + len(rows)
    assert json.loads((tmp_path / "metrics.json").read_text())["mean"] == summary["metrics"]
    assert list(summary["metrics"]) == rows and len(summary["faces"]) == 6
    assert 0 < summary["update_ratio"] < 1 and summary["models"]["SR3+YODA"].endswith("YODA loss")


def test_demo_on_user_images(tmp_path):
    data = tmp_path / "mine"
    for i in range(3):
        save_image(synthetic_image(48, seed=100 + i), data / f"m{i}.png")
    (data / "broken.png").write_bytes(b"nope")
    summary = json.loads(run("demo", "--out", str(tmp_path / "o"), "--data", str(data), "--steps", "3").stdout)
    assert summary["data"] == str(data) and summary["faces"] == ["m0", "m1", "m2"]
    assert len(summary["skipped"]) == 1 and "broken.png" in summary["skipped"][0]


def test_train_resume_and_sr_through_cli(tmp_path):
    for i in range(6):
        save_image(synthetic_image(32, seed=i), tmp_path / "img" / f"{i}.png")
    common = ["--config", "tiny", "--data", str(tmp_path / "img"), "--ckpt-every", "2", "--out", str(tmp_path / "run")]
    run("train", *common, "--steps", "2")
    r = json.loads(run("train", *common, "--steps", "4", "--resume").stdout)
    assert r["start"] == 2 and r["checkpoint"].endswith("step_0000004")
    for i in range(2):
        save_image(synthetic_image(8, seed=50 + i), tmp_path / "lr" / f"{i}.png")
    s = json.loads(run("sr", "--checkpoint", str(tmp_path / "run"), "--input", str(tmp_path / "lr"), "--out", str(tmp_path / "sr"),
                       "--steps", "3", "--yoda", "--method", "sift").stdout)
    assert s["written"] == 2 and s["checkpoint_step"] == 4


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
    assert r.returncode == 2 and f"No such image file or folder: {tmp_path / 'nope'}" in r.stderr


def test_accelerate_launch_runs_training(tmp_path):
    for i in range(4):
        save_image(synthetic_image(32, seed=i), tmp_path / "img" / f"{i}.png")
    r = subprocess.run(["accelerate", "launch", "--cpu", "--num_processes", "1", "--num_machines", "1", "--mixed_precision", "no",
                        "--dynamo_backend", "no", "-m", "yoda_nb.cli", "train", "--config", "tiny", "--data", str(tmp_path / "img"),
                        "--steps", "2", "--yoda", "--out", str(tmp_path / "run")], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert (tmp_path / "run" / "checkpoints" / "step_0000002" / "model.safetensors").is_file()
