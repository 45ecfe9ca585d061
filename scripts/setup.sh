#!/usr/bin/env bash
# Installs every dependency of the project from Debian 12 packages. Idempotent; works as root or via sudo.
set -euo pipefail

packages=(
  build-essential clang-14 clang-format-14 cmake ninja-build ccache python3
  verilator yosys
  libgtest-dev libgmock-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  gtkwave xvfb xauth
)

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup: need root or sudo to install: ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
else
  echo "setup: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

verilator --version
yosys -V
