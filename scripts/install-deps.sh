#!/usr/bin/env bash
# Installs the Debian packages axon needs to build and test, when missing.
# Quick when everything is there: one dpkg-query, no apt-get.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libboost-dev libboost-filesystem-dev libfmt-dev nlohmann-json3-dev libcli11-dev
  libopenblas-dev libopenblas0-openmp zlib1g-dev
  libgtest-dev libgmock-dev
  # The data of the Fashion-MNIST examples and of their slow tests.
  dataset-fashion-mnist
)
# Extra packages for the benchmark comparison (scripts/bench.sh): PyTorch.
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(python3-torch)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "axon: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
