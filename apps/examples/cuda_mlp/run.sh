#!/bin/sh
# Trains the MLP on the GPU named in .env (cuda:0 unless AXON_DEVICE says
# otherwise), then classifies a point with the best model.
#   ./run.sh [BUILD_DIR]      (default: ./build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/build}
set -a
. "$here/.env"
set +a

# Show the GPUs when the NVIDIA driver is there; a machine without one goes on.
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
fi

"$build/cuda_mlp" --device "${AXON_DEVICE:-cuda}" --config "$here/config/train.json" \
  --save-path "$build/cuda_mlp.safetensors"
