#!/usr/bin/env bash
# Measures werkmonitor: Google Benchmark suites (rendering with its floor, i18n, snapshots, store,
# scale), the gRPC load tool against a running monitor_server with a baseline in the same run, the
# whole batch as a user runs it, and peak memory. Writes the tables into bench/RESULTS.md (between
# the "generated" markers; the analysis around them is written by hand).
#
#   scripts/bench.sh           full run (a few minutes)
#   scripts/bench.sh --smoke   every benchmark and the load tools once, briefly: they must not rot
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true
scripts/build.sh >/dev/null
bin=build
work=$(mktemp -d /tmp/werkmonitor-bench.XXXXXX)
server_pid=""
worker_pid=""
cleanup() {
  [ -n "$worker_pid" ] && kill -TERM "$worker_pid" 2>/dev/null
  [ -n "$server_pid" ] && pkill -TERM -P "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

start_server() {  # start_server DB [extra flags...]: sets server_pid and address
  /usr/bin/time -v -o "$work/server.time" "$bin/monitor_service/monitor_server" --listen=127.0.0.1:0 --db="$1" "${@:2}" \
    >"$work/server.out" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 1 100); do
    address=$(sed -n 's/^monitor_server: listening on //p' "$work/server.out")
    [ -n "$address" ] && return 0
    sleep 0.1
  done
  echo "bench: monitor_server did not start" >&2; cat "$work/server.log" >&2; exit 1
}
stop_server() {  # the server runs under /usr/bin/time: stop the server, let time report
  pkill -TERM -P "$server_pid"; wait "$server_pid" || true; server_pid=""
}

# The print station under load: report_worker serve --http in front of the running monitor_server,
# one Polish A4 leaflet rendered on the first request and then served from the cache to wrk.
print_station_load() {  # print_station_load DURATION CONNECTIONS: $work/wrk.txt, $work/miss.txt, $work/hit.txt
  "$bin/report_worker/report_worker" serve --server="$address" --listen=127.0.0.1:0 --http=127.0.0.1:0 \
    >"$work/worker.out" 2>"$work/worker.log" &
  worker_pid=$!
  local station=""
  for _ in $(seq 1 100); do
    station=$(sed -n 's|^report_worker: print station on \(http://[^ ]*\)/$|\1|p' "$work/worker.out")
    [ -n "$station" ] && break
    sleep 0.1
  done
  [ -n "$station" ] || { echo "bench: the print station did not start" >&2; cat "$work/worker.log" >&2; exit 1; }
  leaflet="$station/document?kind=leaflet&locale=pl&paper=A4"
  curl -sf -o /dev/null -w '%{time_total}\n' "$leaflet" >"$work/miss.txt"  # rendered, then cached
  for _ in $(seq 1 20); do curl -sf -o /dev/null -w '%{time_total}\n' "$leaflet"; done >"$work/hit.txt"
  wrk_command="wrk -t2 -c$2 -d$1 --latency '$leaflet'"
  wrk -t2 -c"$2" -d"$1" --latency "$leaflet" >"$work/wrk.txt"
  kill -TERM "$worker_pid"; wait "$worker_pid" || true; worker_pid=""
  if grep -q 'Non-2xx' "$work/wrk.txt" || ! grep -q 'Requests/sec' "$work/wrk.txt"; then
    cat "$work/wrk.txt"; echo "bench: wrk against the print station failed" >&2; exit 1
  fi
}

if $smoke; then
  for b in render_benchmark core_benchmark scale_benchmark; do
    # One short pass of every benchmark (the 4,100-measure cases are skipped: they take seconds).
    "$bin/bench/$b" --benchmark_min_time=0.001 --benchmark_filter='-/100$' \
      >"$work/$b.txt" 2>&1 || { cat "$work/$b.txt"; echo "bench: $b failed" >&2; exit 1; }
  done
  start_server "$work/smoke.db"
  "$bin/bench/grpc_load" --target="$address" --duration=0.2s --warmup=0s --concurrency=2 >"$work/load.txt" 2>&1 \
    || { cat "$work/load.txt"; echo "bench: grpc_load failed" >&2; exit 1; }
  print_station_load 1s 4
  stop_server
  echo "bench: smoke run passed (render, core, scale benchmarks, grpc_load and wrk on the print station)"
  exit 0
fi

echo "== Google Benchmark suites (5 repetitions, medians)"
for b in render_benchmark core_benchmark scale_benchmark; do
  echo "   $b"
  "$bin/bench/$b" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/$b.json" --benchmark_out_format=json >/dev/null 2>&1
done

echo "== gRPC load: monitor_server with the 2025 data, baseline server in the same run"
start_server "$work/load.db"
"$bin/bench/grpc_load" --target="$address" --duration=5s --warmup=1s --concurrency=8,64 --markdown \
  >"$work/load.md" 2>"$work/load.log"

echo "== The whole batch as a user runs it: report_worker batch --jobs=2 (process start included), 7 runs"
for i in $(seq 1 7); do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/batch.$i" "$bin/report_worker/report_worker" batch --server="$address" \
    --out="$work/out" --jobs=2 2>/dev/null
done
documents=$(ls "$work/out"/*.pdf | wc -l)

echo "== The print station: wrk, 16 connections for 10 s, against a cached leaflet"
print_station_load 10s 16
echo "$wrk_command" >"$work/wrk.command"
stop_server
server_rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/server.time")

echo "== Writing bench/RESULTS.md"
python3 - "$work" "$server_rss" "$documents" <<'PY'
import json, os, re, statistics, subprocess, sys, datetime
work, server_rss, documents = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def medians(name):
    data = json.load(open(f"{work}/{name}.json"))
    out = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        out[b["run_name"]] = b
    return out

def ms(b):
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b["time_unit"]]
    return b["real_time"] * scale

render = medians("render_benchmark")
core = medians("core_benchmark")
scale = medians("scale_benchmark")
lines = []
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
lines.append(f"Run of {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({cpu}), "
             "`scripts/bench.sh`. Medians of 5 repetitions; ratios against a baseline measured in the same run.\n")

lines.append("### Rendering, in process (ms)\n")
lines.append("| document | locale | render | floor | layout cost (render / floor) | KB |")
lines.append("|---|---|---|---|---|---|")
for kind in ["appendix", "dashboard", "leaflet_a4", "leaflet_a5"]:
    # One run per supported locale (domain/locales.h), labelled with it.
    for name, r in render.items():
        if not name.startswith(f"BM_Render/{kind}/"):
            continue
        f = render.get(name.replace("BM_Render/", "BM_Floor/", 1))
        if not f:
            continue
        lines.append(f"| {kind} | {r.get('label', '?')} | {ms(r):.2f} | {ms(f):.2f} | {ms(r)/ms(f):.2f} | {r.get('KB', 0):.0f} |")
e = render.get("BM_EmptyDocument")
if e:
    lines.append(f"\nAn empty document (fonts loaded, one page, written): {ms(e):.2f} ms.\n")

lines.append("### Building blocks\n")
lines.append("| benchmark | median |")
lines.append("|---|---|")
for name, b in core.items():
    lines.append(f"| {name} | {b['real_time']:.1f} {b['time_unit']} |")

lines.append("\n### Scale: synthetic data sets (the real one repeated)\n")
lines.append("| benchmark | measures | median | per measure |")
lines.append("|---|---|---|---|")
for name, b in scale.items():
    measures = b.get("measures", 0)
    per = f"{ms(b) * 1000 / measures:.2f} µs" if measures else ""
    median = f"{ms(b):.2f} ms" if ms(b) >= 1 else f"{ms(b) * 1000:.1f} µs"
    lines.append(f"| {name} | {measures:.0f} | {median} | {per} |")

lines.append("\n### gRPC load (`grpc_load`, 5 s per row after 1 s warm-up, client and servers on the same 2 cores)\n")
lines.append(open(f"{work}/load.md").read())

runs = []
for i in range(1, 8):
    wall, rss = open(f"{work}/batch.{i}").read().split()[-2:]
    runs.append((float(wall), int(rss)))
walls = sorted(w for w, _ in runs)
lines.append(f"\n### Batch and memory\n")
lines.append(f"- `report_worker batch --jobs=2` ({documents} documents: 3 kinds × nl pl ro bg on A4, leaflets also on A5), "
             f"process start and snapshot fetch included: median **{statistics.median(walls)*1000:.0f} ms** wall "
             f"(min {walls[0]*1000:.0f}, max {walls[-1]*1000:.0f}) over 7 runs; peak RSS **{max(r for _, r in runs)/1024:.1f} MB**.")
lines.append(f"- `monitor_server` peak RSS over the whole load run (up to 64 concurrent RPCs, all RPC kinds): **{server_rss/1024:.1f} MB**.")

def seconds(text):  # wrk's "1.23ms", "850.00us", "1.02s"
    m = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(m.group(1)) * {"us": 1e-6, "ms": 1e-3, "s": 1.0}[m.group(2)]

wrk = open(f"{work}/wrk.txt").read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
p50 = seconds(re.search(r"^\s+50%\s+(\S+)", wrk, re.M).group(1))
p99 = seconds(re.search(r"^\s+99%\s+(\S+)", wrk, re.M).group(1))
requests = re.search(r"(\d+) requests in", wrk).group(1)
miss = float(open(f"{work}/miss.txt").read()) * 1000
hits = sorted(float(x) * 1000 for x in open(f"{work}/hit.txt").read().split())
command = open(f"{work}/wrk.command").read().strip().replace(re.search(r"http://[^/]+", wrk).group(0), "http://127.0.0.1:PORT")
lines.append("\n### Print station (`report_worker serve --http`)\n")
lines.append(f"- `{command}` (a cached Polish A4 leaflet, ~40 KB; wrk, the print station and the monitor service "
             f"on the same 2 cores): **{rps:,.0f} requests/s**, latency p50 {p50*1000:.2f} ms, **p99 {p99*1000:.2f} ms** "
             f"({requests} requests, all 200).")
lines.append(f"- The same leaflet over a new connection with `curl`: first request (rendered, then cached) "
             f"**{miss:.1f} ms**; cached, median of 20 **{statistics.median(hits):.1f} ms**.")

text = open("bench/RESULTS.md").read()
begin, end = "<!-- generated:begin -->", "<!-- generated:end -->"
generated = begin + "\n" + "\n".join(lines) + "\n" + end
text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: generated, text, flags=re.S)
open("bench/RESULTS.md", "w").write(text)
PY
echo "bench: results in bench/RESULTS.md"
