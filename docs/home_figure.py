"""The home page figure: YODA on a public-domain face (scikit-image's astronaut, NASA) with the small CelebA-trained
SR3 and SR3+YODA models of `10_face_sr`'s CPU recipe. Writes nbs/images/yoda_overview.png.

Made with (each model about 10 minutes on the 2-core CPU):
  yoda train --config cpu_face_16_64 --data $YODA_DATA/celeba_train --n-eval 100 --steps 2500 --attention edge --l 0.2 \\
             --seed 0 --no-yoda --out runs/home_no_yoda          (and --yoda --out runs/home_yoda)
  python docs/home_figure.py
"""
import sys
from pathlib import Path

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import torch
from skimage import data

from yoda_nb.core import as_rgb, resize_image, to_uint8
from yoda_nb.inference import SRSettings, super_resolve
from yoda_nb.masking import steps_on
from yoda_nb.metrics import psnr
from yoda_nb.saliency import attention_map
from yoda_nb.train import load_checkpoint

ROOT = Path(__file__).resolve().parents[1]


def main(steps: int = 50, seed: int = 0):
    face = as_rgb(data.astronaut())[:, 30:230, 160:360]                         # the astronaut's head and shoulders
    hr = resize_image(face, size=(64, 64)); lr = resize_image(hr, scale=1 / 4)
    sr3, cfg, step = load_checkpoint(ROOT / "runs" / "home_no_yoda")
    yoda, ycfg, ystep = load_checkpoint(ROOT / "runs" / "home_yoda")
    plain = super_resolve(sr3, [lr], cfg, SRSettings(steps=steps, yoda=False, seed=seed), progress=False)[0]
    guided = super_resolve(yoda, [lr], ycfg, SRSettings(steps=steps, yoda=True, seed=seed), progress=False)[0]
    A = attention_map(lr, ycfg.method, size=(64, 64))
    n = steps_on(A, steps, ycfg.l)
    panels = [(resize_image(lr, size=(64, 64)), "LR 16x16 (bicubic)"), (A, f"attention A ({ycfg.method})"),
              (n, f"steps refined per pixel\n(of {steps}; l = {ycfg.l})"),
              (plain, f"SR3: {psnr(plain, hr, 'rgb'):.1f} dB"), (guided, f"SR3+YODA: {psnr(guided, hr, 'rgb'):.1f} dB"),
              (hr, "HR 64x64")]
    fig, axs = plt.subplots(1, 6, figsize=(13, 2.6))
    for ax, (im, title) in zip(axs, panels):
        if im.dim() == 2:
            h = ax.imshow(im.numpy(), cmap="viridis" if im is not n else "magma", vmin=0, vmax=1 if im is A else steps)
            if im is n: fig.colorbar(h, ax=ax, fraction=0.046, pad=0.03)
        else: ax.imshow(to_uint8(im))
        ax.set_title(title, fontsize=9); ax.axis("off")
    fig.suptitle(f"YODA refines detailed regions longest: SR3 vs SR3+YODA, {steps} sampling steps, small CelebA-trained "
                 f"models ({step} iterations each); a public-domain face the models never saw", fontsize=9)
    fig.tight_layout()
    out = ROOT / "nbs" / "images" / "yoda_overview.png"
    fig.savefig(out, dpi=100); print(f"wrote {out}")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:]))
