"""Training throughput on this machine (a benchmark, not a test): iterations/s, images/s and the share of each step
spent waiting for data, through the package's own `train()`; `--data-only` times the data pipeline alone (items/s of
the prepared dataset through `training_loader`, no model).

Run: python bench/train_speed.py [--config cpu_face_16_64] [--data DIR] [--models tiny small] [--workers 0 2]
     [--limit N] [--steps 30] [--batch-size 4] [--yoda] [--pairs-cache DIR] [--data-only]
The default data is $YODA_DATA/celeba_train. The one-time preparation of the images is timed and printed separately.
"""
import argparse
import dataclasses
import tempfile
import time

import torch

from yoda_nb.core import data_root
from yoda_nb.train import load_config, train, training_data, training_loader


def data_only(ds, cfg, workers: list[int], steps: int):
    "Items/s of the DataLoader over `steps` steps for each worker count (timed from the first batch on)."
    print(f"{'workers':>7s} {'batch':>5s} {'items/s':>9s} {'batches/s':>9s}")
    for w in workers:
        it = iter(training_loader(ds, dataclasses.replace(cfg, steps=steps + 1, num_workers=w)))
        next(it)                                                  # workers started, first batch in
        t0 = time.perf_counter()
        n = sum(len(b["name"]) for b in it)
        dt = time.perf_counter() - t0
        print(f"{w:7d} {cfg.batch_size:5d} {n / dt:9.0f} {steps * cfg.grad_accum / dt:9.1f}")


def training(ds, cfg, models: list[str], workers: list[int]):
    "One short `train()` per model and worker count; its summary's it/s, images/s and data-wait share."
    print(f"{'model':12s} {'batch':>5s} {'workers':>7s} {'it/s':>8s} {'images/s':>9s} {'data wait':>9s}")
    for m in models:
        for w in workers:
            with tempfile.TemporaryDirectory() as d:
                c = dataclasses.replace(cfg, model=m, num_workers=w, out=d, ckpt_every=cfg.steps, log_every=cfg.steps)
                s = train(c, dataset=ds, progress=False)
            print(f"{m:12s} {cfg.batch_size:5d} {w:7d} {s['it_per_s']:8.2f} {s['images_per_s']:9.1f} {s['data_wait']:9.1%}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="cpu_face_16_64", help="a training preset or config file")
    ap.add_argument("--data", default=None, help="image folder (default: $YODA_DATA/celeba_train)")
    ap.add_argument("--models", nargs="+", default=["tiny", "small"], help="model presets to train")
    ap.add_argument("--workers", nargs="+", type=int, default=[0, 2], help="DataLoader worker counts to try")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N images")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--yoda", action="store_true", help="train with attention maps (Eq. 13)")
    ap.add_argument("--pairs-cache", default="", help="folder to keep the prepared pairs between runs")
    ap.add_argument("--mixed-precision", default="no", choices=["no", "bf16", "fp16"])
    ap.add_argument("--data-only", action="store_true", help="time the data pipeline alone")
    a = ap.parse_args()
    data = a.data or data_root("celeba_train", required=True)
    cfg = load_config(a.config, data=str(data), steps=a.steps, batch_size=a.batch_size, limit=a.limit, yoda=a.yoda,
                      pairs_cache=a.pairs_cache, mixed_precision=a.mixed_precision)
    dev = torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"
    t0 = time.perf_counter()
    ds = training_data(cfg, progress=False)
    print(f"# device {dev}, torch {torch.__version__}, {torch.get_num_threads()} threads; {a.config}"
          f" on {data} ({len(ds)} images, {len(ds.skipped)} skipped), HR {cfg.hr_size}, x{cfg.scale}, yoda={cfg.yoda}, "
          f"{cfg.mixed_precision}; prepared in {time.perf_counter() - t0:.1f} s")
    if a.data_only: data_only(ds, cfg, a.workers, a.steps)
    else: training(ds, cfg, a.models, a.workers)


if __name__ == "__main__":
    main()
