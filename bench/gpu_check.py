"""Sampling and training speed on the machine at hand, GPU or CPU (a benchmark, not a test; under 5 minutes on a GPU).

Prints, with the device named:
  1. UNet forward and training-step ms per preset, batch and precision (fp32/bf16), eager and (--compile) compiled;
  2. the sampler's overhead: ms per plain / dense-YODA sampler step against the bare forward it wraps (batch 1);
  3. per-image wall time of plain, dense YODA and sparse YODA sampling at each batch size, with the update ratio of
     the edge maps and the share of denoiser pixels sparse YODA evaluated; and, for a model with trained weights
     (--checkpoint), the PSNR between the outputs of each precision / compile setting and fp32 eager.

Without a GPU it runs on the CPU at a small size. Run:
    python bench/gpu_check.py                       # presets for the device: GPU tiny small sr3_16_128, CPU tiny small
    python bench/gpu_check.py --presets tiny --batches 1 2 --steps 3 --repeats 1     # the CI size
    python bench/gpu_check.py --checkpoint face-16-64 --compile                       # also precision/compile PSNR
"""
import argparse
import time

import torch

from yoda_nb.core import resize_image, synthetic_image
from yoda_nb.diffusion import NoiseSchedule, SamplerOptions, SparseOptions, diffusion_loss, sample
from yoda_nb.inference import SRSettings, super_resolve
from yoda_nb.masking import update_ratio
from yoda_nb.models import PRESETS, build_model
from yoda_nb.perf import output_psnr
from yoda_nb.saliency import attention_map
from yoda_nb.train import load_checkpoint

DTYPES = {"fp32": None, "bf16": torch.bfloat16}


def sync(dev):
    if dev.type == "cuda": torch.cuda.synchronize()


def ms(fn, dev, repeats: int) -> float:
    "Median wall time of `fn()` in ms after one warm-up call."
    fn(); sync(dev)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); fn(); sync(dev); times.append((time.perf_counter() - t0) * 1e3)
    return sorted(times)[len(times) // 2]


def autocast(dev, precision):
    return torch.autocast(dev.type, dtype=DTYPES[precision], enabled=DTYPES[precision] is not None)


def inputs(size: int, batch: int, dev, scale: int = 4):
    "HR-size bicubic x and edge maps of the LR versions of synthetic images (no data needed)."
    hr = torch.stack([synthetic_image(size, seed=i) for i in range(batch)])
    lr = resize_image(hr, scale=1 / scale)
    A = torch.stack([attention_map(l_, "edge", size=size) for l_ in lr])
    return resize_image(lr, size=(size, size)).to(dev), A.to(dev)


def forward_rows(presets, batches, precisions, compile_, dev, repeats):
    print("\n## UNet forward and training step (ms)")
    print(f"{'preset':12s} {'batch':>5s} {'prec':>5s} {'mode':>8s} {'forward':>9s} {'train step':>11s}")
    for name in presets:
        size = PRESETS[name]["image_size"]
        for mode in ["eager"] + ["compiled"] * compile_:
            torch.manual_seed(0)
            net = build_model(name).to(dev)
            run = torch.compile(net) if mode == "compiled" else net
            opt = torch.optim.AdamW(net.parameters(), lr=1e-5)
            sch = NoiseSchedule.linear(500)
            for b in batches:
                x, A = inputs(size, b, dev)
                lvl = torch.full((b,), 0.5, device=dev)
                for p in precisions:
                    def fwd():
                        with torch.no_grad(), autocast(dev, p): run.eval()(x, x, lvl)
                    def step():
                        run.train()
                        with autocast(dev, p): loss = diffusion_loss(run, x, x, sch, A, 0.2)
                        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
                    print(f"{name:12s} {b:5d} {p:>5s} {mode:>8s} {ms(fwd, dev, repeats):9.2f} {ms(step, dev, repeats):11.2f}")


def overhead_rows(presets, dev, steps, repeats):
    "The sampler's own time per step: a run's wall time minus the time spent inside the model's forwards, timed in it."
    print(f"\n## Sampler overhead at batch 1 ({steps} steps): per step, time outside the model / time in the model")
    print(f"{'preset':12s} {'forward':>9s} {'plain':>9s} {'YODA':>9s}   (ms; medians of {repeats} runs)")
    for name in presets:
        size = PRESETS[name]["image_size"]
        torch.manual_seed(0)
        net = build_model(name).to(dev).eval()
        x, A = inputs(size, 1, dev)
        sch = NoiseSchedule.linear(500).respace(steps)
        spent = []
        def timed(*a, **k):
            sync(dev); t0 = time.perf_counter(); out = net(*a, **k); sync(dev)
            spent.append(time.perf_counter() - t0); return out
        def run(A_):
            res = []
            for _ in range(repeats + 1):                                           # the first run warms up
                spent.clear(); sync(dev); t0 = time.perf_counter()
                sample(timed, x, sch, A_, 0.2, torch.Generator(device=dev).manual_seed(0)); sync(dev)
                res.append(((time.perf_counter() - t0) - sum(spent), sum(spent)))
            outside, inside = sorted(res[1:])[len(res[1:]) // 2]
            return outside / steps * 1e3, inside / steps * 1e3
        (po, pi), (yo, yi) = run(None), run(A)
        print(f"{name:12s} {pi:9.2f} {po:9.3f} {yo:9.3f}   overhead plain {po / pi * 100:.1f}%, YODA {yo / yi * 100:.1f}%")


def sampler_rows(presets, batches, dev, steps, repeats, tile, margin):
    print(f"\n## Per-image wall time of sampling ({steps} steps), ms per image; sparse YODA with tile t and margin m")
    print(f"{'preset':12s} {'batch':>5s} {'upd.ratio':>9s} {'plain':>8s} {'dense':>8s} {'sparse':>8s} {'t/m':>6s} "
          f"{'computed':>8s} {'sparse/dense':>12s}")
    for name in presets:
        size = PRESETS[name]["image_size"]
        t_ = tile or (32 if size >= 128 else 8)
        m_ = t_ // 2 if margin is None else margin
        sparse = SamplerOptions(sparse=SparseOptions(tile=t_, margin=m_))
        torch.manual_seed(0)
        net = build_model(name).to(dev).eval()
        sch = NoiseSchedule.linear(500).respace(steps)
        for b in batches:
            x, A = inputs(size, b, dev)
            shares = []
            run = lambda A_, o=SamplerOptions(), cb=None: sample(net, x, sch, A_, 0.2,
                                                                  torch.Generator(device=dev).manual_seed(0), o,
                                                                  callback=cb)
            t_plain, t_dense = ms(lambda: run(None), dev, repeats) / b, ms(lambda: run(A), dev, repeats) / b
            t_sparse = ms(lambda: run(A, sparse, lambda s: shares.append(s.computed)), dev, repeats) / b
            ratio = update_ratio(A.cpu(), steps, 0.2).mean().item()
            print(f"{name:12s} {b:5d} {ratio:9.3f} {t_plain:8.1f} {t_dense:8.1f} {t_sparse:8.1f} {f'{t_}/{m_}':>6s} "
                  f"{sum(shares) / len(shares):8.3f} {t_sparse / t_dense:12.3f}")


def precision_rows(checkpoint, dev, steps, compile_):
    model, cfg, step = load_checkpoint(checkpoint, device=dev)
    hr = torch.stack([synthetic_image(cfg.hr_size, seed=100 + i) for i in range(4)])
    lrs = list(resize_image(hr, scale=1 / cfg.scale))
    print(f"\n## Precision and compilation on {checkpoint} ({cfg.model}, step {step}): PSNR of outputs against fp32 eager")
    ref = None
    for prec, comp in [("fp32", False), ("bf16", False), ("fp16", False)] + [("fp32", True), ("bf16", True)] * compile_:
        if prec == "fp16" and dev.type != "cuda": continue
        s = SRSettings(steps=steps, precision=prec, compile=comp, channels_last=comp)
        super_resolve(model, lrs[:1], cfg, s, progress=False)                       # warm-up (and compilation)
        sync(dev); t0 = time.perf_counter()
        out = torch.stack(super_resolve(model, lrs, cfg, s, progress=False)); sync(dev)
        t = (time.perf_counter() - t0) / len(lrs) * 1e3
        ref = out if ref is None else ref
        print(f"  {prec:5s} {'compiled' if comp else 'eager':8s} {t:8.1f} ms/image   PSNR vs fp32 eager "
              f"{output_psnr(out, ref):6.2f} dB")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presets", nargs="+", default=None, choices=[k for k, v in PRESETS.items() if v["arch"] == "sr3"])
    ap.add_argument("--batches", nargs="+", type=int, default=[1, 4, 16])
    ap.add_argument("--steps", type=int, default=20, help="sampling steps (respaced from T = 500)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--compile", action="store_true", help="also time torch.compile'd models")
    ap.add_argument("--sparse-tile", type=int, default=None, help="default: 32 for 128-pixel presets, else 8")
    ap.add_argument("--sparse-margin", type=int, default=None, help="default: tile / 2")
    ap.add_argument("--checkpoint", default=None, help="a trained model for the precision/compile PSNR check")
    args = ap.parse_args()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    presets = args.presets or (["tiny", "small", "sr3_16_128"] if dev.type == "cuda" else ["tiny", "small"])
    name = torch.cuda.get_device_name() if dev.type == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    print(f"# device {dev.type} ({name}), torch {torch.__version__}; untrained weights unless --checkpoint")
    precisions = ["fp32", "bf16"]
    forward_rows(presets, args.batches, precisions, args.compile, dev, args.repeats)
    overhead_rows(presets, dev, args.steps, args.repeats)
    sampler_rows(presets, args.batches, dev, args.steps, args.repeats, args.sparse_tile, args.sparse_margin)
    if args.checkpoint: precision_rows(args.checkpoint, dev, args.steps, args.compile)


if __name__ == "__main__":
    main()
