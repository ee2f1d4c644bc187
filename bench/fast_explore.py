"""Exploration on a tuning split of the held-out faces (e.g. 100..149, apart from the 100 that 12_performance reports):
YODA fast-sampler variants against DDPM-200 YODA, including time grids the package does not ship (built with
`subschedule`): quadratic and uniform in log-SNR (crowded at low noise) measured far worse than the even spacing of
`respace`, t ~ k^0.5 and k^0.7 (crowded at high noise) worse, k^0.85 within noise of it; so they stay here. Faces,
sampling, metrics and the target are those of `fast_target.py`.

Run: python bench/fast_explore.py FIRST LAST sampler:NFE:eta:lr_state:spacing ...   (lr_state '-': the default;
spacing: uniform | quadratic | powP | logsnr), e.g. python bench/fast_explore.py 100 150 ddim:20:0.5:forward:uniform
"""
import sys

import torch

from fast_target import against, held_out_faces, measure
from yoda_nb.diffusion import NoiseSchedule, respace, subschedule

SPACING = {"s": "uniform"}   # the grid `NoiseSchedule.respace` builds below, set per variant


def kept(schedule: NoiseSchedule, steps: int, spacing: str) -> torch.Tensor:
    """Indices 1..T of the steps kept: t = 1 + (T - 1) k^p ('quadratic': p = 2, 'powP': p = P; p < 1 crowds the steps at
    high noise), or uniform in log-SNR between t = 1 and T; strictly increasing, ending at T."""
    T, k = schedule.T, torch.linspace(0, 1, steps, dtype=torch.float64)
    if spacing == "quadratic" or spacing.startswith("pow"):
        t = 1 + (T - 1) * k ** (2.0 if spacing == "quadratic" else float(spacing[3:]))
    else:
        lam = (schedule.gammas / (1 - schedule.gammas)).log()
        t = torch.searchsorted(-lam, -(lam[0] + (lam[-1] - lam[0]) * k)).clamp(0, T - 1).double() + 1
    keep = t.round().long()
    for i in range(1, len(keep)): keep[i] = max(keep[i], keep[i - 1] + 1)
    keep = keep.clamp(max=T); keep[-1] = T
    return keep


def spaced(schedule: NoiseSchedule, steps: int) -> NoiseSchedule:
    "`respace` with the kept steps of `SPACING` (uniform: `respace` itself)."
    if SPACING["s"] == "uniform": return respace(schedule, steps)
    return subschedule(schedule, kept(schedule, steps, SPACING["s"]))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    first, last, variants = int(argv[0]), int(argv[1]), [a.split(":") for a in argv[2:]]
    NoiseSchedule.respace = spaced
    f = held_out_faces(first, last)
    ref = measure(f, "ddpm", 200)
    print(f"ref DDPM-200 YODA: PSNR {ref['mean']['psnr']:.3f} LPIPS {ref['mean']['lpips']:.4f} {ref['s']:.2f} s/img",
          flush=True)
    for v in variants:
        sampler, n, eta, lr_state, SPACING["s"] = v[0], int(v[1]), float(v[2]), (None if v[3] == "-" else v[3]), v[4]
        r = measure(f, sampler, n, eta, lr_state)
        dp, dl, met = against(r, ref, n)
        print(f"{':'.join(v):32s} PSNR {r['mean']['psnr']:.3f} ({dp['mean']:+.3f} [{dp['lo']:+.3f},{dp['hi']:+.3f}]) "
              f"LPIPS {r['mean']['lpips']:.4f} ({dl['mean']:+.4f} [{dl['lo']:+.4f},{dl['hi']:+.4f}]) {r['s']:.2f} s "
              f"{'MET' if met else ''}", flush=True)


if __name__ == "__main__":
    main()
