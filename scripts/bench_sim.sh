#!/usr/bin/env bash
# Benchmark (prints figures, never fails on speed): how long the Verilated model of the full v2
# accelerator (8 x 2 cluster groups, 192 PEs) takes to build from scratch, and how many cycles per
# second it simulates on real layers, for the hierarchical model (the cluster group compiled once,
# the default build) and, for the ratio from the same run, the flat model it replaced.
#
#   scripts/bench_sim.sh                 clean builds (ccache off), then the layers on both
#   BENCH_FLAT=0 scripts/bench_sim.sh    the hierarchical model only (~2 min instead of ~10)
#   BENCH_KEEP=1 scripts/bench_sim.sh    reuse earlier build trees (speed only)
#
# Ends with the two lines `v2 build seconds: X` (cold: configure, verilation and C++ of ev2run)
# and `v2 simulated cycles/s: Y` (MobileNet-0.5-128 conv1 and conv2_pw, sparse, one process).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BENCH_BUILD:-build-bench-v2}
JOBS=${JOBS:-$(nproc)}
FLAT=${BENCH_FLAT:-1}
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")

# build <dir> <extra cmake args...>: a clean tree with only ev2run; prints the build seconds.
build() {
  local dir=$1
  shift
  if [[ -n "${BENCH_KEEP:-}" && -x "$dir/sim/ev2run" ]]; then
    echo "-"
    return
  fi
  rm -rf "$dir"
  local t0 t1
  t0=$(date +%s.%N)
  CCACHE_DISABLE=1 cmake -S . -B "$dir" -G Ninja -DEV2_CONFIG=v2 -DEV2_TEST_DIRS=none -DEV2_BENCHES=OFF "$@" \
    > "$dir.configure.log" 2>&1 || { tail -40 "$dir.configure.log" >&2; exit 1; }
  CCACHE_DISABLE=1 cmake --build "$dir" -j "$JOBS" --target ev2run > "$dir.build.log" 2>&1 \
    || { tail -40 "$dir.build.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  printf '%.0f\n' "$(echo "$t1 - $t0" | bc)"
}

# rate <dir>: simulated cycles per second of ev2run on the two layers (its 'simulation:' line).
rate() {
  "$1/sim/ev2run" sim/workloads/mobilenet_v1_0.5_128.layers --layer conv1 --layer conv2_pw \
    --weight-density 0.4 --iact-density 0.5 --label bench > "$1.run.log"
  grep -E "^(conv1|conv2_pw) " "$1.run.log" | awk -v m="$2" '{printf "  %-8s %-9s %s cycles, %s\n", m, $1, $2, $NF}' >&2
  sed -n 's/^simulation: .* = \([0-9]*\) cycles\/s/\1/p' "$1.run.log"
}

echo "bench-sim at $commit, $JOBS jobs, $(nproc) cores"
hier_s=$(build "$BUILD")
cpp_mb=$(du -sm "$BUILD/ev2_top_model.models" 2>/dev/null | cut -f1 || echo "?")
echo "hierarchical v2 model (ev2_cluster_group compiled once): build $hier_s s, $cpp_mb MB of build output"
if [[ "$FLAT" != 0 ]]; then
  flat_s=$(build "$BUILD-flat" -DEV2_HIER_BLOCK=)
  echo "flat v2 model (every instance compiled): build $flat_s s"
fi

# Speed: the two models one after the other, twice, alone on the machine (the ratio is what counts).
hier_r=$(rate "$BUILD" hier)
if [[ "$FLAT" != 0 ]]; then
  flat_r=$(rate "$BUILD-flat" flat)
  hier_r2=$(rate "$BUILD" hier)
  flat_r2=$(rate "$BUILD-flat" flat)
  hier_r=$(((hier_r + hier_r2) / 2))
  flat_r=$(((flat_r + flat_r2) / 2))
  echo "flat v2 simulated cycles/s: $flat_r"
  printf 'ratio hierarchical / flat: build %s, simulation %s\n' \
    "$( [[ "$hier_s" != - && "$flat_s" != - ]] && echo "scale=3; $hier_s / $flat_s" | bc || echo -)" \
    "$(echo "scale=2; $hier_r / $flat_r" | bc)"
fi
echo "v2 build seconds: $hier_s"
echo "v2 simulated cycles/s: $hier_r"
