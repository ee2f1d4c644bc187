"""Issue 25's quality target: at 20 NFE or fewer, YODA within 0.01 LPIPS and 0.3 dB PSNR of DDPM-200 YODA.

Samples the shipped SR3+YODA face model (face-16-64) on held-out faces (`10_face_sr`'s split: `--first`..`--last` of
its 300) with DDPM-200 YODA (the reference) and each candidate `sampler:NFE[:eta[:lr_state[:history]]]`
(lr_state 'eq11', 'forward' or '-' for the solver's default; history 'restart', the default, or 'keep'), and prints
the means, the paired differences against the reference with 95% intervals, seconds per image (wall time of the batch
over its size) and whether each meets the target. Needs YODA_DATA/celeba_train.
Run: python bench/fast_target.py [--first 0 --last 100] [ddim:20:0.7 dpmpp:20 ...]
"""
import argparse
import time
import warnings

import torch

from yoda_nb.checkpoint import load_checkpoint, training_config
from yoda_nb.core import data_root
from yoda_nb.data import SRPairs, open_images, split_indices
from yoda_nb.inference import SRSettings, sampler_options, super_resolve
from yoda_nb.metrics import evaluate_images, lpips_model, paired_difference

TARGET = {"nfe": 20, "lpips": 0.01, "psnr": 0.3}
DEFAULT = ["ddpm:20", "ddim:20", "ddim:20:0.5", "ddim:20:0.7", "ddim:20:1", "dpmpp:20", "ddim:10:0.7", "dpmpp:10"]


def candidate(text: str) -> dict:
    "'sampler:NFE[:eta[:lr_state[:history]]]' as keyword arguments of `measure`."
    parts = text.split(":")
    if parts[0] == "diffusers": parts = [":".join(parts[:2])] + parts[2:]
    sampler, rest = parts[0], parts[1:]
    if not 1 <= len(rest) <= 4: raise SystemExit(f"candidate {text!r}: expected sampler:NFE[:eta[:lr_state[:history]]]")
    nfe, eta, lr, history = rest + ["0", "-", "restart"][len(rest) - 1:]
    return dict(sampler=sampler, steps=int(nfe), eta=float(eta), lr_state=None if lr == "-" else lr, history=history)


def held_out_faces(first: int, last: int) -> dict:
    "The shipped SR3+YODA face model, held-out faces `first`..`last - 1` (LR, HR, maps) and the LPIPS network."
    root = data_root("celeba_train")
    if root is None: raise SystemExit("YODA_DATA/celeba_train not found: the target is measured on held-out faces.")
    model, spec, _ = load_checkpoint("face-16-64")
    tc = training_config("face-16-64")
    _, held_out = split_indices(len(open_images(root)), tc["n_eval"], tc["seed"])
    ev = SRPairs(root, tc["hr_size"], spec.scale, tc["method"], indices=held_out[first:last], progress=False)
    items = [ev[i] for i in range(len(ev))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore"); lp = lpips_model()
    return dict(model=model, lrs=[it["lr"] for it in items], hrs=[it["hr"] for it in items],
                maps=torch.stack([it["A"] for it in items]), lp=lp, n_held_out=len(held_out))


def measure(f: dict, sampler: str, steps: int, eta: float = 0.0, lr_state: str | None = None,
            history: str = "restart") -> dict:
    "RGB metrics (with LPIPS) of YODA sampling the faces `f` as asked, and seconds per image (`s`)."
    opts = sampler_options(f["model"], {"solver": sampler, "eta": eta, "lr_state": lr_state, "history": history})
    t0 = time.perf_counter()
    out = super_resolve(f["model"], f["lrs"], SRSettings(steps=steps, yoda=True, batch_size=len(f["lrs"])), opts=opts,
                        maps=f["maps"], progress=False)
    return evaluate_images(out, f["hrs"], protocol="rgb", lp=f["lp"]) | {"s": (time.perf_counter() - t0) / len(out)}


def against(r: dict, ref: dict, steps: int) -> tuple[dict, dict, bool]:
    "Paired PSNR and LPIPS differences of `r` against `ref`, and whether `r` (at `steps` NFE) meets the target."
    per = lambda res, k: [row[k] for row in res["per_image"]]
    dp, dl = (paired_difference(per(r, k), per(ref, k)) for k in ("psnr", "lpips"))
    return dp, dl, steps <= TARGET["nfe"] and dl["mean"] <= TARGET["lpips"] and dp["mean"] >= -TARGET["psnr"]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("candidates", nargs="*", default=DEFAULT)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--last", type=int, default=100)
    a = p.parse_args(argv)
    cands = [candidate(c) for c in a.candidates]
    f = held_out_faces(a.first, a.last)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; face-16-64 with YODA on held-out faces "
          f"{a.first}..{a.last - 1} of {f['n_held_out']}, batch {len(f['lrs'])}; target: <= {TARGET['nfe']} NFE "
          f"within {TARGET['lpips']} LPIPS and {TARGET['psnr']} dB PSNR of DDPM-200 YODA (default LR state)")
    ref = measure(f, "ddpm", 200)
    print(f"{'sampler':24s} {'NFE':>4s} {'eta':>4s} {'LR state':>8s} {'history':>7s} {'s/img':>6s} {'PSNR':>7s} "
          f"{'LPIPS':>7s} {'PSNR - ref [95%]':>24s} {'LPIPS - ref [95%]':>28s}  target")
    print(f"{'ddpm (reference)':24s} {200:4d} {0:4.1f} {'default':>8s} {'-':>7s} {ref['s']:6.2f} "
          f"{ref['mean']['psnr']:7.3f} {ref['mean']['lpips']:7.4f}")
    for c in cands:
        r = measure(f, **c)
        dp, dl, met = against(r, ref, c["steps"])
        print(f"{c['sampler']:24s} {c['steps']:4d} {c['eta']:4.1f} {c['lr_state'] or 'default':>8s} {c['history']:>7s} "
              f"{r['s']:6.2f} {r['mean']['psnr']:7.3f} {r['mean']['lpips']:7.4f} "
              f"{dp['mean']:+7.3f} [{dp['lo']:+.3f}, {dp['hi']:+.3f}] "
              f"{dl['mean']:+9.5f} [{dl['lo']:+.4f}, {dl['hi']:+.4f}]  "               # 5 places: the margin is 0.01
              f"{'met' if met else 'not met'}", flush=True)


if __name__ == "__main__":
    main()
