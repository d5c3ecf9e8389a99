#!/usr/bin/env bash
# Cross-builds the kernel tests and the runtime tests (the whole model against the conformance
# goldens) for AArch64 and runs them under qemu-user: the proof, on an x86-64 machine, that the NEON
# set compiles, is dispatched, agrees with the scalar set and reproduces the golden logits and
# greedy tokens. Fails if any test is skipped (no NEON detected, no conformance data) or if no NEON
# case ran. Idempotent: packages already present are left alone. .ci/run calls it.
# Usage: .ci/cross-aarch64.sh [build folder]   (CMAKE_BUILD_PARALLEL_LEVEL caps the build's jobs)
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
# needed as :arm64 too; nlohmann-json's package is architecture-independent. libc6:arm64 and
# libstdc++6:arm64 are what the tests run with (see the qemu line below).
packages=(
  g++-aarch64-linux-gnu qemu-user-static cmake ninja-build pkgconf:arm64 nlohmann-json3-dev
  libxsimd-dev:arm64 libgtest-dev:arm64 libhwloc-dev:arm64 libtbb-dev:arm64 libpcre2-dev:arm64
  libc6:arm64 libstdc++6:arm64
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
cmake --build "$build" --target kernels-test runtime-test

# The same emulator line as the toolchain file's CMAKE_CROSSCOMPILING_EMULATOR. "-L /": the loader
# and every library come from the arm64 multiarch folders (/lib/ld-linux-aarch64.so.1, libc6:arm64),
# as /etc/ld.so.cache lists them. -L /usr/aarch64-linux-gnu would pair the cross toolchain's older
# ld.so (libc6-arm64-cross) with the multiarch libc.so.6 that the cache points to, and such a
# mismatched pair spins forever in the first pthread_create: every multi-threaded test hangs.
qemu=(qemu-aarch64-static -L /)

# Runs one test executable under qemu; fails on a failure, on any skipped test, or when no NEON
# case ran (a NEON set that is compiled but never dispatched proves nothing).
run_suite() {
  local exe="$build/$1" log="$build/${1##*/}.qemu.log"
  echo "== qemu-aarch64: $1"
  if ! "${qemu[@]}" "$exe" --gtest_color=no 2>&1 | tee "$log"; then
    echo "FAILED under qemu: $1" >&2
    return 1
  fi
  if grep -q '^\[  SKIPPED \]' "$log"; then
    echo "SKIPPED tests under qemu in $1 (no NEON detected, or no conformance data?)" >&2
    return 1
  fi
  local neon
  neon=$(grep -c "^\[       OK \] .*$2" "$log" || true)
  ((neon > 0)) || { echo "no NEON case ran in $1" >&2; return 1; }
  echo "== $1: $neon NEON cases passed ($2)"
}

run_suite tests/kernels/kernels-test '/neon '
run_suite tests/runtime/runtime-test 'ConformanceTest\..*_neon '
