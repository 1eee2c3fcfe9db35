#!/bin/bash
# The checks of the cuda backend that need an NVIDIA GPU, in one run, with a
# summary at the end (CI has no GPU: its tests of the backend skip there).
#   scripts/cuda_checks.sh [BUILD_DIR]
# BUILD_DIR (default build) holds bin/ with axon, axon_tests, the examples
# and course_bench. DATA names the Fashion-MNIST folder (default
# /usr/share/datasets/fashion-mnist), PYTHON a Python with PyTorch for the
# benchmark (default /usr/bin/python3), EPOCHS the examples' epochs (default:
# each program's own). It runs:
#   1. axon devices: cuda:0 is listed;
#   2. axon conformance --device cuda --grad, with cuDNN and with im2col convs;
#   3. the cuda tests and the golden tests (these run on every available device);
#   4. fashion_mlp, fashion_cnn and rnn_classifier on cpu and on cuda: the
#      test accuracies differ by at most 0.015;
#   5. apps/bench/compare_course.sh with DEVICE=cuda (axon beside PyTorch).
# Exits 1 when a check failed.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$here/build}" && pwd)"
bin="$build/bin"
data="${DATA:-/usr/share/datasets/fashion-mnist}"
summary=()

record() {  # record NAME STATUS
  if [ "$2" -eq 0 ]; then summary+=("PASS  $1"); else summary+=("FAIL  $1"); fi
}

check() {  # check NAME COMMAND...
  local name="$1"
  shift
  echo "== $name"
  "$@"
  record "$name" $?
}

# The last epoch's test accuracy of a program's output.
accuracy() { sed -n 's/.*test_accuracy \([0-9.]*\).*/\1/p' | tail -n 1; }

train_on_both() {  # train_on_both PROGRAM ARGS...
  local program="$1" cpu cuda
  shift
  local args=(--data "$data" --save-path /tmp/cuda_checks.safetensors ${EPOCHS:+--epochs $EPOCHS} "$@")
  cpu="$("$bin/$program" --device cpu "${args[@]}" | tee /dev/stderr | accuracy)"
  cuda="$("$bin/$program" --device cuda "${args[@]}" | tee /dev/stderr | accuracy)"
  echo "$program $*: test accuracy cpu $cpu, cuda $cuda"
  awk -v a="$cpu" -v b="$cuda" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d <= 0.015 && d >= -0.015) }'
}

check "cuda is available" bash -c "'$bin/axon' devices | tee /dev/stderr | grep -q 'cuda:0'"
check "conformance --grad, cuDNN convs" env AXON_CUDA_CONV=cudnn "$bin/axon" conformance --device cuda --grad
check "conformance --grad, im2col convs" env AXON_CUDA_CONV=im2col "$bin/axon" conformance --device cuda --grad
check "cuda and golden tests" "$bin/axon_tests" --gtest_filter='Cuda*:Golden*'
check "fashion_mlp cpu vs cuda" train_on_both fashion_mlp
check "fashion_cnn cpu vs cuda" train_on_both fashion_cnn
for cell in lstm gru rnn; do
  check "rnn_classifier $cell cpu vs cuda" train_on_both rnn_classifier --cell "$cell"
done
check "benchmark beside PyTorch" env DEVICE=cuda "$here/apps/bench/compare_course.sh" "$bin"

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
! printf '%s\n' "${summary[@]}" | grep -q '^FAIL'
