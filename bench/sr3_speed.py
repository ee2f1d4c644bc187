"""Training and sampling iterations per second of each SR3 preset on this machine (a benchmark, not a test).

Training: one AdamW step of `diffusion_loss` (Eq. 13 with an attention map) at the preset's HR size.
Sampling: reverse steps of the YODA sampler (DDPM, the loop of `sample`, a random map) for a batch, per second. Large presets are slow on a CPU;
pick them with --presets. Run: python bench/sr3_speed.py [--presets tiny small sr3_16_128] [--batch 4] [--repeats 3]
"""
import argparse
import time

import torch

from yoda_nb.diffusion import Maps, NoiseSchedule, SamplerOptions, diffusion_loss, sample
from yoda_nb.models import PRESETS, build_model, count_params


def timed(fn, repeats):
    fn()                                                   # warm-up
    t0 = time.perf_counter()
    for _ in range(repeats): fn()
    return repeats / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--presets", nargs="+", default=["tiny", "small", "sr3_16_128"], choices=[k for k, v in PRESETS.items() if v["arch"] == "sr3"])
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"# device {dev}, torch {torch.__version__}, {torch.get_num_threads()} threads, batch {args.batch}")
    print(f"{'preset':12s} {'params':>9s} {'HR':>5s} {'train it/s':>11s} {'sample step/s':>14s}")
    sch = NoiseSchedule.linear(500)
    for name in args.presets:
        size = PRESETS[name]["image_size"]
        model = build_model(name).to(dev)
        opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=1e-4)
        hr = torch.rand(args.batch, 3, size, size, device=dev) * 2 - 1
        A = torch.rand(args.batch, size, size, device=dev)

        def train_step():
            loss = diffusion_loss(model, hr, hr, sch, Maps(A, 0.2))
            loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)

        def sample_run():                                          # a grid of 2 steps: trained steps 500 and 1
            sample(model.eval(), hr, sch.respace(2), Maps(A, 0.2), SamplerOptions(solver="ddpm"))
            model.train()

        tr, sa = timed(train_step, args.repeats), 2 * timed(sample_run, args.repeats)      # steps per second
        print(f"{name:12s} {count_params(model) / 1e6:8.2f}M {size:5d} {tr:11.3f} {sa:14.3f}")


if __name__ == "__main__":
    main()
