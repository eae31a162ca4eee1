#!/usr/bin/env bash
# Everything a session with a lent GPU checks and times, prepared so that the
# GPU machine only runs it (it has no LLVM 22 and no norm-opt):
#
#   bench/gpu/device-check.sh build DIR   # here: norm-opt, LLVM 22, CUDA toolkit
#   bench/gpu/device-check.sh run DIR     # GPU machine: PyTorch with CUDA
#
# `build` compiles one library per configuration below (norm_gpu_bench.py
# --dry-run) into DIR/<config>/ and keeps only the shared libraries. `run`
# loads them (--prebuilt), checks every function against float64 PyTorch on
# poisoned outputs with a constant row / channel that must give exactly the
# bias, times the configurations marked `time` against PyTorch and a
# device-to-device copy (gn, gn32: the group norms at the Stable Diffusion
# UNet 2x320x64x64 and 8x512x32x32 shapes, G = 32, and instance_norm at the
# same shapes; the gradients layer_norm_grad / rms_norm_grad at every row
# shape of a configuration, batch_norm_grad at its batch-norm shape and
# group_norm_grad at its group-norm shape,
# against PyTorch's autograd backward, with GB/s counted as 3 x dy's bytes;
# bntwo / bnsingle / bnsingle264: batch_norm_train at a static 32x64x28x28,
# the two launches, then the single-pass persistent kernel at 132 and 264
# blocks, each next to PyTorch in the same run; singleodd checks the
# single-pass kernel at odd sizes with 8 blocks (2 items each), also under
# memcheck; the single-pass configurations run under `timeout 180`, since a
# grid the device cannot hold at once would hang in its grid barrier),
# and finally runs two small configurations under
# compute-sanitizer (memcheck, racecheck) when it is installed. Exit status:
# the number of failed configurations.
#
# Environment: ONLY=REGEX runs the configurations whose name matches;
# SANITIZE=0 skips compute-sanitizer (e.g. for a baseline run next to a new
# build: `SANITIZE=0 ONLY='issue|bn' device-check.sh run .gpu-base`).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=$HERE/norm_gpu_bench.py
mode=${1:?usage: device-check.sh build|run DIR}
dir=${2:?usage: device-check.sh build|run DIR}

# name | time or check | options (the same for build and run)
configs=(
  "issue|time|--shapes issue"
  "bn7|time|--rows 8192 --hidden 768 --batch 128 --channels 2048 --spatial 7"
  "bn28|time|--rows 32768 --hidden 768 --batch 128 --channels 256 --spatial 28"
  "gn|time|--rows 8192 --hidden 768 --gn-batch 2 --gn-channels 320 --gn-spatial 64 --groups 32"
  "gn32|time|--rows 8192 --hidden 768 --gn-batch 8 --gn-channels 512 --gn-spatial 32 --groups 32"
  "odd|check|--shapes 333x1000,1x3,5x65536,2x100003,0x768 --batch 3 --channels 5 --spatial 9 --gn-batch 3 --gn-channels 6 --groups 3 --gn-spatial 9"
  "uncached|check|--shapes 777x4100,64x20000 --rows-per-block 1 --max-cached-vectors 0 --batch 2 --channels 3 --spatial 1 --gn-batch 2 --gn-channels 8 --groups 2 --gn-spatial 40"
  "split|check|--shapes 129x5000,3x40000 --blocks-per-row 3 --blocks-per-channel 7 --batch 5 --channels 17 --spatial 31 --gn-batch 2 --gn-channels 10 --groups 5 --gn-spatial 33"
  "bntwo|time|--rows 8192 --hidden 768 --batch 32 --channels 64 --spatial 28 --static-batch"
  "bnsingle|time|--rows 8192 --hidden 768 --batch 32 --channels 64 --spatial 28 --static-batch --batch-norm-train-single-pass"
  "bnsingle264|time|--rows 8192 --hidden 768 --batch 32 --channels 64 --spatial 28 --static-batch --batch-norm-train-single-pass --persistent-blocks 264"
  "singleodd|check|--shapes 31x33 --batch 3 --channels 5 --spatial 9 --static-batch --batch-norm-train-single-pass --persistent-blocks 8 --blocks-per-channel 3 --gn-batch 1 --gn-channels 4 --groups 2 --gn-spatial 9"
  "scalar|check|--shapes 100x770,31x33 --vector-width 1 --rows-per-block 4 --batch 1 --channels 1 --spatial 300 --gn-batch 1 --gn-channels 4 --groups 1 --gn-spatial 30"
)

case "$mode" in
build)
  mkdir -p "$dir"
  for c in "${configs[@]}"; do
    IFS='|' read -r name kind opts <<<"$c"
    # shellcheck disable=SC2086
    /usr/bin/python3 "$BENCH" --dry-run --build-dir "$dir/$name" $opts \
      >"$dir/$name.build.log" 2>&1 || { cat "$dir/$name.build.log"; exit 1; }
    find "$dir/$name" -type f ! -name '*.so' -delete
  done
  du -sh "$dir"
  ;;
run)
  PY=${PYTHON:-python3}
  export PYTHONUNBUFFERED=1
  log=${OUT:-/tmp}/device-check-$(basename "$dir").log
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem \
    --format=csv | tee "$log"
  failed=0
  seed=$(date +%s)
  for c in "${configs[@]}"; do
    IFS='|' read -r name kind opts <<<"$c"
    [[ "$name" =~ ^(${ONLY:-.*})$ ]] || continue
    extra=""
    [ "$kind" = check ] && extra="--no-time"
    echo "=== $name ($kind, seed $seed): $opts" | tee -a "$log"
    # A persistent grid that the device cannot hold at once never passes
    # its grid barrier: bound the single-pass configurations' time.
    limit=""
    [[ "$opts" == *single-pass* ]] && limit="timeout 180"
    # shellcheck disable=SC2086
    $limit $PY "$BENCH" --prebuilt --build-dir "$dir/$name" --seed "$seed" $opts \
      $extra 2>&1 | tee -a "$log"
    [ "${PIPESTATUS[0]}" = 0 ] || { failed=$((failed + 1)); echo "FAILED: $name" | tee -a "$log"; }
  done
  if [ "${SANITIZE:-1}" = 0 ]; then
    echo "compute-sanitizer: skipped (SANITIZE=0)" | tee -a "$log"
  elif command -v compute-sanitizer >/dev/null; then
    for tool_config in "memcheck split" "racecheck split" "memcheck odd" \
        "memcheck singleodd"; do
      read -r tool name <<<"$tool_config"
      IFS='|' read -r _ _ opts <<<"$(printf '%s\n' "${configs[@]}" | grep "^$name|")"
      echo "=== compute-sanitizer --tool $tool: $name" | tee -a "$log"
      # shellcheck disable=SC2086
      timeout 80 compute-sanitizer --tool "$tool" --error-exitcode 9 \
        --target-processes all \
        $PY "$BENCH" --prebuilt --build-dir "$dir/$name" $opts --no-time \
        2>&1 | tail -25 | tee -a "$log"
      rc=${PIPESTATUS[0]}
      [ "$rc" = 0 ] || { failed=$((failed + 1)); echo "FAILED ($rc): $tool $name" | tee -a "$log"; }
    done
  else
    echo "compute-sanitizer: not installed" | tee -a "$log"
  fi
  echo "=== failed configurations: $failed" | tee -a "$log"
  exit "$failed"
  ;;
*)
  echo "usage: device-check.sh build|run DIR" >&2
  exit 2
  ;;
esac
