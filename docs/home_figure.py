"""The home page figures: YODA on a public-domain face (scikit-image's astronaut, NASA) with the shipped SR3 and
SR3+YODA face models (yoda_nb/weights/MODEL_CARD.md), and the report figure of `yoda demo`. Writes
nbs/images/yoda_overview.png and nbs/images/demo_comparison.png. Run: python docs/home_figure.py
"""
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import torch

import shutil
import tempfile

from yoda_nb.core import resize_image, to_uint8
from yoda_nb.demo import demo_faces, run_demo
from yoda_nb.diffusion import as_denoiser, get_solver, start_times, step_scalars, time_grid, time_of
from yoda_nb.inference import SRSettings, default_steps, sampler_options, super_resolve
from yoda_nb.metrics import psnr
from yoda_nb.saliency import attention_map
from yoda_nb.checkpoint import load_checkpoint

ROOT = Path(__file__).resolve().parents[1]


def main(seed: int = 0):
    "The figures at the package's defaults (the shipped models' solver and steps)."
    hr = demo_faces()["astronaut"]; lr = resize_image(hr, scale=1 / 4)
    sr3, _, step = load_checkpoint("face-16-64-sr3")
    yoda, yspec, _ = load_checkpoint("face-16-64-yoda")
    opts = sampler_options(yoda)
    solver, steps = get_solver(opts), default_steps(yoda, opts)
    plain = super_resolve(sr3, [lr], SRSettings(steps=steps, yoda=False, seed=seed), progress=False)[0]
    guided = super_resolve(yoda, [lr], SRSettings(steps=steps, yoda=True, seed=seed), progress=False)[0]
    method, l = yspec.yoda["method"], yspec.yoda["l"]
    A = attention_map(lr, method, size=(64, 64))
    grid = time_grid(as_denoiser(yoda).schedule, steps, solver.spacing)    # Eq. 8 as the sampler applies it there
    start = start_times(A, grid, l, opts.mask_time)
    n = sum((start >= time_of(s, opts.mask_time)).float() for s in step_scalars(grid))
    panels = [(resize_image(lr, size=(64, 64)), "LR 16x16 (bicubic)"), (A, f"attention A ({method})"),
              (n, f"steps refined per pixel\n(of {steps}; l = {l})"),
              (plain, f"SR3: {psnr(plain, hr, 'rgb'):.1f} dB"), (guided, f"SR3+YODA: {psnr(guided, hr, 'rgb'):.1f} dB"),
              (hr, "HR 64x64")]
    fig, axs = plt.subplots(2, 3, figsize=(7.4, 5.4))          # two rows: what YODA computes, then the results
    for ax, (im, title) in zip(axs.flat, panels):
        if im.dim() == 2:
            h = ax.imshow(im.numpy(), cmap="viridis" if im is not n else "magma", vmin=0, vmax=1 if im is A else steps)
            if im is n: fig.colorbar(h, ax=ax, fraction=0.046, pad=0.03)
        else: ax.imshow(to_uint8(im))
        ax.set_title(title, fontsize=11); ax.axis("off")
    fig.suptitle(f"{opts.solver.upper()}, {steps} steps (the default); a public-domain face the models never saw",
                 fontsize=11)
    fig.tight_layout()
    out = ROOT / "nbs" / "images" / "yoda_overview.png"
    fig.savefig(out, dpi=100); print(f"wrote {out}")
    with tempfile.TemporaryDirectory() as d:
        run_demo(d, seed=seed)
        shutil.copy(Path(d) / "comparison.png", ROOT / "nbs" / "images" / "demo_comparison.png")
    print(f"wrote {ROOT / 'nbs' / 'images' / 'demo_comparison.png'}")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:]))
