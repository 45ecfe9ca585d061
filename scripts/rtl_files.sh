#!/usr/bin/env bash
# Prints the RTL files of one configuration in compile order (absolute paths): the configuration
# package, then each block of rtl/files.f with the files its own files.f lists.
# Usage: rtl_files.sh [config]   (default: small)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
config=${1:-small}
cfg="$root/rtl/pkg/config/ev2_config_${config}_pkg.sv"
[ -f "$cfg" ] || { echo "rtl_files: no configuration '$config' ($cfg)" >&2; exit 2; }
echo "$cfg"
strip() { sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$1" | grep -v '^$' || true; }
for block in $(strip "$root/rtl/files.f"); do
  list="$root/rtl/$block/files.f"
  [ -f "$list" ] || continue
  strip "$list" | sed "s|^|$root/rtl/$block/|"
done
