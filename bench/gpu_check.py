"""Sampling and training speed on the machine at hand, GPU or CPU (a benchmark, not a test; under 5 minutes on a GPU).

Prints, with the device named:
  1. UNet forward and training-step ms per preset, batch and precision (fp32/bf16), eager; with --compile, the
     forward of the named presets compiled (torch.compile, static shapes) at the largest batch;
  2. the sampler's overhead at batch 1: per step, the time outside the model's forwards against the time in them
     (forwards timed inside the run), and the run's wall time against as many bare forwards back to back;
  3. per-image wall time of plain, dense YODA and sparse YODA sampling at each batch size, with the update ratio of
     the edge maps; per sparse setting the share of denoiser pixels evaluated and the time against dense YODA, both
     forced (windows whatever the batch size) and as `yoda sr` runs it (the automatic dense fallback);
  4. with --checkpoint (a trained model): each precision / compile setting and sparse setting against fp32 eager dense
     YODA: ms per image, PSNR between the outputs and, with --images, PSNR against the HR images.

Inputs are synthetic images unless --images names a folder of real images (centre squares; faces in the paper).
Without a GPU it runs on the CPU at a small size. Run:
    python bench/gpu_check.py                       # presets for the device: GPU tiny small sr3_16_128, CPU tiny small
    python bench/gpu_check.py --presets tiny --batches 1 2 --steps 3 --repeats 1     # the CI size
    python bench/gpu_check.py --images $YODA_DATA/celeba_train --checkpoint face-16-64 --compile sr3_16_128
"""
import argparse
import time
from dataclasses import replace

import torch

from yoda_nb.core import resize_image, synthetic_image
from yoda_nb.diffusion import Maps, NoiseSchedule, SamplerOptions, SparseOptions, diffusion_loss, get_solver, sample
from yoda_nb.inference import SRSettings, sampler_options, super_resolve
from yoda_nb.masking import update_ratio
from yoda_nb.metrics import psnr
from yoda_nb.models import PRESETS, build_model
from yoda_nb.perf import face_inputs, output_psnr
from yoda_nb.saliency import attention_map
from yoda_nb.checkpoint import load_checkpoint

DTYPES = {"fp32": None, "bf16": torch.bfloat16}
SECTIONS = ["forward", "overhead", "sampler", "checkpoint"]   # the numbered parts above, in order
SCALES = {32: 4, 64: 4, 128: 8}                       # SR factor of each HR size: 8->32, 16->64 and 16->128


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


def inputs(size: int, batch: int, dev, images=None):
    "(HR, LR, bicubic x, edge maps of the LR) of `batch` images at HR `size`: real ones from `images`, else synthetic."
    scale = SCALES.get(size, 4)
    if images: hr, lr, x = face_inputs(images, batch, size, scale)
    else:
        hr = torch.stack([synthetic_image(size, seed=i) for i in range(batch)])
        lr = resize_image(hr, scale=1 / scale)
        x = resize_image(lr, size=(size, size))
    A = torch.stack([attention_map(l_, "edge", size=size) for l_ in lr])
    return hr, lr, x.to(dev), A.to(dev)


def forward_rows(presets, batches, compiled, dev, repeats, images):
    print("\n## UNet forward and training step (ms)")
    print(f"{'preset':12s} {'batch':>5s} {'prec':>5s} {'mode':>8s} {'forward':>9s} {'train step':>11s}")
    for name in presets:
        size = PRESETS[name]["image_size"]
        torch.manual_seed(0)
        net = build_model(name).to(dev)
        opt = torch.optim.AdamW(net.parameters(), lr=1e-5)
        sch = NoiseSchedule.linear(500)
        runs = [("eager", net, batches)] + [("compiled", torch.compile(net, dynamic=False), batches[-1:])] * (
            name in compiled)
        for mode, run, bs in runs:
            for b in bs:
                _, _, x, A = inputs(size, b, dev, images)
                lvl = torch.full((b,), 0.5, device=dev)
                for p in DTYPES:
                    def fwd():
                        with torch.no_grad(), autocast(dev, p): run.eval()(x, x, lvl)
                    def step():
                        net.train()
                        with autocast(dev, p): loss = diffusion_loss(net, x, x, sch, Maps(A, 0.2))
                        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
                    t_step = f"{ms(step, dev, repeats):11.2f}" if mode == "eager" else f"{'-':>11s}"
                    print(f"{name:12s} {b:5d} {p:>5s} {mode:>8s} {ms(fwd, dev, repeats):9.2f} {t_step}", flush=True)


def overhead_rows(presets, dev, steps, repeats, images):
    "The sampler's own time per step at batch 1, two ways (see the module's docstring)."
    print(f"\n## Sampler overhead at batch 1 ({steps} steps; ms per step, medians of {repeats} runs)")
    print(f"{'preset':12s} {'in model':>9s} {'plain out':>9s} {'YODA out':>9s} {'forwards':>9s} {'plain run':>9s} "
          f"{'YODA run':>9s}   overhead: outside/in model; run/forwards")
    for name in presets:
        size = PRESETS[name]["image_size"]
        torch.manual_seed(0)
        net = build_model(name).to(dev).eval()
        _, _, x, A = inputs(size, 1, dev, images)
        lvl = torch.full((1,), 0.5, device=dev)
        sch = NoiseSchedule.linear(500).respace(steps)
        spent = []
        def timed(*a, **k):
            sync(dev); t0 = time.perf_counter(); out = net(*a, **k); sync(dev)
            spent.append(time.perf_counter() - t0); return out
        def split(A_):
            res = []
            for _ in range(repeats + 1):                                           # the first run warms up
                spent.clear(); sync(dev); t0 = time.perf_counter()
                sample(timed, x, sch, _maps(A_), noise=torch.Generator().manual_seed(0)); sync(dev)
                res.append(((time.perf_counter() - t0) - sum(spent), sum(spent)))
            outside, inside = sorted(res[1:])[len(res[1:]) // 2]
            return outside / steps * 1e3, inside / steps * 1e3
        def forwards():
            with torch.inference_mode():
                for _ in range(steps): net(x, x, lvl)
        run = lambda A_: ms(lambda: sample(net, x, sch, _maps(A_), noise=torch.Generator().manual_seed(0)),
                            dev, repeats) / steps
        (po, pi), (yo, yi) = split(None), split(A)
        f, rp, ry = ms(forwards, dev, repeats) / steps, run(None), run(A)
        print(f"{name:12s} {pi:9.2f} {po:9.3f} {yo:9.3f} {f:9.2f} {rp:9.2f} {ry:9.2f}   plain {po / pi * 100:.1f}% "
              f"{(rp / f - 1) * 100:+.1f}%, YODA {yo / yi * 100:.1f}% {(ry / f - 1) * 100:+.1f}%", flush=True)


def _maps(A):
    "YODA's maps at l = 0.2, or None for plain sampling."
    return None if A is None else Maps(A, 0.2)


def sparse_settings(size: int) -> list[SparseOptions]:
    "The sparse settings timed per HR size: tiles with a margin of half a tile, and bare tiles."
    return [SparseOptions(32, 16), SparseOptions(32, 0), SparseOptions(16, 0)] if size >= 128 else \
        [SparseOptions(16, 8), SparseOptions(16, 0), SparseOptions(8, 4)]


def sampler_rows(presets, batches, dev, steps, repeats, images):
    print(f"\n## Per-image wall time of sampling ({steps} steps), ms per image; sparse YODA with tile t and margin m: "
          "'forced' runs windows at any image size, 'auto' is the default (dense below `dense_below` pixels per image)")
    print(f"{'preset':12s} {'batch':>5s} {'upd.ratio':>9s} {'plain':>8s} {'dense':>8s} {'t/m':>6s} {'sparse':>8s} "
          f"{'computed':>8s} {'forced/dense':>12s} {'auto/dense':>10s}")
    for name in presets:
        size = PRESETS[name]["image_size"]
        torch.manual_seed(0)
        net = build_model(name).to(dev).eval()
        sch = NoiseSchedule.linear(500).respace(steps)
        for b in batches:
            _, _, x, A = inputs(size, b, dev, images)
            base = SamplerOptions(history="restart")         # the history windows allow, so dense and sparse compare
            run = lambda A_, o=base, cb=None: sample(net, x, sch, _maps(A_), o, torch.Generator().manual_seed(0), cb)
            t_plain, t_dense = ms(lambda: run(None), dev, repeats) / b, ms(lambda: run(A), dev, repeats) / b
            ratio = update_ratio(A.cpu(), steps, 0.2).mean().item()
            for sp in sparse_settings(size):
                shares = []
                forced = replace(base, sparse=replace(sp, dense_below=0))
                t_sparse = ms(lambda: run(A, forced, lambda s: shares.append(s.computed)), dev, repeats) / b
                t_auto = ms(lambda: run(A, replace(base, sparse=sp)), dev, repeats) / b
                print(f"{name:12s} {b:5d} {ratio:9.3f} {t_plain:8.1f} {t_dense:8.1f} {f'{sp.tile}/{sp.margin}':>6s} "
                      f"{t_sparse:8.1f} {torch.stack(shares).mean().item():8.3f} {t_sparse / t_dense:12.3f} "
                      f"{t_auto / t_dense:10.3f}", flush=True)


def checkpoint_rows(checkpoint, dev, steps, compile_, images, n: int = 16):
    "Precision, compilation and sparse settings on a trained model against fp32 eager dense YODA."
    model, spec, step = load_checkpoint(checkpoint, device=dev)
    hr_size = spec.lr_size * spec.scale
    hr, lr, _, _ = inputs(hr_size, n, dev, images)
    lrs = list(lr)
    print(f"\n## {checkpoint} ({spec.arch} {spec.net.get('inner', '')}, step {step}), {n} {'real' if images else 'synthetic'} images, {steps} "
          f"steps, YODA as trained: each setting against fp32 eager dense YODA")
    print(f"{'setting':28s} {'ms/image':>9s} {'PSNR vs fp32':>12s} {'PSNR vs HR':>10s}")
    ref = None
    runs = [(p, False, None) for p in ("fp32", "bf16", "fp16") if p != "fp16" or dev.type == "cuda"]
    runs += [(p, True, None) for p in ("fp32", "bf16") if compile_]
    runs += [("fp32", False, sp) for sp in sparse_settings(hr_size)]
    multistep = get_solver(sampler_options(model)).order > 1             # then all restart, as windows must
    for prec, comp, sp in runs:
        s = SRSettings(steps=steps, precision=prec, compile=comp, channels_last=comp, batch_size=n)
        opts = sampler_options(model, ({"history": "restart"} if multistep else {})
                               | ({} if sp is None else {"sparse": replace(sp, dense_below=0)}))
        go = lambda: torch.stack(super_resolve(model, lrs, s, opts, progress=False))
        go()                                                                        # warm-up (and compilation)
        sync(dev); t0 = time.perf_counter(); out = go(); sync(dev)
        t = (time.perf_counter() - t0) / n * 1e3
        ref = out if ref is None else ref
        what = f"{prec} {'compiled+cl' if comp else 'eager'}" + (f" sparse t{sp.tile} m{sp.margin}" if sp else "")
        vs_hr = sum(psnr(o, h, protocol="rgb") for o, h in zip(out, hr)) / n
        print(f"{what:28s} {t:9.1f} {output_psnr(out, ref):12.2f} {vs_hr:10.2f}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sr3 = [k for k, v in PRESETS.items() if v["arch"] == "sr3"]
    ap.add_argument("--presets", nargs="+", default=None, choices=sr3)
    ap.add_argument("--batches", nargs="+", type=int, default=[1, 4, 16])
    ap.add_argument("--steps", type=int, default=20, help="sampling steps (respaced from T = 500)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--compile", nargs="*", default=None, choices=sr3, metavar="PRESET",
                    help="also time these presets' forwards compiled at the largest batch (no name: every preset), "
                         "and the checkpoint compiled")
    ap.add_argument("--images", default=None, help="a folder of real images (default: synthetic images)")
    ap.add_argument("--checkpoint", default=None, help="a trained model for the precision/compile/sparse check")
    ap.add_argument("--only", nargs="+", default=SECTIONS, choices=SECTIONS, help="run only these sections")
    args = ap.parse_args()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    presets = args.presets or (["tiny", "small", "sr3_16_128"] if dev.type == "cuda" else ["tiny", "small"])
    compiled = [] if args.compile is None else args.compile or presets
    name = torch.cuda.get_device_name() if dev.type == "cuda" else f"CPU, {torch.get_num_threads()} threads"
    print(f"# device {dev.type} ({name}), torch {torch.__version__}; untrained weights unless --checkpoint; "
          f"{'images from ' + args.images if args.images else 'synthetic images'}", flush=True)
    if "forward" in args.only: forward_rows(presets, args.batches, compiled, dev, args.repeats, args.images)
    if "overhead" in args.only: overhead_rows(presets, dev, args.steps, args.repeats, args.images)
    if "sampler" in args.only: sampler_rows(presets, args.batches, dev, args.steps, args.repeats, args.images)
    if "checkpoint" in args.only and args.checkpoint:
        checkpoint_rows(args.checkpoint, dev, args.steps, args.compile is not None, args.images, max(args.batches))


if __name__ == "__main__":
    main()
