#!/usr/bin/env bash
# Cross-builds the kernel tests for AArch64 and runs them under qemu-user: the proof, on an x86-64
# machine, that the NEON set compiles, is dispatched and agrees with the scalar set. Idempotent:
# packages already present are left alone. Usage: .ci/cross-aarch64.sh [build folder]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build/aarch64}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# The arm64 libraries come from Debian's multiarch packages beside the host's.
updated=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
  $sudo apt-get update -q
  updated=1
fi

# What configuring the whole tree needs (it looks for every dependency), built for arm64.
# pkgconf:arm64 brings the aarch64-linux-gnu-pkg-config wrapper that the toolchain file names;
# xsimd is headers only but keeps its CMake package under the architecture's lib folder, so it is
# needed as :arm64 too; nlohmann-json's package is architecture-independent.
packages=(
  g++-aarch64-linux-gnu qemu-user-static cmake ninja-build pkgconf:arm64 nlohmann-json3-dev
  libxsimd-dev:arm64 libgtest-dev:arm64 libhwloc-dev:arm64 libtbb-dev:arm64 libpcre2-dev:arm64
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  ((updated)) || $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/aarch64-linux-gnu.cmake" \
  -DCMAKE_BUILD_TYPE=Release -DCLIFT_BUILD_BENCH=OFF
cmake --build "$build" --target kernels-test
qemu-aarch64-static -L /usr/aarch64-linux-gnu "$build/tests/kernels/kernels-test"
