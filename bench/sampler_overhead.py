"""How much a diffusers scheduler's step() adds over the package's own sampler loop, at batch 1 (issue 25: at most 5%).

Each pair (ours, the diffusers scheduler that computes the same update) samples the same model on the same grid,
alternating, `--repeats` times; the figures are medians. The models are CPU-sized presets with random weights (the
speed does not depend on them). Run: python bench/sampler_overhead.py [--presets tiny small] [--steps 20]
"""
import argparse
import statistics
import time

import torch

from yoda_nb.diffusion import NoiseSchedule, SamplerOptions, sample
from yoda_nb.models import build_model

PAIRS = [("ddpm", "diffusers:DDPMScheduler"), ("ddim", "diffusers:DDIMScheduler"),
         ("dpmpp", "diffusers:DPMSolverMultistepScheduler")]


def timed(model, x, grid, A, sampler) -> float:
    t0 = time.perf_counter()
    sample(model, x, grid, A, 0.2, torch.Generator().manual_seed(0), SamplerOptions(variance="posterior", clip_x0=True),
           sampler=sampler)
    return time.perf_counter() - t0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--presets", nargs="+", default=["tiny", "small"])
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args(argv)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; batch 1, {a.steps} steps, YODA with a "
          f"random map, medians of {a.repeats} alternating runs")
    print(f"{'preset':7s} {'ours':7s} {'diffusers':40s} {'ours s':>8s} {'diffusers s':>12s} {'overhead':>9s}")
    for preset in a.presets:
        torch.manual_seed(0)
        m = build_model(preset).eval()
        size = m.config["image_size"]
        x, A = torch.rand(1, 3, size, size) * 2 - 1, torch.rand(size, size)
        grid = NoiseSchedule.linear(500).respace(a.steps)
        for ours, theirs in PAIRS:
            timed(m, x, grid, A, ours); timed(m, x, grid, A, theirs)                           # warm-up
            t_o, t_d = [], []
            for _ in range(a.repeats):
                t_o.append(timed(m, x, grid, A, ours)); t_d.append(timed(m, x, grid, A, theirs))
            mo, md = statistics.median(t_o), statistics.median(t_d)
            print(f"{preset:7s} {ours:7s} {theirs:40s} {mo:8.3f} {md:12.3f} {100 * (md / mo - 1):+8.1f}%", flush=True)


if __name__ == "__main__": main()
