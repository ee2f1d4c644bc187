"""The fast-sampler target: YODA at few network evaluations against DDPM-200 YODA on held-out faces.

Samples the shipped SR3+YODA face model (face-16-64) on held-out faces (`10_face_sr`'s split: `--first`..`--last` of
its 300) with DDPM-200 YODA (the reference) and each candidate `solver:NFE[,field=value...]`, the fields those of
`SamplerOptions` (eta, lr_state, history, mask_time, ...), `spacing` (`time_grid`) or `model` (another shipped model,
sampled without YODA: `model=face-16-64-sr3` is plain SR3), and prints the means, the paired differences against the
reference with 95% intervals, seconds per image (wall time over the images, in batches of `--batch`) and whether each
meets the target (at most `--nfe` evaluations, within 0.01 LPIPS and 0.3 dB PSNR). `--json FILE` also writes every
row's figures. Needs YODA_DATA/celeba_train.
Run: python bench/fast_target.py [--first 100 --last 150] [--nfe 10] dpmpp3:10,spacing=logsnr ddim:10,eta=0.5 ...
"""
import argparse
import json
import time
import warnings

import torch

from yoda_nb.checkpoint import load_checkpoint, training_config
from yoda_nb.core import data_root
from yoda_nb.data import SRPairs, open_images, split_indices
from yoda_nb.inference import SRSettings, sampler_options, super_resolve
from yoda_nb.metrics import evaluate_images, lpips_model, paired_difference

TARGET = {"nfe": 10, "lpips": 0.01, "psnr": 0.3}
DEFAULT = ["dpmpp3:10", "dpmpp:10", "ddim:10"]


def candidate(text: str) -> dict:
    "'solver:NFE[,field=value...]' as keyword arguments of `measure` (values parsed as JSON where they are)."
    head, *fields = text.split(",")
    solver, _, nfe = head.rpartition(":")
    if not solver or not nfe.isdigit(): raise SystemExit(f"candidate {text!r}: expected solver:NFE[,field=value...]")
    def value(v):
        try: return json.loads(v)
        except json.JSONDecodeError: return v
    return dict(solver=solver, steps=int(nfe), **{k: value(v) for k, v in (f.split("=", 1) for f in fields)})


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


def measure(f: dict, solver: str, steps: int, spacing: str | None = None, model: str | None = None, **opts) -> dict:
    "RGB metrics (with LPIPS) of sampling the faces `f` as asked (YODA unless `model` names another), s per image."
    m = f["model"] if model is None else load_checkpoint(model).model
    o = sampler_options(m, {"solver": solver, **opts})
    t0 = time.perf_counter()
    out = super_resolve(m, f["lrs"], SRSettings(steps=steps, spacing=spacing, yoda=model is None,
                                                batch_size=f["batch"]), opts=o, maps=f["maps"], progress=False)
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
    p.add_argument("--nfe", type=int, default=TARGET["nfe"], help="the most network evaluations the target allows")
    p.add_argument("--batch", type=int, default=50, help="images per batch (the timing depends on it)")
    p.add_argument("--json", help="also write every row's figures to this file")
    a = p.parse_args(argv)
    TARGET["nfe"] = a.nfe
    cands = [(c, candidate(c)) for c in a.candidates]
    f = held_out_faces(a.first, a.last) | {"batch": a.batch}
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; face-16-64 with YODA on held-out faces "
          f"{a.first}..{a.last - 1} of {f['n_held_out']}, batch {a.batch}; target: <= {TARGET['nfe']} NFE "
          f"within {TARGET['lpips']} LPIPS and {TARGET['psnr']} dB PSNR of DDPM-200 YODA (default options)")
    ref = measure(f, "ddpm", 200)
    print(f"{'candidate':44s} {'s/img':>6s} {'PSNR':>7s} {'SSIM':>7s} {'LPIPS':>7s} {'PSNR - ref [95%]':>24s} "
          f"{'LPIPS - ref [95%]':>28s}  target")
    row = lambda r: f"{r['s']:6.2f} {r['mean']['psnr']:7.3f} {r['mean']['ssim']:7.4f} {r['mean']['lpips']:7.4f}"
    print(f"{'ddpm:200 (reference)':44s} {row(ref)}")
    rows = [dict(candidate="ddpm:200", nfe=200, s=ref["s"], **ref["mean"])]
    for text, c in cands:
        r = measure(f, **c)
        dp, dl, met = against(r, ref, c["steps"])
        print(f"{text:44s} {row(r)} {dp['mean']:+7.3f} [{dp['lo']:+.3f}, {dp['hi']:+.3f}] "
              f"{dl['mean']:+9.5f} [{dl['lo']:+.4f}, {dl['hi']:+.4f}]  "               # 5 places: the margin is 0.01
              f"{'met' if met else 'not met'}", flush=True)
        rows.append(dict(candidate=text, nfe=c["steps"], s=r["s"], **r["mean"], d_psnr=dp, d_lpips=dl, met=met))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(dict(first=a.first, last=a.last, batch=a.batch, rows=rows), fh, indent=1, default=float)


if __name__ == "__main__":
    main()
