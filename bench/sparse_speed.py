"""Sparse YODA vs dense YODA vs plain SR3 sampling on real faces: per-step latency, wall time, peak memory,
update ratio, share of denoiser pixels evaluated and the speedup, side by side in one run (a benchmark, not a test).

Needs YODA_DATA with celeba_train. DINO maps use random weights (pattern only). Run:
    python bench/sparse_speed.py [--presets tiny sr3_16_128] [--images 4] [--methods edge sift dino_vits8] [--plain]
--plain also times dense YODA with channels_last and, with --compile, torch.compile (same outputs expected).
"""
import argparse
import time

import torch

from yoda_nb.core import data_root
from yoda_nb.diffusion import Maps, NoiseSchedule, sample
from yoda_nb.models import build_model
from yoda_nb.perf import BENCH, attention_batch, face_inputs, format_rows, sparse_benchmark, summarise


def plain_speedups(net, x, A, sch, compile_: bool):
    "Dense YODA wall time with the default layout, channels_last and (optionally) torch.compile; max output difference."
    def run(m):
        sample(m, x, sch, Maps(A, 0.2), noise=torch.Generator().manual_seed(0))            # warm-up (and compilation)
        t0 = time.perf_counter()
        out = sample(m, x, sch, Maps(A, 0.2), noise=torch.Generator().manual_seed(0))
        if x.is_cuda: torch.cuda.synchronize()
        return out, time.perf_counter() - t0
    ref, t_ref = run(net)
    print(f"  dense YODA, default layout     {t_ref:7.3f} s")
    variants = [("channels_last", lambda: net.to(memory_format=torch.channels_last))]
    if compile_: variants.append(("channels_last + compile", lambda: (net.compile(), net)[1]))
    for name, make in variants:
        out, t = run(make())
        print(f"  dense YODA, {name:19s} {t:7.3f} s  (x{t_ref / t:.2f}; max |output difference| {(out - ref).abs().max().item():.1e})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presets", nargs="+", default=list(BENCH), choices=list(BENCH))
    ap.add_argument("--images", type=int, default=4)
    ap.add_argument("--methods", nargs="+", default=["edge", "sift", "dino_vits8"])
    ap.add_argument("--plain", action="store_true", help="also time channels_last (and --compile) for dense YODA")
    ap.add_argument("--compile", action="store_true")
    args = ap.parse_args()
    root = data_root("celeba_train")
    if root is None: raise SystemExit("YODA_DATA/celeba_train not found: this benchmark needs real faces.")
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"# device {dev}{' ' + torch.cuda.get_device_name() if dev == 'cuda' else ''}, torch {torch.__version__}, {torch.get_num_threads()} threads; batch 1 per image, l = 0.2, untrained weights")
    for preset in args.presets:
        b = BENCH[preset]
        torch.manual_seed(0)
        net = build_model(preset).eval().to(dev)
        size = net.config["image_size"]
        hr, lr, x = face_inputs(root, args.images, size, b["scale"])
        maps = {m: attention_batch(lr, m, size).to(dev) for m in args.methods}
        sch = NoiseSchedule.linear(500).respace(b["steps"])
        rows = sparse_benchmark(net, x.to(dev), maps, sch, 0.2, b["settings"], progress=False)
        print(f"\n== {preset}: {size}x{size}, {b['steps']} steps, mean over {len(x)} faces ==")
        for m in args.methods:
            print(f"-- attention: {m}" + (" (random weights: pattern only)" if m.startswith("dino") else ""))
            summ = [r for r in summarise(rows) if r["method"] == m]
            print(format_rows(summ))
            best = min((r for r in summ if r["sampler"].startswith("sparse")), key=lambda r: r["wall_vs_dense"])
            print(f"   best sparse: {best['sampler']}: wall/dense {best['wall_vs_dense']:.3f} vs target {best['target']:.3f} "
                  f"-> {'met' if best['wall_vs_dense'] <= best['target'] else 'not met'}; PSNR vs dense {best['psnr_vs_dense']:.2f} dB")
        if args.plain:
            plain_speedups(net, x[:1].to(dev), maps[args.methods[0]][:1], sch, args.compile)


if __name__ == "__main__":
    main()
