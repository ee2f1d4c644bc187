"""Seconds per attention map on this machine for every saliency method, at the LR sizes of the face setting (16x16)
and of DIV2K x4 (339x510), and 64x64 / 256x256 for scale.

Maps are produced at 4x the LR size (the HR grid), as in training. DINO backbones use random weights (speed does not
depend on the weights; DINO ResNet-50's AGF with a random linear head). The backbones see the LR image resized to a
longer side of 224 px, so their cost hardly depends on the LR size. Run: python bench/saliency_speed.py [--repeats N]
"""
import argparse
import platform
import time
import warnings

import torch

from yoda_nb.core import resize_image, synthetic_image
from yoda_nb.saliency import BACKBONES, CLASSICAL, attention_map, load_backbone

ROWS = [(m, m, "max", {}) for m in CLASSICAL] + [
    ("dino_vits8", "dino_vits8", "max", {}), ("dinov2_vits14_reg", "dinov2_vits14_reg", "max", {}),
    ("dino_resnet50 AGF top-1", "dino_resnet50", 0, {}), ("dino_resnet50 AGF max-6", "dino_resnet50", "max", {}),
    ("dino_resnet50 gap", "dino_resnet50", "max", {"resnet": "gap"})]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--sizes", nargs="+", default=["16x16", "64x64", "256x256", "339x510"])
    args = ap.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes]
    print(f"# {platform.processor() or platform.machine()}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = {m: load_backbone(m, random_init=True) for m in BACKBONES}
    print(f"{'method':26s}" + "".join(f"{f'LR {h}x{w}':>14s}" for h, w in sizes) + "   (seconds per map at 4x LR)")
    for label, m, agg, kw in ROWS:
        row = []
        for h, w in sizes:
            lr = resize_image(synthetic_image(4 * max(h, w)), size=(h, w))
            run = lambda: attention_map(lr, m, agg, size=(4 * h, 4 * w), model=models.get(m), **kw)
            run()                                                                  # warm-up
            t0 = time.perf_counter()
            for _ in range(args.repeats): run()
            row.append((time.perf_counter() - t0) / args.repeats)
        print(f"{label:26s}" + "".join(f"{r:14.3f}" for r in row), flush=True)


if __name__ == "__main__":
    main()
