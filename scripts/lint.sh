#!/usr/bin/env bash
# verilator --lint-only -Wall over the RTL, in every configuration. Waivers live in
# rtl/lint/waivers.vlt only.
#   scripts/lint.sh          every module at once per configuration: modules that nothing
#                            instantiates are linted as tops with their default parameters, the
#                            rest as instantiated (-Wno-MULTITOP: several tops are expected here)
#   scripts/lint.sh --each   additionally every module alone as the top, with its defaults
#                            (thorough, minutes: each run elaborates the whole file list)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
each=0
[ "${1:-}" = "--each" ] && each=1
status=0
# The two configurations elaborate in parallel (one per core).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for config in small v2; do
  (
    mapfile -t files < <(scripts/rtl_files.sh "$config")
    # The checks (rtl/common/ev2_assert.svh) are the same code in every configuration: linting
    # them in the small one is enough, and leaving them out of the 8 x 2 elaboration saves a
    # sixth of its time. Without them, signals that only checks read are unused there, so that
    # elaboration cannot judge UNUSEDSIGNAL; the small one does.
    checks=(--assert)
    [ "$config" = small ] || checks=(+define+EV2_NO_ASSERT -Wno-UNUSEDSIGNAL)
    verilator --lint-only -Wall "${checks[@]}" -Wno-MULTITOP -Irtl/common rtl/lint/waivers.vlt "${files[@]}" \
      > "$tmp/$config.log" 2>&1 || echo "lint: $config FAILED" > "$tmp/$config.failed"
  ) &
done
wait
for config in small v2; do
  if [ -f "$tmp/$config.failed" ]; then
    cat "$tmp/$config.failed" "$tmp/$config.log"
    status=1
  fi
done
for config in small v2; do
  mapfile -t files < <(scripts/rtl_files.sh "$config")
  modules=$(printf '%s\n' "${files[@]}" | grep -v '_pkg\.sv$' | xargs -n1 basename | sed 's/\.sv$//')
  [ $each -eq 1 ] || continue
  for m in $modules; do
    if ! out=$(verilator --lint-only -Wall --assert -Irtl/common rtl/lint/waivers.vlt "${files[@]}" --top-module "$m" 2>&1); then
      echo "lint: $m ($config) FAILED"
      printf '%s\n' "$out"
      status=1
    fi
  done
done
n=$(printf '%s\n' $modules | wc -l)
mode=$([ $each -eq 1 ] && echo "all together and each as top" || echo "all together")
[ $status -eq 0 ] && echo "lint: $n modules clean under -Wall ($mode; configs: small, v2)"
exit $status
