#!/usr/bin/env bash
# Installs what is missing, then configures and builds werkmonitor (Release) in build/.
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
fi
# One job per core. Each compiler of generated gRPC code needs ~350 MB: plan that much memory per core.
cmake --build build -j "$(nproc)"
