#!/usr/bin/env bash
# verilator --lint-only -Wall over every RTL module, each as its own top, in every configuration.
# Waivers live in rtl/lint/waivers.vlt only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
status=0
for config in small v2; do
  mapfile -t files < <(scripts/rtl_files.sh "$config")
  modules=$(printf '%s\n' "${files[@]}" | grep -v '_pkg\.sv$' | xargs -n1 basename | sed 's/\.sv$//')
  for m in $modules; do
    if ! out=$(verilator --lint-only -Wall --assert -Irtl/common rtl/lint/waivers.vlt "${files[@]}" --top-module "$m" 2>&1); then
      echo "lint: $m ($config) FAILED"
      printf '%s\n' "$out"
      status=1
    fi
  done
done
n=$(printf '%s\n' $modules | wc -l)
[ $status -eq 0 ] && echo "lint: $n modules clean under -Wall (configs: small, v2)"
exit $status
