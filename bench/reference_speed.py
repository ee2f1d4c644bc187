"""CPU (or GPU) seconds per image of the full-size public SR3 and SRDiff configs, with random weights (the speed does
not depend on them): plain, dense YODA and sparse YODA, for 50 and 200 steps.

A full 64->512 run takes hours on a CPU, so each setting times the denoiser call (what a step costs; the rest of a
step is below 1% of it, `12_performance`) at `--probe` steps spread evenly over the grid, where YODA's mask has its
size at that point of the process, and multiplies the mean by the step count. The mask is Eq. 8 for an edge map of the
project's synthetic image at l = 0.2. Run: python bench/reference_speed.py [--configs ...] [--probe 5]
"""
import argparse
import time

import torch

from yoda_nb.checkpoint import reference_spec
from yoda_nb.core import resize_image, synthetic_image, upsample
from yoda_nb.diffusion import SparseOptions, _as_mask_batch, as_denoiser, denoise, start_times, step_scalars
from yoda_nb.models import build
from yoda_nb.saliency import attention_map

SIZES = {"sr_sr3_16_128": 128, "sr_sr3_64_512": 512, "diffsr_df2k4x": 256, "sr_ddpm_16_128": 128}


def probe(model, x, lr, A, steps: int, sparse, n: int, l: float = 0.2) -> float:
    "Mean seconds of one denoiser call at `n` steps spread over a `steps`-step grid (YODA with A, else plain)."
    d = as_denoiser(model)
    grid, cond, z = d.schedule.respace(steps), d.condition(lr), torch.randn_like(x)
    start = None if A is None else start_times(_as_mask_batch(A, x), grid, l)
    mask = lambda s: None if start is None else start >= s.t                       # Eq. 8 as the sampler loop has it
    table = step_scalars(grid, "posterior")
    picks = [table[round(t) - 1] for t in torch.linspace(grid.T, 1, n).tolist()]
    times = []
    with torch.inference_mode():
        denoise(d, z, x, picks[0], mask(picks[0]), sparse, cond)                           # warm-up
        for s in picks:
            t0 = time.perf_counter(); denoise(d, z, x, s, mask(s), sparse, cond); times.append(time.perf_counter() - t0)
    return sum(times) / len(times)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--configs", nargs="+", default=["sr_sr3_16_128", "sr_sr3_64_512", "diffsr_df2k4x"])
    p.add_argument("--probe", type=int, default=5, help="denoiser calls timed per setting")
    p.add_argument("--tile", type=int, default=64)
    p.add_argument("--margin", type=int, default=16)
    a = p.parse_args(argv)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; seconds per image = steps x mean denoiser "
          f"call at {a.probe} steps spread over the grid; sparse: tile {a.tile}, margin {a.margin}")
    print(f"{'config':16s} {'HR':>9s} {'params':>8s} {'T':>5s} {'setting':14s} {'s/call':>7s} {'50 steps':>9s} {'200 steps':>10s}")
    for name in a.configs:
        spec = reference_spec(name)
        model = build(spec).eval()
        H = SIZES[name]
        hr = resize_image(synthetic_image(H), size=(H, H))[None]
        lr = resize_image(hr, scale=1 / spec.scale)
        x = upsample(lr, spec.scale, spec.upsample)
        A = attention_map(lr[0], "edge", size=H)
        params = sum(q.numel() for q in model.parameters()) / 1e6
        for label, A_, sp in (("plain", None, None), ("YODA", A, None),
                              ("sparse YODA", A, SparseOptions(a.tile, a.margin, dense_below=0))):
            T = spec.schedule["T"]                                     # SRDiff has T = 100: no 200-step grid
            per = {steps: probe(model, x, lr, A_, steps, sp, a.probe) for steps in (50, 200) if steps <= T}
            long = f"{200 * per[200]:10.0f}" if 200 in per else f"{'(T=' + str(T) + ')':>10s}"
            print(f"{name:16s} {H:4d}x{H:<4d} {params:7.1f}M {T:5d} {label:14s} {per[50]:7.2f} "
                  f"{50 * per[50]:9.0f} {long}", flush=True)


if __name__ == "__main__": main()
