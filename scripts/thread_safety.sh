#!/usr/bin/env bash
# Checks the locking annotations (ABSL_GUARDED_BY, ABSL_EXCLUSIVE_LOCKS_REQUIRED, ...) with clang's
# -Wthread-safety, as errors (WERKMONITOR_THREAD_SAFETY): gcc, which builds everything else, ignores
# them. Compiles every object file of our own code in build-tsa/ without optimisation or debug
# info, and links nothing: the analysis is all that is wanted. Generated protobuf code is not ours
# and is not compiled (its headers are generated first). scripts/test.sh runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
if [ ! -f build-tsa/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-tsa -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
    -DWERKMONITOR_THREAD_SAFETY=ON -DBUILD_TESTING=OFF "$@" >/dev/null
fi
mapfile -t objects < <(ninja -C build-tsa -t targets all | sed -n 's/^\(.*\.o\): CXX_COMPILER.*/\1/p' | grep -v '^protos/')
ninja -C build-tsa -j "$(nproc)" "${objects[@]}"
