"""Exploration on a tuning split of the held-out faces (e.g. 100..149, apart from the 100 that 12_performance reports):
YODA fast-sampler variants against DDPM-200 YODA, including time grids the package does not ship (quadratic, uniform in
log-SNR; both measured far worse than the even spacing of `respace`, so they stay here).

Run: python bench/fast_explore.py FIRST LAST sampler:NFE:eta:lr_state:spacing ...   (lr_state '-': the default;
spacing: uniform | quadratic | logsnr), e.g. python bench/fast_explore.py 100 150 ddim:20:0.5:forward:uniform
"""
import sys, time, warnings

import torch

from yoda_nb.core import data_root
from yoda_nb.diffusion import NoiseSchedule, respace as uniform_respace
from yoda_nb.checkpoint import load_checkpoint, training_config
from yoda_nb.data import SRPairs, open_images, split_indices
from yoda_nb.inference import SRSettings, super_resolve, sampler_options
from yoda_nb.metrics import evaluate_images, lpips_model, paired_difference
root = data_root("celeba_train")
m, spec, _ = load_checkpoint("face-16-64"); tc = training_config("face-16-64")
_, eval_idx = split_indices(len(open_images(root)), tc["n_eval"], tc["seed"])
lo, hi = int(sys.argv[1]), int(sys.argv[2])
ev = SRPairs(root, tc["hr_size"], spec.scale, tc["method"], indices=eval_idx[lo:hi], progress=False)
items = [ev[i] for i in range(len(ev))]
lrs, hrs, maps = [it["lr"] for it in items], [it["hr"] for it in items], torch.stack([it["A"] for it in items])
with warnings.catch_warnings():
    warnings.simplefilter("ignore"); lp = lpips_model()

SPACING = {"s": "uniform"}
def spaced(schedule, steps):
    if SPACING["s"] == "uniform": return uniform_respace(schedule, steps)
    T = schedule.T; k = torch.linspace(0, 1, steps, dtype=torch.float64)
    if SPACING["s"] == "quadratic": t = 1 + (T - 1) * k ** 2
    else:  # uniform in log-SNR between t=1 and t=T
        lam = (schedule.gammas / (1 - schedule.gammas)).log()
        target = lam[0] + (lam[-1] - lam[0]) * k
        t = torch.searchsorted(-lam, -target).clamp(0, T - 1).double() + 1
    keep = t.round().long()
    for i in range(1, len(keep)): keep[i] = max(keep[i], keep[i - 1] + 1)   # strictly increasing
    keep = keep.clamp(max=T); keep[-1] = T
    g = schedule.gammas[keep - 1]
    g_prev = torch.cat([torch.ones(1, dtype=torch.float64), g[:-1]])
    return NoiseSchedule(1 - g / g_prev, timesteps=schedule.timesteps[keep - 1])
NoiseSchedule.respace = spaced

def run(sampler, n, eta=0.0, lr_state=None, spacing="uniform"):
    SPACING["s"] = spacing
    t0 = time.perf_counter()
    out = super_resolve(m, lrs, SRSettings(steps=n, sampler=sampler, eta=eta, yoda=True, batch_size=len(lrs)),
                        maps=maps, opts=sampler_options(m, {"lr_state": lr_state}), progress=False)
    r = evaluate_images(out, hrs, protocol="rgb", lp=lp); r["s"] = (time.perf_counter() - t0) / len(out)
    return r

ref = run("ddpm", 200)
print(f"ref DDPM-200 YODA: PSNR {ref['mean']['psnr']:.3f} LPIPS {ref['mean']['lpips']:.4f} {ref['s']:.2f} s/img",
      flush=True)
VARIANTS = [a.split(":") for a in sys.argv[3:]]
for v in VARIANTS:
    sampler, n, eta, lr_state, spacing = v[0], int(v[1]), float(v[2]), (None if v[3] == "-" else v[3]), v[4]
    r = run(sampler, n, eta, lr_state, spacing)
    per = lambda rr, k: [row[k] for row in rr["per_image"]]
    dp, dl = (paired_difference(per(r, k), per(ref, k)) for k in ("psnr", "lpips"))
    ok = dl["mean"] <= 0.01 and dp["mean"] >= -0.3
    print(f"{':'.join(v):32s} PSNR {r['mean']['psnr']:.3f} ({dp['mean']:+.3f} [{dp['lo']:+.3f},{dp['hi']:+.3f}]) "
          f"LPIPS {r['mean']['lpips']:.4f} ({dl['mean']:+.4f} [{dl['lo']:+.4f},{dl['hi']:+.4f}]) {r['s']:.2f} s "
          f"{'MET' if ok else ''}", flush=True)
