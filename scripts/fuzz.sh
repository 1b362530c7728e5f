#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang, AddressSanitizer + UndefinedBehaviorSanitizer) in
# build-fuzz/ and runs each for SECONDS seconds, starting from a scratch copy of its seed corpus
# (fuzz/corpus/<target>, which stays small), replaying fuzz/regressions/<target> first, with the
# tokens of fuzz/dict/<target>.dict.
# Prints a line per target (runs, exec/s, coverage, features, corpus, peak memory) and exits
# non-zero when a target crashed, hung or ran out of memory; the input that did it is left in
# build-fuzz/crashes/<target>/, the whole log in build-fuzz/logs/<target>.log.
#
# Usage: scripts/fuzz.sh SECONDS [TARGET...]     (targets: importer catalog layout request xliff)
# Reproduce a crash: build-fuzz/fuzz/<target>_fuzzer build-fuzz/crashes/<target>/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(importer catalog layout request xliff)
# The largest input worth trying per target: a theme of data/ with a translation (importer), a
# locale's catalog, a few paragraphs, a request with a measure's texts, a translation file of a few units.
declare -A max_len=([importer]=32768 [catalog]=16384 [layout]=4096 [request]=8192 [xliff]=16384)

scripts/bootstrap.sh
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DWERKMONITOR_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
fi
# Only the fuzzers and the libraries they link, nothing else of the project.
cmake --build build-fuzz --target fuzzers -j "$(nproc)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
failed=()
printf '%-9s %-7s %10s %8s %6s %7s %13s %8s %5s\n' target result runs exec/s cov ft corpus rss secs
for target in "${targets[@]}"; do
  [ -n "${max_len[$target]:-}" ] || { echo "fuzz: no target $target" >&2; exit 2; }
  work=build-fuzz/run/$target
  log=build-fuzz/logs/$target.log
  rm -rf "$work" "build-fuzz/crashes/$target"
  mkdir -p "$work/corpus" "build-fuzz/crashes/$target" build-fuzz/logs
  cp fuzz/corpus/"$target"/* "$work/corpus/"
  start=$(date +%s)
  result=ok
  build-fuzz/fuzz/"$target"_fuzzer "$work/corpus" "fuzz/regressions/$target" -dict="fuzz/dict/$target.dict" \
    -max_total_time="$seconds" -max_len="${max_len[$target]}" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="build-fuzz/crashes/$target/" -print_final_stats=1 >"$log" 2>&1 || result=FAILED
  elapsed=$(($(date +%s) - start))
  # libFuzzer's last status line: "#12345 DONE cov: 812 ft: 3120 corp: 240/61Kb ... exec/s: 411 rss: 95Mb"
  status=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  field() { sed -nE "s/.* $1: ([^ ]+).*/\1/p" <<<"$status"; }
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
  printf '%-9s %-7s %10s %8s %6s %7s %13s %8s %5s\n' "$target" "$result" "${runs:--}" "${rate:--}" \
    "$(field cov)" "$(field ft)" "$(field corp)" "$(field rss)" "$elapsed"
  if [ "$result" != ok ]; then
    failed+=("$target")
    grep -E 'ERROR|invariant broken|runtime error|Test unit written' "$log" | head -5 | sed 's/^/    /'
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; inputs in build-fuzz/crashes/, logs in build-fuzz/logs/" >&2
  exit 1
fi
