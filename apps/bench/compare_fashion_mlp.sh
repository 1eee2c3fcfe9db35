#!/bin/bash
# Runs the Fashion-MNIST MLP in axon and in PyTorch back to back, on the cpu
# with 2 threads each, and prints axon's time per epoch over PyTorch's.
#   apps/bench/compare_fashion_mlp.sh [BIN_DIR] [EPOCHS]
# BIN_DIR holds fashion_mlp_bench (default: build/bin next to this repository).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${1:-$here/../../build/bin}"
epochs="${2:-1}"
threads=2

seconds_per_epoch() { awk '/^seconds_per_epoch/ {print $2}'; }

# axon chooses the OpenBLAS core type itself (the cpu backend detects the CPU).
echo "== axon"
axon_out="$(env -u OPENBLAS_CORETYPE AXON_NUM_THREADS=$threads \
  "$bin_dir/fashion_mlp_bench" --epochs "$epochs" --threads "$threads")"
echo "$axon_out"

# PyTorch on the OpenMP build of OpenBLAS with the core type forced: on VMs
# that hide AVX-512 from OpenBLAS's detection it would pick slow generic kernels.
echo "== torch"
torch_out="$(OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=$threads \
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
  /usr/bin/python3 "$here/fashion_mlp_torch.py" --epochs "$epochs" --threads "$threads")"
echo "$torch_out"

axon_s="$(seconds_per_epoch <<<"$axon_out")"
torch_s="$(seconds_per_epoch <<<"$torch_out")"
awk -v a="$axon_s" -v t="$torch_s" \
  'BEGIN { printf "axon %.3f s/epoch, torch %.3f s/epoch, ratio axon/torch %.2f\n", a, t, a / t }'
