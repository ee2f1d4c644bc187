"""`yoda sr` under `accelerate launch` on the CPU: two processes write the files one process writes and one report that
says so; a run finishes what another left; a refusal reaches every process; processes beyond the jobs idle."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from yoda_nb.core import save_image, synthetic_image
from yoda_nb.train import load_config, train

LAUNCH = ["accelerate", "launch", "--multi_gpu", "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no"]


def sr(run, inputs, out, processes=1, *extra, check=True):
    "`yoda sr --json` in one plain process, or in `processes` CPU processes started by `accelerate launch`."
    pre = [sys.executable] if processes == 1 else LAUNCH + ["--num_processes", str(processes)]
    cmd = pre + ["-m", "yoda_nb.cli", "sr", "--checkpoint", str(run), "--input", str(inputs), "--out", str(out),
                 "--steps", "3", "--batch-size", "2", "--json", *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env={**os.environ, "OMP_NUM_THREADS": "1"})
    if check: assert r.returncode == 0, r.stderr[-3000:]
    return r


def pixels(folder):
    return {p.name: np.asarray(Image.open(p)) for p in sorted(folder.glob("*.png"))}


@pytest.fixture(scope="module")
def job(tmp_path_factory):
    d = tmp_path_factory.mktemp("sr_processes")
    for i in range(4): save_image(synthetic_image(32, seed=i), d / "img" / f"{i}.png")
    run = train(load_config("tiny", data=str(d / "img"), steps=2, yoda=True, out=str(d / "run")), progress=False)["run"]
    for i in range(7): save_image(synthetic_image(32, seed=40 + i)[:, ::4, ::4], d / "lr" / f"s{i}.png")
    return d, run


def test_two_processes_write_the_files_of_one(job):
    d, run = job
    one = json.loads(sr(run, d / "lr", d / "one").stdout)
    r = sr(run, d / "lr", d / "two", 2)
    two = json.loads(r.stdout[r.stdout.index("{"):])                  # printed once, by the main process
    assert r.stdout.count('"processes"') == 1
    assert (one["processes"], two["processes"], two["written"]) == (1, 2, 7)
    assert [s["written"] for s in two["shares"]] == [4, 3]             # jobs 0, 2 and 1, 3 of [2, 2, 2, 1] images
    a, b = pixels(d / "one"), pixels(d / "two")
    assert len(a) == 7 and a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)   # bit for bit
    assert two["images"].keys() == one["images"].keys()
    assert all(two["images"][k]["update_ratio"] == one["images"][k]["update_ratio"] for k in one["images"])
    assert json.loads((d / "two" / "yoda_sr.json").read_text())["processes"] == 2


def test_two_processes_finish_what_one_left(job):
    d, run = job
    sr(run, f"{d}/lr/s[0-2].png", d / "part")                           # a run that wrote 3 of the 7
    r = sr(run, d / "lr", d / "part", 2)
    rest = json.loads(r.stdout[r.stdout.index("{"):])
    assert (rest["written"], rest["done_before"]) == (4, ["s0", "s1", "s2"])
    assert len(rest["images"]) == 7 and all(v["seconds"] > 0 for v in rest["images"].values())
    sr(run, d / "lr", d / "whole")                                     # one process, all 7 at once
    whole = pixels(d / "whole")
    assert len(whole) == 7 and all(np.array_equal(whole[k], v) for k, v in pixels(d / "part").items())


def test_a_refusal_reaches_every_process(job):
    d, run = job
    sr(run, f"{d}/lr/s0.png", d / "other")
    r = sr(run, d / "lr", d / "other", 2, "--steps", "4", check=False)
    assert r.returncode != 0 and r.stderr.count("other settings (settings.steps: 3 there, 4 now)") == 2   # no hang


def test_processes_beyond_the_jobs_idle(job):
    d, run = job
    r = sr(run, f"{d}/lr/s[0-1].png", d / "idle", 3)
    assert "3 processes for 1 job(s): 2 of them idle" in r.stderr
    res = json.loads(r.stdout[r.stdout.index("{"):])
    assert (res["written"], [s["written"] for s in res["shares"]]) == (2, [2, 0, 0])
