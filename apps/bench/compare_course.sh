#!/bin/bash
# Times the course's Fashion-MNIST networks in axon (course_bench) and in
# PyTorch (course_torch.py) back to back, the same recipe and number of
# steps, on the cpu with 2 threads each, and prints a table of ms per step and
# axon's time over PyTorch's.
#   apps/bench/compare_course.sh [BIN_DIR] [NET...]
# BIN_DIR holds course_bench (default: build/bin next to this repository);
# NET is one of mlp cnn lenet lstm gru rnn (default: all of them); STEPS in
# the environment overrides course_bench's default number of steps; DEVICE
# (default cpu) is the device of both, e.g. DEVICE=cuda on a GPU; PYTHON
# (default /usr/bin/python3) is a Python that has PyTorch. The load
# average before and after is printed: other work on the machine skews both.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin_dir="${1:-$here/../../build/bin}"
shift || true
nets=("$@")
[ ${#nets[@]} -gt 0 ] || nets=(mlp cnn lenet lstm gru rnn)
threads=2
device="${DEVICE:-cpu}"

declare -A workload=([mlp]=fashion_mlp [cnn]=fashion_cnn [lenet]=lenet
  [lstm]="rnn_classifier lstm" [gru]="rnn_classifier gru" [rnn]="rnn_classifier rnn")

value() { awk -v key="$1" '$1 == key {print $2}'; }

axon() {
  # axon chooses the OpenBLAS core type itself (the cpu backend detects the CPU).
  env -u OPENBLAS_CORETYPE AXON_NUM_THREADS=$threads \
    "$bin_dir/course_bench" --net "$1" --threads "$threads" --device "$device" ${STEPS:+--steps $STEPS}
}

torch() {
  # PyTorch on the OpenMP build of OpenBLAS with the core type forced: on VMs
  # that hide AVX-512 from OpenBLAS's detection it would pick slow generic
  # kernels. course_torch.py picks the rest of its fastest set-up itself.
  OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=$threads \
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
    "${PYTHON:-/usr/bin/python3}" "$here/course_torch.py" --net "$1" --threads "$threads" --device "$device" --steps "$2"
}

for net in "${nets[@]}"; do
  if [ -z "${workload[$net]:-}" ]; then
    echo "unknown net '$net' (known: mlp cnn lenet lstm gru rnn)" >&2
    exit 2
  fi
done

echo "device: $device; load before: $(uptime)"
table=""
for net in "${nets[@]}"; do
  echo "== $net"
  axon_out="$(axon "$net")"
  echo "$axon_out"
  # The same number of steps: course_bench's default (or $STEPS).
  torch_out="$(torch "$net" "$(value steps <<<"$axon_out")")"
  echo "$torch_out"
  table+="$(awk -v w="${workload[$net]}" -v a="$(value ms_per_step <<<"$axon_out")" \
    -v t="$(value ms_per_step <<<"$torch_out")" \
    'BEGIN { printf "%-20s %14.3f %14.3f %10.2f", w, a, t, a / t }')"$'\n'
done
echo "load after: $(uptime)"
echo
printf "%-20s %14s %14s %10s\n" workload "axon ms/step" "torch ms/step" axon/torch
printf "%s" "$table"
