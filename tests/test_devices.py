"""The sampler on every device at hand: the CPU always, CUDA when present (run there by `bench/gpu_session.sh`).

On CUDA these are the cases 0.1.0 got wrong: sparse windows small enough that PyTorch's memory-efficient attention
refused their strided q/k/v ("cutlassF: no kernel found to launch"), on the paper's 16->128 UNet at batch 1, fp32."""
import pytest
import torch

from yoda_nb.diffusion import Maps, NoiseSchedule, SamplerOptions, SparseOptions, sample
from yoda_nb.models import build_model, one_head

DEVICES = ["cpu"] + ["cuda"] * torch.cuda.is_available()
SCH = NoiseSchedule.linear(500).respace(4)


def _net_and_inputs(preset: str, device: str):
    torch.manual_seed(0)
    net = build_model(preset).to(device).eval()
    s = net.config["image_size"]
    g = torch.Generator().manual_seed(1)
    x, A = torch.rand(1, 3, s, s, generator=g) * 2 - 1, torch.zeros(1, s, s)
    A[:, : s // 4, : s // 2] = torch.rand(s // 4, s // 2, generator=g)     # attention in one corner: few active tiles
    return net, x.to(device), A.to(device)


def _run(net, x, A, opts=SamplerOptions()):
    return sample(net, x, SCH, None if A is None else Maps(A, 0.2), opts, torch.Generator().manual_seed(0))


@pytest.mark.parametrize("device", DEVICES)
def test_yoda_with_A_one_is_plain_sampling_on_the_device(device):
    net, x, A = _net_and_inputs("tiny", device)
    assert torch.equal(_run(net, x, torch.ones_like(A)), _run(net, x, None))


@pytest.mark.parametrize("device", DEVICES)
def test_sparse_windows_run_at_the_shapes_that_crashed_on_cuda(device):
    preset, tiles = ("sr3_16_128", (32, 16)) if device == "cuda" else ("tiny", (16, 8))   # 16->128: slow on a CPU
    net, x, A = _net_and_inputs(preset, device)
    dense = _run(net, x, A)
    for tile in tiles:                                                # multiples of the UNet's factor (16, 4)
        out = _run(net, x, A, SamplerOptions(sparse=SparseOptions(tile, 0, dense_below=0)))
        assert out.shape == dense.shape and torch.isfinite(out).all()
        assert not torch.equal(out, dense)                            # windows, not the dense fallback
    assert one_head(torch.randn(2, 8, 16, device=device)).is_contiguous() == (device == "cuda")


@pytest.mark.parametrize("device", DEVICES)
def test_the_same_seed_gives_the_same_image_on_every_device(device):
    "The noise is drawn on the CPU and moved, so a device changes the result only by its float rounding."
    if device == "cpu": pytest.skip("the CPU run is the reference; there is no other device here to compare with it")
    net, x, A = _net_and_inputs("tiny", "cpu")
    here = _run(net.to(device), x.to(device), A.to(device)).cpu()
    assert (here - _run(net.cpu(), x, A)).abs().max() < 1e-3
