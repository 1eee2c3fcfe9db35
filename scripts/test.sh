#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the whole
# test suite with ctest, the tests labelled `slow` included (the course's
# networks trained on Fashion-MNIST to their accuracy targets: about 2 minutes
# on 2 cores, run one at a time). `scripts/test.sh --quick` leaves those out;
# other arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AXON_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
selection=()
if [[ ${1:-} == --quick ]]; then
  selection=(-LE slow)
  shift
fi
cd "$build"
ctest --output-on-failure -j"$(nproc)" "${selection[@]}" "$@"
