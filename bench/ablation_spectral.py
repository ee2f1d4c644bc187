"""`14_ablation`'s spectral row measured again with the spectral-residual map as published (0.3.0's fix).

The same setting as `14_ablation`: the first `--faces` of the 300 held-out CelebA faces of the shipped face model
(16 -> 64), YODA sampling with DDPM at 50 steps, seed 0, l = 0.2, one `super_resolve` call per row. Rows: the
spectral-residual map, its own matched constant map (same update ratio, `masking.constant_map`), and the edge map
with its matched constant, all with this version's sampler, so they compare with each other (not with the notebook's
0.2.0 table). Prints update ratio, PSNR/SSIM (RGB), LPIPS per row and the paired differences (95% intervals).
Needs YODA_DATA with celeba_train and the LPIPS backbone. About 7 minutes a row on a 2-core CPU.
Run: python bench/ablation_spectral.py [--faces 200]
"""
import argparse
import warnings

import torch

from yoda_nb.checkpoint import load_checkpoint, training_config
from yoda_nb.core import data_root
from yoda_nb.data import SRPairs, open_images, split_indices
from yoda_nb.inference import SRSettings, sampler_options, super_resolve
from yoda_nb.masking import constant_map, update_ratio
from yoda_nb.metrics import evaluate_images, lpips_model, paired_difference
from yoda_nb.saliency import attention_map

STEPS = 50


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--faces", type=int, default=200)
    a = ap.parse_args()
    root = data_root("celeba_train")
    if root is None: raise SystemExit("YODA_DATA with celeba_train is needed.")
    model, spec, _ = load_checkpoint("face-16-64")
    tc = training_config("face-16-64")
    _, eval_idx = split_indices(len(open_images(root)), tc["n_eval"], tc["seed"])
    ev = SRPairs(root, tc["hr_size"], spec.scale, indices=eval_idx[:a.faces], progress=False)
    lrs, hrs = zip(*[(it["lr"], it["hr"]) for it in (ev[i] for i in range(len(ev)))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore"); lp = lpips_model()
    rows = {}
    for m in ("spectral", "edge"):
        A = torch.stack([attention_map(lr, m, size=tc["hr_size"]) for lr in lrs])
        rows[m], rows[f"constant matched to {m}"] = A, constant_map(A, STEPS, 0.2)
    res = {}
    for name, A in rows.items():
        srs = super_resolve(model, list(lrs), SRSettings(steps=STEPS, yoda=True, l=0.2, seed=0, batch_size=100),
                            sampler_options(model, {"solver": "ddpm"}), maps=A, progress=False)
        res[name] = {"ratio": update_ratio(A, STEPS, 0.2).mean().item(),
                     **evaluate_images(srs, list(hrs), protocol="rgb", lp=lp)}
        m = res[name]["mean"]
        print(f"{name:28s} ratio {res[name]['ratio']:.3f}  PSNR {m['psnr']:.2f}  SSIM {m['ssim']:.4f}  "
              f"LPIPS {m['lpips']:.4f}", flush=True)
    per = lambda name, k: [r[k] for r in res[name]["per_image"]]
    for a_, b_ in (("spectral", "constant matched to spectral"), ("edge", "constant matched to edge"),
                   ("spectral", "edge")):
        dp, dl = (paired_difference(per(a_, k), per(b_, k)) for k in ("psnr", "lpips"))
        print(f"{a_} - {b_}: PSNR {dp['mean']:+.3f} [{dp['lo']:+.3f}, {dp['hi']:+.3f}]  "
              f"LPIPS {dl['mean']:+.4f} [{dl['lo']:+.4f}, {dl['hi']:+.4f}]")


if __name__ == "__main__": main()
