"""One large photo through the face model with the defaults: the plan printed up front, the peak memory, the time.

The 0.2.0 case: a 320x320 photo (a crop of the first BSD100 HR image) as the LR input of the shipped face model (x4
-> 1280x1280), `yoda sr` with its defaults, in this process; prints what `yoda sr` prints on stderr (the plan: tiles,
batch, measured memory and time per tile and step, the estimate), then the wall time and the peak resident memory
since the plan's probe reset it (Linux; `/usr/bin/time -v` gives the whole process's). 0.2.0 took 20.5 GB and 4 min 37 s for 2 steps. Needs YODA_DATA with bsd100_x4.
Run: python bench/large_image.py [--side 320] [--steps N]
"""
import argparse
import tempfile
import time
from pathlib import Path

from yoda_nb.core import data_root, load_image, peak_memory_mb, save_image
from yoda_nb.inference import SRSettings, sr_folder


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--side", type=int, default=320)
    ap.add_argument("--steps", type=int, default=None, help="default: the model's own (DEIS-10)")
    a = ap.parse_args()
    root = data_root("bsd100_x4")
    if root is None: raise SystemExit("YODA_DATA with bsd100_x4 is needed.")
    photo = load_image(sorted(root.glob("*_HR.png"))[0])[:, :a.side, :a.side]
    with tempfile.TemporaryDirectory() as d:
        save_image(photo, Path(d) / "lr" / "photo.png")
        t0 = time.time()
        r = sr_folder("face-16-64-yoda", Path(d) / "lr", Path(d) / "sr", SRSettings(steps=a.steps), progress=False)
        wall = time.time() - t0
    print(f"{a.side}x{a.side} photo -> {a.side * 4}x{a.side * 4}: written {r['written']}, {wall:.1f} s, "
          f"peak RSS since the plan's probe {peak_memory_mb('cpu') / 1024:.2f} GB; plan {r['plan']}")


if __name__ == "__main__": main()
