#!/usr/bin/env bash
# Issue 17's GPU check in one call of a lent GPU machine (the `device` tool), prepared on the CPU beforehand.
#   bash bench/gpu_session.sh prepare    # here, with $YODA_DATA set: 24 CelebA faces, 8 LR faces and wheels, ignored
#   device run: bash bench/gpu_session.sh run, carry [".whl", ".gpu_data"], timeout_s 590; logs land in $OUT
# `run` also runs on a CPU (PY=python, ARGS="--presets tiny --batches 1 2 --steps 3 --repeats 1") to rehearse it.
set -u
mode=${1:-run}
if [ "$mode" = prepare ]; then
  set -e
  grep -qx "/.gpu_data/" .git/info/exclude || echo "/.gpu_data/" >> .git/info/exclude
  mkdir -p .gpu_data/celeba .gpu_data/lr8
  ls "$YODA_DATA/celeba_train" | head -24 | while read -r f; do cp "$YODA_DATA/celeba_train/$f" .gpu_data/celeba/; done
  python -c "
from yoda_nb.core import save_image
from yoda_nb.perf import face_inputs
for i, lr in enumerate(face_inputs('.gpu_data/celeba', 8, 64, 4)[1]): save_image(lr, f'.gpu_data/lr8/face{i}.png')"
  python -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux2014_x86_64 -d .whl "fastcore==$(python -c 'import fastcore; print(fastcore.__version__)')"
  du -sh .gpu_data .whl; exit 0
fi
PY=${PY:-python3}; ARGS=${ARGS:-}; OUT=${OUT:-/tmp/gpu_out}; mkdir -p "$OUT"
if [ -d .whl ] && [ "$PY" = python3 ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:.
fi
export PYTHONPATH=${PYTHONPATH:-.} HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 MPLBACKEND=Agg PYTHONUNBUFFERED=1
(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1; $PY -c "import torch; print(torch.__version__)") \
  | tee "$OUT/device.txt"
echo "== tests on the device"; timeout 120 $PY -m pytest -q -p no:cacheprovider tests/test_devices.py 2>&1 | tee "$OUT/tests.log"
echo "== sampler"
timeout 220 $PY bench/gpu_check.py --only overhead sampler checkpoint --images .gpu_data/celeba --checkpoint face-16-64 \
  --compile --repeats 2 $ARGS 2>&1 | tee "$OUT/gpu_check_sampler.log"
echo "== yoda sr"
for flags in "" "--sparse-tile 32" "" "--sparse-tile 32" "--sparse-tile 16 --sparse-margin 0"; do
  t0=$(date +%s%N)
  timeout 40 $PY -c 'import sys; from yoda_nb.cli import main; sys.exit(main())' sr --input .gpu_data/lr8 \
    --out /tmp/sr_out --steps 50 --yoda $flags > /tmp/sr.log 2>&1
  echo "yoda sr --yoda --steps 50 $flags (8 faces): rc $?, $(( ($(date +%s%N) - t0) / 1000000 )) ms wall"
done 2>&1 | tee "$OUT/yoda_sr.log"
echo "== forward"
timeout 200 $PY bench/gpu_check.py --only forward --images .gpu_data/celeba --compile sr3_16_128 small $ARGS 2>&1 \
  | tee "$OUT/gpu_check_forward.log"
echo "== done"
