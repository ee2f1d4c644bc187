"""Issue 25's quality target: at 20 NFE or fewer, YODA within 0.01 LPIPS and 0.3 dB PSNR of DDPM-200 YODA.

Samples the shipped SR3+YODA face model (face-16-64) on held-out faces (`10_face_sr`'s split: `--first`..`--last` of
its 300) with DDPM-200 YODA (the reference) and each candidate `sampler:NFE[:eta[:lr_state]]` (lr_state 'eq11',
'forward' or '-' for the solver's default), and prints the means, the paired differences against the reference with
95% intervals, seconds per image (wall time of the batch over its size) and whether each meets the target. Needs
YODA_DATA/celeba_train. Run: python bench/fast_target.py [--first 0 --last 100] [ddim:20:0.7 dpmpp:20 ...]
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
    "'sampler:NFE[:eta[:lr_state]]' as keyword arguments of `run`."
    parts = text.split(":")
    if parts[0] == "diffusers": parts = [":".join(parts[:2])] + parts[2:]
    sampler, rest = parts[0], parts[1:]
    if not 1 <= len(rest) <= 3: raise SystemExit(f"candidate {text!r}: expected sampler:NFE[:eta[:lr_state]]")
    nfe, eta, lr = rest + ["0", "-"][len(rest) - 1:]
    return dict(sampler=sampler, steps=int(nfe), eta=float(eta), lr_state=None if lr == "-" else lr)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("candidates", nargs="*", default=DEFAULT)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--last", type=int, default=100)
    a = p.parse_args(argv)
    cands = [candidate(c) for c in a.candidates]
    root = data_root("celeba_train")
    if root is None: raise SystemExit("YODA_DATA/celeba_train not found: the target is measured on held-out faces.")
    model, spec, _ = load_checkpoint("face-16-64")
    tc = training_config("face-16-64")
    _, held_out = split_indices(len(open_images(root)), tc["n_eval"], tc["seed"])
    ev = SRPairs(root, tc["hr_size"], spec.scale, tc["method"], indices=held_out[a.first:a.last], progress=False)
    items = [ev[i] for i in range(len(ev))]
    lrs, hrs, maps = [it["lr"] for it in items], [it["hr"] for it in items], torch.stack([it["A"] for it in items])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore"); lp = lpips_model()

    def run(sampler, steps, eta=0.0, lr_state=None):
        opts = sampler_options(model, {"lr_state": lr_state})
        t0 = time.perf_counter()
        out = super_resolve(model, lrs, SRSettings(steps=steps, sampler=sampler, eta=eta, yoda=True,
                                                   batch_size=len(lrs)), opts=opts, maps=maps, progress=False)
        r = evaluate_images(out, hrs, protocol="rgb", lp=lp)
        return r | {"s": (time.perf_counter() - t0) / len(out)}

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; face-16-64 with YODA on held-out faces "
          f"{a.first}..{a.last - 1} of {len(held_out)}, batch {len(lrs)}; target: <= {TARGET['nfe']} NFE within "
          f"{TARGET['lpips']} LPIPS and {TARGET['psnr']} dB PSNR of DDPM-200 YODA (default LR state)")
    ref = run("ddpm", 200)
    per = lambda r, k: [row[k] for row in r["per_image"]]
    print(f"{'sampler':24s} {'NFE':>4s} {'eta':>4s} {'LR state':>8s} {'s/img':>6s} {'PSNR':>7s} {'LPIPS':>7s} "
          f"{'PSNR - ref [95%]':>24s} {'LPIPS - ref [95%]':>27s}  target")
    print(f"{'ddpm (reference)':24s} {200:4d} {0:4.1f} {'default':>8s} {ref['s']:6.2f} {ref['mean']['psnr']:7.3f} "
          f"{ref['mean']['lpips']:7.4f}")
    for c in cands:
        r = run(**c)
        dp, dl = (paired_difference(per(r, k), per(ref, k)) for k in ("psnr", "lpips"))
        met = c["steps"] <= TARGET["nfe"] and dl["mean"] <= TARGET["lpips"] and dp["mean"] >= -TARGET["psnr"]
        print(f"{c['sampler']:24s} {c['steps']:4d} {c['eta']:4.1f} {c['lr_state'] or 'default':>8s} {r['s']:6.2f} "
              f"{r['mean']['psnr']:7.3f} {r['mean']['lpips']:7.4f} "
              f"{dp['mean']:+7.3f} [{dp['lo']:+.3f}, {dp['hi']:+.3f}] "
              f"{dl['mean']:+8.4f} [{dl['lo']:+.4f}, {dl['hi']:+.4f}]  "
              f"{'met' if met else 'not met'}", flush=True)


if __name__ == "__main__":
    main()
