#!/usr/bin/env bash
# Reads the whole RTL of a configuration into Yosys and elaborates one top, as `make synth` does,
# without synthesizing: seconds instead of minutes, so the tests can run it. Fails on what Yosys
# 0.23 cannot parse or elaborate, and on an identifier it declares implicitly (how it treats, for
# example, a struct field of a variable declared inside a procedural block: silently wrong logic).
#   scripts/synth_check.sh [config] [top]     default: small ev2_top
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
config=${1:-small}
top=${2:-ev2_top}
mapfile -t files < <("$root/scripts/rtl_files.sh" "$config")
log=$(yosys -q -p "read_verilog -sv -DSYNTHESIS -I$root/rtl/common ${files[*]}; hierarchy -check -top $top" 2>&1) || {
  printf '%s\n' "$log" | tail -20
  echo "synth_check: Yosys cannot read or elaborate $top ($config)"
  exit 1
}
if grep -q "implicitly declared" <<<"$log"; then
  grep "implicitly declared" <<<"$log"
  echo "synth_check: Yosys declared identifiers implicitly in $top ($config)"
  exit 1
fi
echo "synth_check: Yosys reads and elaborates $top ($config, ${#files[@]} files)"
