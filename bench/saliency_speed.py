"""Attention maps per second on this machine for every saliency method at 16x16, 64x64 and 256x256 LR.

Maps are produced at 4x the LR size (the HR grid), as in training. DINO backbones use random weights
(speed does not depend on the weights). Run: python bench/saliency_speed.py [--repeats N]
"""
import argparse
import platform
import time
import warnings

import torch

from yoda_nb.core import resize_image, synthetic_image
from yoda_nb.saliency import BACKBONES, METHODS, attention_map, load_backbone


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 64, 256])
    args = ap.parse_args()
    print(f"# {platform.processor() or platform.machine()}, torch {torch.__version__}, {torch.get_num_threads()} threads")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = {m: load_backbone(m, random_init=True) for m in BACKBONES}
    print(f"{'method':20s}" + "".join(f"{f'LR {s}px':>14s}" for s in args.sizes) + "   (maps/s, map at 4x LR)")
    for m in METHODS:
        row = []
        for s in args.sizes:
            lr = resize_image(synthetic_image(4 * s), size=(s, s))
            attention_map(lr, m, size=4 * s, model=models.get(m))          # warm-up
            t0 = time.perf_counter()
            for _ in range(args.repeats):
                attention_map(lr, m, size=4 * s, model=models.get(m))
            row.append(args.repeats / (time.perf_counter() - t0))
        print(f"{m:20s}" + "".join(f"{r:14.2f}" for r in row))


if __name__ == "__main__":
    main()
