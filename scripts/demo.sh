#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, then trains the
# course's 3-class 2-D MLP on the best available device and classifies a new
# point with the saved model.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AXON_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
out="$root/out"
mkdir -p "$out"

echo
echo "== axon devices"
"$build/bin/axon" devices
echo
echo "== mlp2d_train: 2-4-3 MLP, cross entropy, SGD lr 0.1, StepLR(5, 0.1), 10 epochs"
"$build/bin/mlp2d_train" --save-path "$out/mlp2d.safetensors" "$@"
echo
echo "== mlp2d_infer: classify a point drawn from N(1, 1) (class 0)"
"$build/bin/mlp2d_infer" --model "$out/mlp2d.safetensors"
