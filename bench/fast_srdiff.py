"""The fast default on SRDiff: DEIS at 10 network evaluations against DDPM at the model's full T (100), with YODA.

Trains (or resumes) `11_div2k_sr`'s CPU-scale SRDiff+YODA model (the RRDB encoder, 1,000 iterations, then SRDiff with
YODA's loss, 1,200, on BSD200 and T91 patches; about 30 minutes on a 2-core CPU) into `--runs`, then samples Set5 and
the first `--bsd` BSD100 images with YODA (edge maps, l = 0.2) under DDPM-T (the reference) and each candidate
`solver:NFE[,field=value...]`, and prints PSNR/SSIM (Y channel, border 4), LPIPS, seconds per image and the paired
differences against the reference with 95% intervals. Needs YODA_DATA with bsd200_train, t91_partial, set5, bsd100_x4.
Run: python bench/fast_srdiff.py [--bsd 5] [--runs runs/div2k_cpu] deis:10 ddim:10 dpmpp:10 ddpm:10
"""
import argparse
import json
import time
import warnings
from pathlib import Path

import torch

from yoda_nb.checkpoint import load_checkpoint
from yoda_nb.core import data_root, list_images, load_image
from yoda_nb.diffusion import as_denoiser
from yoda_nb.inference import SRSettings, sampler_options, super_resolve
from yoda_nb.metrics import evaluate_images, lpips_model, paired_difference
from yoda_nb.train import load_config, train


def trained_model(runs: Path):
    "`11_div2k_sr`'s SRDiff+YODA run in `runs` (trained first where it is missing)."
    data = [data_root("bsd200_train"), data_root("t91_partial")]
    if not all(data): raise SystemExit("YODA_DATA with bsd200_train and t91_partial is needed to train the model.")
    settings = dict(data=",".join(str(p) for p in data), method="edge", l=0.2, seed=0)
    for name, cfg in (("rrdb", load_config("cpu_rrdb", **settings, out=str(runs / "rrdb"))),
                      ("yoda", load_config("cpu_srdiff", **settings, steps=1200, yoda=True, rrdb=str(runs / "rrdb"),
                                           out=str(runs / "yoda")))):
        if not (runs / name / "latest").is_file(): print(name, json.dumps(train(cfg, progress=False)), flush=True)
    return load_checkpoint(runs / "yoda").model


def images(n_bsd: int) -> tuple[list, list]:
    "LR and HR (cropped to 4x the LR) of Set5 and the first `n_bsd` BSD100 images."
    s5, bsd = data_root("set5"), data_root("bsd100_x4")
    if s5 is None or bsd is None: raise SystemExit("YODA_DATA with set5 and bsd100_x4 is needed for the evaluation.")
    hr_files = list_images(s5 / "HR")
    lr_files = [next((s5 / "LR_bicubic" / "X4").glob(f.stem + "*")) for f in hr_files]
    hr_b = sorted(bsd.glob("*_HR.png"))[:n_bsd]
    hr_files, lr_files = hr_files + hr_b, lr_files + [f.with_name(f.name.replace("_HR", "_LR")) for f in hr_b]
    lrs = [load_image(f) for f in lr_files]
    return lrs, [load_image(f)[:, :lr.shape[-2] * 4, :lr.shape[-1] * 4] for f, lr in zip(hr_files, lrs)]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("candidates", nargs="*", default=["deis:10", "ddim:10", "dpmpp:10", "ddpm:10"])
    p.add_argument("--bsd", type=int, default=5, help="BSD100 images besides Set5")
    p.add_argument("--runs", default="runs/div2k_cpu")
    a = p.parse_args(argv)
    model = trained_model(Path(a.runs))
    lrs, hrs = images(a.bsd)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore"); lp = lpips_model()
    T = as_denoiser(model).schedule.T

    def run(text):
        head, *fields = text.split(",")
        solver, _, nfe = head.rpartition(":")
        opts = sampler_options(model, {"solver": solver, **{k: json.loads(v) if v[:1].isdigit() else v
                                                              for k, v in (f.split("=", 1) for f in fields)}})
        t0 = time.perf_counter()
        out = super_resolve(model, lrs, SRSettings(steps=int(nfe), yoda=True, batch_size=1), opts, progress=False)
        s = (time.perf_counter() - t0) / len(out)
        y, rgb = evaluate_images(out, hrs, protocol="y", crop=4), evaluate_images(out, hrs, protocol="rgb", lp=lp)
        return dict(s=s, psnr=[r["psnr"] for r in y["per_image"]], ssim=[r["ssim"] for r in y["per_image"]],
                    lpips=[r["lpips"] for r in rgb["per_image"]])

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; 11_div2k_sr's SRDiff+YODA (T = {T}) with YODA "
          f"on Set5 and {a.bsd} BSD100 images ({len(lrs)}), batch 1; PSNR/SSIM on Y (border 4), LPIPS on RGB")
    mean = lambda v: sum(v) / len(v)
    ref = run(f"ddpm:{T}")
    print(f"{'setting':20s} {'s/img':>6s} {'PSNR':>7s} {'SSIM':>7s} {'LPIPS':>7s} {'PSNR - ref [95%]':>24s} "
          f"{'LPIPS - ref [95%]':>28s}")
    print(f"{f'ddpm:{T} (reference)':20s} {ref['s']:6.2f} {mean(ref['psnr']):7.3f} {mean(ref['ssim']):7.4f} "
          f"{mean(ref['lpips']):7.4f}", flush=True)
    for c in a.candidates:
        r = run(c)
        dp, dl = paired_difference(r["psnr"], ref["psnr"]), paired_difference(r["lpips"], ref["lpips"])
        print(f"{c:20s} {r['s']:6.2f} {mean(r['psnr']):7.3f} {mean(r['ssim']):7.4f} {mean(r['lpips']):7.4f} "
              f"{dp['mean']:+7.3f} [{dp['lo']:+.3f}, {dp['hi']:+.3f}] {dl['mean']:+9.5f} [{dl['lo']:+.4f}, {dl['hi']:+.4f}]",
              flush=True)


if __name__ == "__main__":
    main()
