"""Tiles: what the tile size and the overlap do to a large image, and whether tile borders show.

Super-resolves 80x80 crops of the first `--images` BSD100 LR photos (x4 -> 320 px) with the shipped face model
(DEIS-10, YODA as trained): in one piece (`tile=0`), in tiles of each side of `--tiles` with the default overlap, and
in the default tiles with each overlap of `--overlaps` (the share of a tile's side shared with a neighbour, blended
linearly). Prints PSNR (RGB) and LPIPS against the HR crop, seconds per image, and the seam ratio: a seam is a jump
across a tile border, so it is the gradient energy on the tile-border lines (the squared difference between the two
pixels either side of every line where a tile starts or ends, inside the image) over that of every line of the image;
the untiled result on the same lines is the ratio the photos' own content gives, and the paired difference against
it (95% interval) is the seam. Needs YODA_DATA with bsd100_x4 and the LPIPS backbone (`yoda lpips-weights`).
Run: python bench/tiles.py [--images 8] [--crop 80] [--tiles 64 128 256] [--overlaps 0 0.125 0.25] [--no-whole]
"""
import argparse
import time

import torch

from yoda_nb.checkpoint import load_checkpoint
from yoda_nb.core import data_root, load_image
from yoda_nb.inference import SRSettings, plan_tiles, super_resolve, tile_boxes
from yoda_nb.metrics import lpips_model, paired_difference


def border_lines(n: int, tile: int, overlap: float, scale: int) -> list[int]:
    "HR indices i (1..n*scale-1) where a tile starts or ends along an axis of n LR pixels: the jump is i-1 -> i."
    (t, _), boxes = tile_boxes(n, tile // scale, tile // scale, overlap)
    return sorted({i for s in {b[0] for b in boxes} for i in (s * scale, (s + t) * scale)} - {0, n * scale})


def seam_ratio(img: torch.Tensor, lines: list[int]) -> float:
    "Mean squared jump across the given row and column borders over the mean squared jump across all of them."
    dy, dx = (img[:, 1:] - img[:, :-1]).pow(2).mean((0, 2)), (img[:, :, 1:] - img[:, :, :-1]).pow(2).mean((0, 1))
    on = torch.cat([dy[[r - 1 for r in lines]], dx[[c - 1 for c in lines]]])
    return float(on.mean() / torch.cat([dy, dx]).mean())


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(10 * torch.log10(4 / (a - b).pow(2).mean()))


def ci(a, b) -> str:
    d = paired_difference(a, b)
    return f"{d['mean']:+.3f} [{d['lo']:+.3f}, {d['hi']:+.3f}]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=8)
    ap.add_argument("--tiles", type=int, nargs="+", default=[64, 128, 256])
    ap.add_argument("--overlaps", type=float, nargs="*", default=[0.0, 0.125, 0.25])
    ap.add_argument("--whole", action=argparse.BooleanOptionalAction, default=True,
                    help="also in one piece, the reference of the differences (--no-whole: the first of --tiles is)")
    ap.add_argument("--crop", type=int, default=80, help="LR side of the crops")
    a = ap.parse_args()
    root = data_root("bsd100_x4")
    if root is None: raise SystemExit("YODA_DATA with bsd100_x4 is needed.")
    model, lp = load_checkpoint("face-16-64-yoda").model, lpips_model()
    f, c = model.spec.scale, a.crop
    lrs = [load_image(p)[:, :c, :c] for p in sorted(root.glob("*_LR.png"))[:a.images]]
    hrs = [load_image(p)[:, :c * f, :c * f] for p in sorted(root.glob("*_HR.png"))[:a.images]]
    default = SRSettings()
    tile = plan_tiles(model, lrs, default)[0].tile
    runs = {}

    def run(t: int, ov: float) -> dict:
        if (t, ov) not in runs:
            t0 = time.time()
            out = super_resolve(model, lrs, SRSettings(tile=t, tile_overlap=ov), progress=False)
            with torch.no_grad(): lpips = [float(lp(o[None], h[None])) for o, h in zip(out, hrs)]
            runs[t, ov] = {"out": out, "s": (time.time() - t0) / len(lrs), "psnr": list(map(psnr, out, hrs)),
                           "lpips": lpips}
        return runs[t, ov]

    whole = run(0 if a.whole else a.tiles[0], default.tile_overlap)
    ref = "one piece" if a.whole else f"tile {a.tiles[0]}"
    print(f"{len(lrs)} BSD100 LR photos cropped to at most {c}x{c} (x{f}), face-16-64-yoda, DEIS-10; "
          f"default tile {tile} px, overlap {default.tile_overlap}")
    mean = lambda v: sum(v) / len(v)
    head = f"{'PSNR':>7} {'LPIPS':>7} {'s/img':>6}  {'PSNR - ' + ref:>24}  {'LPIPS - ' + ref:>24}"
    print(f"\nTile size (overlap {default.tile_overlap})\n{'tile':>6} " + head)
    name = "none" if a.whole else str(a.tiles[0])
    print(f"{name:>6} {mean(whole['psnr']):7.2f} {mean(whole['lpips']):7.4f} {whole['s']:6.2f}")
    for t in a.tiles[0 if a.whole else 1:]:
        r = run(t, default.tile_overlap)
        print(f"{t:6d} {mean(r['psnr']):7.2f} {mean(r['lpips']):7.4f} {r['s']:6.2f}  {ci(r['psnr'], whole['psnr']):>24}"
              f"  {ci(r['lpips'], whole['lpips']):>24}")
    if not a.overlaps: return
    print(f"\nOverlap (tile {tile})\n{'overlap':>8} {'seam ratio':>10} {'one piece, same lines':>22}  "
          f"{'seam (tiled - one piece)':>26} {'PSNR':>7} {'LPIPS':>7} {'s/img':>6}")
    for ov in a.overlaps:
        r, lines = run(tile, ov), border_lines(c, tile, ov, f)
        s, s0 = [seam_ratio(o, lines) for o in r["out"]], [seam_ratio(w, lines) for w in whole["out"]]
        print(f"{ov:8.3f} {mean(s):10.3f} {mean(s0):22.3f}  {ci(s, s0):>26} {mean(r['psnr']):7.2f} "
              f"{mean(r['lpips']):7.4f} {r['s']:6.2f}")


if __name__ == "__main__": main()
