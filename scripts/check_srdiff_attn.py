"""Check SRDiff's `use_attn: true` against LeiaLi's own code (run by hand where that code is present; CI cannot).

    python scripts/check_srdiff_attn.py SRDIFF_ROOT [EINOPS_DIR]

SRDIFF_ROOT is a checkout of github.com/LeiaLi/SRDiff; EINOPS_DIR a folder holding einops when the environment has
none (`pip install --target DIR einops`). Their UNet and RRDB are built from the tiny fixture's config with
`use_attn: true` and random weights (the Rezero gain set to 0.8 so the attention counts), written as their trainer
writes a checkpoint, loaded by `load_checkpoint`, and both networks are run on the same inputs.
"""
import sys
import tempfile
from pathlib import Path

import torch
import yaml

from yoda_nb.checkpoint import load_checkpoint
from yoda_nb.core import reference_root


def main(root: str, einops_dir: str | None = None):
    sys.path[:0] = [root] + ([einops_dir] if einops_dir else [])
    from utils.hparams import hparams                                       # their global configuration
    ref = reference_root()
    if ref is None: sys.exit("No reference fixtures ($YODA_REFERENCE, or reference/ beside $YODA_DATA).")
    hp = yaml.safe_load((ref / "srdiff" / "config.yaml").read_text()) | {"use_attn": True}
    hparams.update(hp)
    from models.diffsr_modules import RRDBNet, Unet
    torch.manual_seed(0)
    unet = Unet(hp["hidden_size"], out_dim=3, cond_dim=hp["rrdb_num_feat"],
                dim_mults=[int(m) for m in str(hp["unet_dim_mults"]).split("|")])
    rrdb = RRDBNet(3, 3, hp["rrdb_num_feat"], hp["rrdb_num_block"], hp["rrdb_num_feat"] // 2)
    with torch.no_grad():
        for p in unet.parameters(): p.normal_(0, 0.08)                      # O(1) activations without norm layers
        unet.mid_attn.fn.g.fill_(0.8)
    sd = {f"denoise_fn.{k}": v for k, v in unet.state_dict().items()}
    sd |= {f"rrdb.{k}": v for k, v in rrdb.state_dict().items()}
    with tempfile.TemporaryDirectory() as d:
        torch.save({"state_dict": {"model": sd}, "global_step": 3}, f"{d}/model_ckpt_steps_3.ckpt")
        (Path(d) / "config.yaml").write_text(yaml.safe_dump(hp))
        ck = load_checkpoint(f"{d}/model_ckpt_steps_3.ckpt")
    x, lr, t = torch.randn(2, 3, 32, 32), torch.rand(2, 3, 8, 8) * 2 - 1, torch.tensor([5, 17])
    with torch.no_grad():
        theirs = unet(x, t, rrdb(lr, True)[1], None)
        ours = ck.model(x, None, t.float(), **ck.model.condition(lr))
        unet.mid_attn.fn.g.fill_(0.0)
        without = unet(x, t, rrdb(lr, True)[1], None)
    print(f"use_attn: true  |ours - theirs| max {(ours - theirs).abs().max():.1e}; "
          f"the attention changes their output by up to {(theirs - without).abs().max():.1e}")


if __name__ == "__main__": main(*sys.argv[1:])
