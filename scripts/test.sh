#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the whole
# test suite with ctest, except the tests labelled `slow` (the course's
# networks trained on Fashion-MNIST to their accuracy targets: tens of minutes
# on 2 cores). `scripts/test.sh --all` runs those too; other arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AXON_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
selection=(-LE slow)
if [[ ${1:-} == --all ]]; then
  selection=()
  shift
fi
cd "$build"
ctest --output-on-failure -j"$(nproc)" "${selection[@]}" "$@"
