#!/usr/bin/env bash
# The main job, end to end: install and build, start the monitor service on the embedded SQLite
# database var/monitor.db (created and filled from data/ on first start), show the dashboard and the
# check of the published figures, render every document in every language into out/, then stop the
# service cleanly. Then scripts/demo_round.sh shows a reporting round on a separate demonstration
# database.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh
mkdir -p var
bin=build/monitor_service

log=var/monitor_server.log
"$bin/monitor_server" --listen=127.0.0.1:0 --db=var/monitor.db >var/monitor_server.out 2>"$log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT

# The server prints "monitor_server: listening on HOST:PORT" once it serves.
for _ in $(seq 1 100); do
  address=$(sed -n 's/^monitor_server: listening on //p' var/monitor_server.out)
  [ -n "$address" ] && break
  kill -0 $server_pid 2>/dev/null || { echo "demo: monitor_server failed to start:"; cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "${address:-}" ] || { echo "demo: monitor_server did not start in time"; cat "$log"; exit 1; }
echo "== monitor_server is serving var/monitor.db on $address"

ctl() { "$bin/monitorctl" --server="$address" "$@"; }
echo
echo "== Themes"
ctl themes
echo
echo "== Dashboard, computed from the measures"
ctl dashboard
echo
echo "== The document's printed figures next to the computed ones"
ctl validate || true   # exits 1 when they differ, which the 2025 document does in one cell

echo
echo "== Rendering the appendix, dashboard and leaflets (A4 and A5) in every language into out/"
build/report_worker/report_worker batch --server="$address" --out=out  # every locale
echo "   (scripts/preview.sh turns the first pages into PNG images under out/preview/)"
echo "   The print station, a web page to print these in the visitor's language:"
echo "   build/report_worker/report_worker serve --server=<monitor address> --http=127.0.0.1:8080"

echo
kill -TERM $server_pid
wait $server_pid
trap - EXIT
echo "== monitor_server stopped cleanly"

scripts/demo_round.sh

