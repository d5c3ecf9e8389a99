#!/usr/bin/env bash
# Installs every Debian package that Clift's build, tests and benchmarks need. Idempotent: packages
# already present are left alone, so a second run changes nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config clang-format
  libtbb-dev libhwloc-dev libxsimd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpcre2-dev nlohmann-json3-dev
  nodejs
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
