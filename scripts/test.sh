#!/usr/bin/env bash
# Installs what is missing, builds werkmonitor and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
scripts/thread_safety.sh  # the locking annotations, checked by clang (build-tsa/)
ctest --test-dir build --output-on-failure -j "$(nproc)"
scripts/fuzz.sh 10  # every fuzz target for 10 s (clang, ASan, UBSan, in build-fuzz/); replays ran in ctest
# The benchmarks and the load tool are not tests (too slow and noisy to judge), but they run once,
# briefly, so they keep working.
scripts/bench.sh --smoke
