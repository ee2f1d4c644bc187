"""The package as users get it: the sdist and wheel carry every shipped file, and the wheel installed into a fresh
environment outside the checkout runs `yoda demo` and `yoda sr` with the shipped model."""
import json
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from conftest import ROOT


def shipped_files() -> set[str]:
    "Every file the package ships besides its code, as tracked in the checkout (the weights, model card, config)."
    out = subprocess.run(["git", "ls-files", "yoda_nb/weights"], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    d = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(d), str(ROOT)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return d


def test_wheel_and_sdist_carry_every_shipped_file(dist):
    wheel, = dist.glob("yoda_nb-*.whl"); sdist, = dist.glob("yoda_nb-*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(f for f in shipped_files() if f not in names)
    assert not missing, f"shipped files missing from {wheel.name}: {missing}"
    assert any(n.endswith("licenses/LICENSE") or n.endswith("/LICENSE") for n in names), "no LICENSE in the wheel"
    prefix = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as t: in_sdist = {n.removeprefix(prefix + "/") for n in t.getnames()}
    missing = sorted(f for f in shipped_files() | {"settings.ini", "LICENSE", "CITATION.cff", "CHANGELOG.md"} if f not in in_sdist)
    assert not missing, f"missing from {sdist.name}: {missing}"


def test_the_installed_wheel_runs_demo_and_sr_outside_the_checkout(dist, tmp_path):
    wheel, = dist.glob("yoda_nb-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    import torch, torchvision
    r = subprocess.run(pip + [f"torch=={torch.__version__.split('+')[0]}", f"torchvision=={torchvision.__version__.split('+')[0]}",
                              str(wheel)], capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}:{env['PATH']}"
    run = lambda *a: subprocess.run([str(venv / "bin" / "yoda"), *a], capture_output=True, text=True, cwd=tmp_path,
                                    timeout=900, env=env)
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import yoda_nb; print(yoda_nb.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env=env).stdout
    assert str(venv) in where and str(ROOT) not in where, where                     # the wheel, not the checkout
    r = run("demo", "--out", "demo", "--steps", "5", "--json")
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "demo" / "comparison.png").is_file() and json.loads(r.stdout)["models"]
    from yoda_nb.core import resize_image, save_image, synthetic_image
    save_image(resize_image(synthetic_image(64), scale=1 / 4), tmp_path / "lr" / "face.png")
    r = run("sr", "--input", "lr", "--out", "sr", "--steps", "5")
    assert r.returncode == 0 and (tmp_path / "sr" / "face.png").is_file(), r.stderr[-3000:]
