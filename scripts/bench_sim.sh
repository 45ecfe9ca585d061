#!/usr/bin/env bash
# Benchmark (prints figures, never fails on speed): how long the Verilated model of the full v2
# accelerator (8 x 2 cluster groups, 192 PEs) takes to build from scratch, and how many cycles per
# second it simulates on real layers.
#
#   scripts/bench_sim.sh            clean build in build-bench-v2 (ccache off), then the layers
#   BENCH_KEEP=1 scripts/bench_sim.sh   reuse an earlier build-bench-v2 (speed only)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BENCH_BUILD:-build-bench-v2}
JOBS=${JOBS:-$(nproc)}

if [[ -z "${BENCH_KEEP:-}" || ! -x "$BUILD/sim/ev2run" ]]; then
  rm -rf "$BUILD"
  export CCACHE_DISABLE=1
  t0=$(date +%s.%N)
  # Configuring runs Verilator on every model of the tree; ev2run's is the v2 top.
  cmake -S . -B "$BUILD" -G Ninja -DEV2_CONFIG=v2 -DEV2_TEST_DIRS=none -DEV2_BENCHES=OFF > "$BUILD.configure.log" 2>&1 \
    || { tail -40 "$BUILD.configure.log"; exit 1; }
  t1=$(date +%s.%N)
  cmake --build "$BUILD" -j "$JOBS" --target ev2run > "$BUILD.build.log" 2>&1 || { tail -40 "$BUILD.build.log"; exit 1; }
  t2=$(date +%s.%N)
  cpp_mb=$(du -sm "$BUILD"/sim/CMakeFiles/ev2_top_model.dir/Vev2_top.dir 2>/dev/null | cut -f1 || echo "?")
  printf 'v2 model: configure + verilate %.0f s, C++ compile %.0f s on %s jobs (%s MB of generated C++)\n' \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$JOBS" "$cpp_mb"
  printf 'v2 build seconds: %.0f\n' "$(echo "$t2 - $t0" | bc)"
fi

# Speed on real layers: a dense-ish CONV and a sparse pointwise layer of MobileNet-0.5-128.
"$BUILD/sim/ev2run" sim/workloads/mobilenet_v1_0.5_128.layers --layer conv1 --layer conv2_pw \
  --weight-density 0.4 --iact-density 0.5 --label bench | tee "$BUILD.run.log" | grep -E "^(conv|total|simulation)"
rate=$(sed -n 's/^simulation: .* = \([0-9]*\) cycles\/s/\1/p' "$BUILD.run.log")
echo "v2 simulation cycles/s: $rate"
