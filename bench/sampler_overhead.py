"""How much a diffusers scheduler's step() adds over the package's own sampler loop, at batch 1 (issue 25: at most 5%).

Each pair (ours, the diffusers scheduler that computes the same update) samples the same grid with YODA (a random
map). Two measures:
1. The loop's own cost: each sampler runs with a denoiser that returns zeros, so what is timed is the loop, the
   scheduler's step() and YODA's mask and blend, without the network; medians of `--loop-repeats` runs, ms per step.
   The adapter's cost is the difference of the two, whatever the model.
2. Each model at batch 1 (`--models`: presets with random weights, or a shipped model or checkpoint folder): our
   loop's seconds per step with the network, the adapter's cost from (1) as a share of it (the figure the target is
   about, steady from run to run), and the end-to-end ratio of the two samplers, medians of `--repeats` runs of each,
   which of the pair runs first alternating (on a 2-core CPU this ratio moves by several percent from run to run, so
   it checks (1) rather than replaces it).
Run: python bench/sampler_overhead.py [--models tiny small face-16-64] [--steps 20] [--repeats 10] [--loop-repeats 30]
"""
import argparse
import statistics
import time

import torch

from yoda_nb.checkpoint import load_checkpoint
from dataclasses import replace

from yoda_nb.diffusion import Maps, NoiseSchedule, SamplerOptions, sample
from yoda_nb.models import PRESETS, build_model

PAIRS = [("ddpm", "diffusers:DDPMScheduler"), ("ddim", "diffusers:DDIMScheduler"),
         ("dpmpp", "diffusers:DPMSolverMultistepScheduler")]
OPTS = SamplerOptions(variance="posterior", clip_x0=True)


def timed(model, x, grid, A, sampler) -> float:
    "Seconds of one YODA sampling run of `x` over `grid` with `sampler` (the same seed every time)."
    t0 = time.perf_counter()
    sample(model, x, grid, Maps(A, 0.2), replace(OPTS, solver=sampler), torch.Generator().manual_seed(0))
    return time.perf_counter() - t0


def median_time(model, x, grid, A, sampler, repeats: int) -> float:
    "Median seconds of `repeats` runs after one warm-up run."
    timed(model, x, grid, A, sampler)
    return statistics.median(timed(model, x, grid, A, sampler) for _ in range(repeats))


def no_network(z_in, x, noise_in, **cond):
    "A denoiser that costs nothing: it predicts zero noise."
    return torch.zeros_like(z_in)


def loop_costs(size: int, steps: int, repeats: int) -> dict:
    "Each sampler's loop cost without the network, seconds per step, on a [1, 3, size, size] state."
    x, A = torch.rand(1, 3, size, size) * 2 - 1, torch.rand(size, size)
    grid = NoiseSchedule.linear(500).respace(steps)
    return {s: median_time(no_network, x, grid, A, s, repeats) / steps for pair in PAIRS for s in pair}


def model_of(name: str):
    "An SR3 preset with random weights (seed 0), or a shipped SR3 model or checkpoint folder, in eval mode."
    if name in PRESETS: torch.manual_seed(0); m = build_model(name).eval()
    else: m = load_checkpoint(name).model
    if "image_size" not in m.config: raise SystemExit(f"{name}: not an SR3 model; this benchmark feeds SR3's input.")
    return m


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--models", nargs="+", default=["tiny", "small", "face-16-64"])
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--loop-repeats", type=int, default=30)
    a = p.parse_args(argv)
    models = {n: model_of(n) for n in a.models}
    sizes = sorted({m.config["image_size"] for m in models.values()})
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; batch 1, {a.steps} steps, YODA with a random "
          f"map\n1. loop cost without the network (ms per step, medians of {a.loop_repeats} runs)")
    print(f"{'size':>5s} {'ours':7s} {'diffusers':40s} {'ours':>7s} {'diffusers':>10s} {'adapter':>8s}")
    loops = {}
    for size in sizes:
        loops[size] = c = loop_costs(size, a.steps, a.loop_repeats)
        for ours, theirs in PAIRS:
            print(f"{size:5d} {ours:7s} {theirs:40s} {1e3 * c[ours]:7.3f} {1e3 * c[theirs]:10.3f} "
                  f"{1e3 * (c[theirs] - c[ours]):+8.3f}", flush=True)
    print(f"2. with the network (ours: s per step; adapter: 1's difference over ours; end to end: medians of "
          f"{a.repeats} runs each, order alternating)")
    print(f"{'model':11s} {'params':>7s} {'size':>5s} {'ours':7s} {'ours s/step':>12s} {'adapter':>8s} "
          f"{'end to end':>11s}")
    for name, m in models.items():
        size = m.config["image_size"]
        x, A = torch.rand(1, 3, size, size) * 2 - 1, torch.rand(size, size)
        grid = NoiseSchedule.linear(500).respace(a.steps)
        n = sum(q.numel() for q in m.parameters())
        for ours, theirs in PAIRS:
            timed(m, x, grid, A, ours); timed(m, x, grid, A, theirs)                           # warm-up
            t_o, t_d = [], []
            for i in range(a.repeats):                                   # ABBA: which runs first alternates
                for s in (ours, theirs) if i % 2 == 0 else (theirs, ours):
                    (t_o if s == ours else t_d).append(timed(m, x, grid, A, s))
            mo, md = statistics.median(t_o), statistics.median(t_d)
            share = (loops[size][theirs] - loops[size][ours]) / (mo / a.steps)
            print(f"{name:11s} {n / 1e6:6.2f}M {size:5d} {ours:7s} {mo / a.steps:12.4f} {100 * share:+7.1f}% "
                  f"{100 * (md / mo - 1):+10.1f}%", flush=True)


if __name__ == "__main__": main()
