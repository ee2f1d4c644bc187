"Cross-module checks: saliency -> masking -> diffusion -> models, on synthetic and (when present) real images."
from dataclasses import replace

import torch

from yoda_nb.core import list_images, load_image, resize_image, synthetic_image
from yoda_nb.diffusion import Maps, NoiseSchedule, SamplerOptions, SparseOptions, diffusion_loss, sample
from yoda_nb.masking import update_ratio
from yoda_nb.models import build_model
from yoda_nb.saliency import attention_map


def test_yoda_loss_trains_a_tiny_unet():
    "A few AdamW steps with the masked loss on one image reduce the loss: the loss, masks and model fit together."
    torch.manual_seed(0)
    hr = synthetic_image(32)[None].repeat(4, 1, 1, 1)
    x = resize_image(resize_image(hr, scale=1 / 4), size=(32, 32))
    A = attention_map(hr[0], "edge", size=32)[None].repeat(4, 1, 1)
    model = build_model("tiny")
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    sch = NoiseSchedule.linear(100)

    def loss_at(seed):
        return diffusion_loss(model, hr, x, sch, Maps(A, 0.2), generator=torch.Generator().manual_seed(seed))

    with torch.no_grad():
        before = sum(loss_at(s).item() for s in range(5))
    for step in range(60):
        opt.zero_grad(); loss_at(1000 + step).backward(); opt.step()
    with torch.no_grad():
        after = sum(loss_at(s).item() for s in range(5))
    assert after < 0.8 * before, (before, after)


def test_sampler_with_unet_is_seeded_and_mask_dependent():
    model = build_model("tiny").eval()
    hr = synthetic_image(32)[None]
    x = resize_image(resize_image(hr, scale=1 / 4), size=(32, 32))
    A = attention_map(x[0], "sift")
    sch = NoiseSchedule.linear(500).respace(10)
    a = sample(model, x, sch, Maps(A, 0.2), noise=torch.Generator().manual_seed(1))
    b = sample(model, x, sch, Maps(A, 0.2), noise=torch.Generator().manual_seed(1))
    c = sample(model, x, sch, None, noise=torch.Generator().manual_seed(1))
    assert torch.equal(a, b) and not torch.equal(a, c)
    assert torch.isfinite(a).all()


def test_real_faces_give_partial_update_ratios(data):
    files = sorted((data / "celeba_train").glob("*.jpg"))[:8]
    ratios = []
    for f in files:
        hr = load_image(f)[:, 20:198, :]
        lr = resize_image(resize_image(hr, size=(128, 128)), scale=1 / 8)
        ratios.append(update_ratio(attention_map(lr, "sift", size=128), 500, 0.2).item())
    assert all(0.2 <= r < 0.9 for r in ratios), ratios


def test_set5_images_load_as_rgb(data):
    for f in list_images(data / "set5" / "HR"):
        img = load_image(f)
        assert img.shape[0] == 3 and img.min() >= -1 and img.max() <= 1


def test_srdiff_patches_from_real_training_folders(data, tmp_path):
    "bsd200_train + t91_partial as SRDiff sees them: whole images, random 16x16 LR patches on the LR grid, cropped maps."
    from yoda_nb.data import SRPairs
    ds = SRPairs(f"{data / 'bsd200_train'},{data / 't91_partial'}", hr_size=64, scale=4, method="edge",
                 cache=tmp_path, crop="random", indices=[0, 1, 210], progress=False)
    assert len(ds) == 3 and ds.skipped == []
    for j in range(3):
        hr, lr = ds.hr[j], ds.lr[j]
        assert hr.shape[-2] == lr.shape[-2] * 4 and hr.shape[-1] == lr.shape[-1] * 4
        it = ds[(j, True, (0.3, 0.7))]
        assert it["hr"].shape == (3, 64, 64) and it["lr"].shape == (3, 16, 16) and it["A"].shape == (64, 64)
        assert 0 <= it["A"].min() and it["A"].max() <= 1


def test_sparse_windows_really_run_and_are_exact_for_a_pixel_local_model():
    """Windows forced (dense_below=0): a pixel-local model gives the dense output bit for bit while the share of
    evaluated pixels is below 1 (so windows ran); the UNet, which sees its window only, gives a different output. Both
    with the history restarted where the mask grows: the only reading windows allow (outside them there is none)."""
    torch.manual_seed(0)
    x = torch.rand(2, 3, 32, 32) * 2 - 1
    A = torch.zeros(2, 32, 32); A[0, :8, :8] = 1; A[1, 20:28, 4:12] = 0.5
    sch = NoiseSchedule.linear(500).respace(6)
    dense = SamplerOptions(history="restart")
    forced = replace(dense, sparse=SparseOptions(tile=8, margin=0, dense_below=0))
    local = lambda z, x_, level: 0.3 * z - 0.1 * x_ + 0.01 * level.view(-1, 1, 1, 1)
    run = lambda m, opts=dense, cb=None: sample(m, x, sch, Maps(A, 0.2), opts, torch.Generator().manual_seed(3),
                                                           cb)
    shares = []
    assert torch.equal(run(local, forced, lambda s: shares.append(s.computed)), run(local))
    shares = torch.stack(shares)                                          # [steps, images]
    assert shares.min() < 0.5 and (shares[-1] == 1.0).all(), shares       # early masks are small; the end is dense
    unet = build_model("tiny").eval()
    assert not torch.equal(run(unet, forced), run(unet))                  # 8x8 windows see less context
    below = []                                                            # and under the automatic threshold: dense
    run(local, SamplerOptions(sparse=SparseOptions(tile=8, margin=0)), lambda s: below.append(s.computed))
    assert (torch.stack(below) == 1.0).all()
