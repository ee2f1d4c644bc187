"""Every bad input a user can hand the `yoda` command, driven as a subprocess: the exit code, a message that names the
culprit, and nothing finished lost. Bad files are made here (never taken from the data folder)."""
import json
import os
import signal
import subprocess
import sys

import cv2
import numpy as np
import pytest
import torch
from PIL import Image

from yoda_nb.core import load_image, save_image, synthetic_image


def yoda(*args, env=None):
    "`yoda ARGS --json`: the report on stdout."
    return subprocess.run([sys.executable, "-m", "yoda_nb.cli", *map(str, args), "--json"], capture_output=True,
                          text=True, timeout=600, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    "A tiny SR3 and a tiny SR3+YODA run, trained once for the module."
    d = tmp_path_factory.mktemp("runs")
    for i in range(4): save_image(synthetic_image(32, seed=i), d / "img" / f"{i}.png")
    for name, flag in (("sr3", "--no-yoda"), ("yoda", "--yoda")):
        r = yoda("train", "--config", "tiny", "--data", d / "img", "--steps", 2, flag, "--out", d / name)
        assert r.returncode == 0, r.stderr[-2000:]
    return d


def bad_files(folder):
    "One file of every awkward kind; returns (readable names, unreadable names)."
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("CMYK", (8, 8), (0, 255, 255, 0)).save(folder / "cmyk.jpg")
    pal = Image.new("P", (8, 8), 0); pal.putpalette([255, 0, 0, 0, 0, 255]); pal.save(folder / "palette.png", transparency=0)
    rot = Image.new("RGB", (8, 4), (0, 128, 0)); ex = rot.getexif(); ex[0x0112] = 6; rot.save(folder / "exif.jpg", exif=ex)
    cv2.imwrite(str(folder / "gray16.png"), (np.arange(64, dtype=np.uint16).reshape(8, 8) * 1000))
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(folder / "whole.jpg")
    (folder / "truncated.jpg").write_bytes((folder / "whole.jpg").read_bytes()[:300]); (folder / "whole.jpg").unlink()
    (folder / "empty.png").write_bytes(b"")
    (folder / "dangling.png").symlink_to(folder / "gone.png")
    (folder / "folder.png").mkdir()
    return ["cmyk", "exif", "gray16", "palette"], ["dangling.png", "empty.png", "folder.png", "truncated.jpg"]


def test_awkward_files_are_read_or_skipped_by_name(tmp_path):
    good, bad = bad_files(tmp_path / "in")
    r = yoda("attention", "--input", tmp_path / "in", "--out", tmp_path / "maps", "--method", "edge")
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert (s["written"], s["skipped"]) == (len(good), len(bad))
    assert all(name in r.stderr for name in bad)
    assert sorted(p.stem for p in (tmp_path / "maps").glob("*.npy")) == good
    assert np.load(tmp_path / "maps" / "exif.npy").shape == (8, 4)                      # EXIF-rotated: upright
    strict = yoda("attention", "--input", tmp_path / "in", "--out", tmp_path / "m2", "--method", "edge", "--strict")
    assert strict.returncode == 2 and "dangling.png" in strict.stderr and "Traceback" not in strict.stderr


def test_unreadable_permissions_are_reported(tmp_path):
    save_image(synthetic_image(8), tmp_path / "in" / "locked.png"); save_image(synthetic_image(8), tmp_path / "in" / "ok.png")
    os.chmod(tmp_path / "in" / "locked.png", 0)
    if os.access(tmp_path / "in" / "locked.png", os.R_OK): pytest.skip("running as root: a file without read permission is still readable")
    r = yoda("attention", "--input", tmp_path / "in", "--out", tmp_path / "maps")
    assert r.returncode == 0 and "locked.png" in r.stderr and "permissions" in r.stderr


def test_eval_reads_16_bit_like_8_bit_and_skips_empty_files(tmp_path):
    hr16 = (np.random.default_rng(1).integers(0, 65536, (32, 32, 3))).astype(np.uint16)
    (tmp_path / "hr").mkdir(); (tmp_path / "sr").mkdir()
    cv2.imwrite(str(tmp_path / "hr" / "a.png"), hr16)
    cv2.imwrite(str(tmp_path / "sr" / "a.png"), np.round(hr16 / 257).astype(np.uint8))    # its exact 8-bit copy
    r = yoda("eval", "--hr", tmp_path / "hr", "--sr", tmp_path / "sr", "--protocol", "rgb", "--out", tmp_path / "e")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["mean"]["psnr"] > 50                                      # was 4.79 dB when clipped
    (tmp_path / "hr" / "b.png").write_bytes(b""); save_image(synthetic_image(32), tmp_path / "sr" / "b.png")
    r = yoda("eval", "--hr", tmp_path / "hr", "--sr", tmp_path / "sr", "--out", tmp_path / "e2")
    s = json.loads(r.stdout)
    assert r.returncode == 0 and s["n"] == 1 and "b.png" in s["skipped"][0] and "b.png" in r.stderr
    strict = yoda("eval", "--hr", tmp_path / "hr", "--sr", tmp_path / "sr", "--out", tmp_path / "e3", "--strict")
    assert strict.returncode == 2 and "b.png" in strict.stderr and "empty" in strict.stderr


@pytest.mark.parametrize("flags, culprit", [(["--batch-size", "0"], "--batch-size"), ([], "--data"),
                                            (["--steps", "0"], "--steps"), (["--l", "1.5"], "--l must be"),
                                            (["--num-workers", "-1"], "--num-workers"), (["--model", "huge"], "--model")])
def test_bad_training_settings_are_refused_by_flag(tmp_path, flags, culprit):
    data = [] if culprit == "--data" else ["--data", tmp_path]
    r = yoda("train", "--config", "tiny", *data, *flags, "--out", tmp_path / "run")
    assert r.returncode == 2 and culprit in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (tmp_path / "run").exists()                                                  # refused before anything ran


def test_fp16_on_the_cpu_falls_back_and_records_it(runs, tmp_path):
    r = yoda("train", "--config", "tiny", "--data", runs / "img", "--steps", 1, "--mixed-precision", "fp16", "--out", tmp_path / "r")
    assert r.returncode == 0 and "needs a CUDA GPU" in r.stderr
    assert json.loads((tmp_path / "r" / "config.json").read_text())["mixed_precision"] == "no"


def test_sr_samples_a_yoda_checkpoint_with_yoda_and_says_so(runs, tmp_path):
    for i in range(2): save_image(synthetic_image(8, seed=i), tmp_path / "lr" / f"{i}.png")
    r = yoda("sr", "--checkpoint", runs / "yoda", "--input", tmp_path / "lr", "--out", tmp_path / "sr", "--steps", 3)
    assert r.returncode == 0 and json.loads(r.stdout)["settings"]["yoda"] is True
    assert "YODA sampling with edge maps" in r.stderr
    r = yoda("sr", "--checkpoint", runs / "sr3", "--input", tmp_path / "lr", "--out", tmp_path / "sr_plain", "--steps", 3)
    assert json.loads(r.stdout)["settings"]["yoda"] is False and "plain sampling" in r.stderr


def test_sr_keeps_going_past_a_too_large_image_and_tiles_large_ones(runs, tmp_path):
    for i in range(3): save_image(synthetic_image(8, seed=i), tmp_path / "lr" / f"small{i}.png")
    save_image(synthetic_image(100), tmp_path / "lr" / "huge.png")                           # 400x400 output
    save_image(synthetic_image(24), tmp_path / "lr" / "large.png")                           # 96x96 output: tiled at 32
    r = yoda("sr", "--checkpoint", runs / "yoda", "--input", tmp_path / "lr", "--out", tmp_path / "sr", "--steps", 2,
             "--max-output-mpx", "0.1", "--tile", "32")
    s = json.loads(r.stdout)
    assert r.returncode == 0 and s["written"] == 4 and "huge" in s["refused"][0] and "huge" in r.stderr
    assert load_image(tmp_path / "sr" / "large.png").shape == (3, 96, 96)
    assert sorted(p.name for p in (tmp_path / "sr").glob("*.png")) == ["large.png", "small0.png", "small1.png", "small2.png"]


@pytest.mark.parametrize("ema, damaged", [([], "ema.safetensors"), (["--no-ema"], "model.safetensors")])
def test_damaged_weights_are_named(runs, tmp_path, ema, damaged):
    import shutil
    shutil.copytree(runs / "sr3", tmp_path / "run")
    ck = next((tmp_path / "run" / "checkpoints").iterdir())
    (ck / damaged).write_bytes(b"\xff" * 64)
    save_image(synthetic_image(8), tmp_path / "lr" / "a.png")
    r = yoda("sr", "--checkpoint", tmp_path / "run", "--input", tmp_path / "lr", "--out", tmp_path / "sr", *ema)
    assert r.returncode == 2 and damaged in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_dino_without_weights_leaves_nothing_behind(tmp_path):
    save_image(synthetic_image(24), tmp_path / "in" / "a.png")
    r = yoda("attention", "--input", tmp_path / "in", "--out", tmp_path / "maps", "--method", "dino_vits8",
             env={"HF_HUB_OFFLINE": "1"})
    assert r.returncode == 2 and "--weights" in r.stderr and not (tmp_path / "maps").exists()


KILLED_AT_8 = """import os, signal, sys
from yoda_nb.train import load_config, train
cfg = load_config("tiny", data=sys.argv[1], steps=40, ckpt_every=4, log_every=1, out=sys.argv[2])
train(cfg, progress=False, on_checkpoint=lambda step: step == 8 and os.kill(os.getpid(), signal.SIGKILL))"""


def test_killed_training_resumes_cleanly(runs, tmp_path):
    "A run killed right after writing its step-8 checkpoint (a hook, not a timer) resumes from step 8 and logs every step once."
    run = tmp_path / "run"
    p = subprocess.run([sys.executable, "-c", KILLED_AT_8, str(runs / "img"), str(run)], capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == -signal.SIGKILL, p.stderr[-2000:]
    assert (run / "latest").read_text().strip() == "step_0000008"
    (run / "checkpoints" / ".tmp_step_9999999").mkdir()                                      # as if killed mid-write
    args = ["train", "--config", "tiny", "--data", runs / "img", "--steps", 40, "--ckpt-every", 4, "--log-every", 1,
            "--out", run]
    r = yoda(*args, "--resume")
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout)["start"] == 8
    rows = [line.split(",") for line in (run / "log.csv").read_text().splitlines()[1:]]
    assert [int(x[0]) for x in rows] == list(range(1, 41))                                   # every step once
    seconds = [float(x[3]) for x in rows]
    assert seconds == sorted(seconds)                                                       # cumulative across segments
    assert not list((run / "checkpoints").glob(".tmp_*"))


def test_resume_with_nothing_to_resume_says_so(runs, tmp_path):
    r = yoda("train", "--config", "tiny", "--data", runs / "img", "--steps", 1, "--resume", "--out", tmp_path / "new")
    assert r.returncode == 0 and "Nothing to resume" in r.stdout + r.stderr


INTERRUPTED_AT_5 = """import os, signal, sys
import yoda_nb.train as tr
from yoda_nb.cli import main
ema_step, calls = tr.update_ema, []
def update_ema(*a):                                # a Ctrl-C arriving during step 5 (a hook, not a timer)
    calls.append(1)
    if len(calls) == 5: os.kill(os.getpid(), signal.SIGINT)
    return ema_step(*a)
tr.update_ema = update_ema
sys.exit(main(sys.argv[1:]))"""


def test_interrupted_training_saves_its_step_and_resumes_to_the_same_weights(runs, tmp_path):
    "SIGINT during step 5: the step finishes, its checkpoint is written, exit 130; a bare --resume ends as a whole run."
    from yoda_nb.checkpoint import load_checkpoint
    args = ["train", "--config", "tiny", "--data", runs / "img", "--steps", 12, "--ckpt-every", 100, "--yoda"]
    p = subprocess.run([sys.executable, "-c", INTERRUPTED_AT_5, *map(str, args), "--out", str(tmp_path / "run")],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 130, p.stderr[-2000:]
    assert "SIGINT" in p.stderr and "yoda train --resume --out" in p.stderr
    assert (tmp_path / "run" / "latest").read_text().strip() == "step_0000005"
    r = yoda("train", "--resume", "--out", tmp_path / "run")                   # every setting from the run itself
    assert r.returncode == 0 and json.loads(r.stdout)["start"] == 5, r.stderr[-2000:]
    assert yoda(*args, "--out", tmp_path / "whole").returncode == 0
    a, b = (load_checkpoint(tmp_path / n, ema=False).model.state_dict() for n in ("run", "whole"))
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_a_run_folder_cannot_be_changed_or_restarted_silently(runs, tmp_path):
    import shutil
    shutil.copytree(runs / "yoda", tmp_path / "run")
    r = yoda("train", "--resume", "--no-yoda", "--steps", 3, "--out", tmp_path / "run")
    assert r.returncode == 2 and "--yoda: the run has True, this command False" in r.stderr, r.stderr[-2000:]
    again = ["train", "--config", "tiny", "--data", runs / "img", "--steps", 2, "--out", tmp_path / "run"]
    r = yoda(*again)
    assert r.returncode == 2 and "holds a run already" in r.stderr and (tmp_path / "run" / "latest").is_file()
    assert yoda(*again, "--overwrite").returncode == 0
    assert json.loads((tmp_path / "run" / "config.json").read_text())["yoda"] is False
