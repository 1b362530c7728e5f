#!/usr/bin/env bash
# A DEMONSTRATION of a reporting round, on its own database (var/demo-round/monitor.db), with
# invented changes: no one may mistake it for official data. Every label says so.
#
# The coordinator (admin) opens a round; the editors of SZW and BZK update a few of their measures
# (one delayed with a new date, one completed, one returned by the coordinator and fixed); the
# coordinator approves the rest as unchanged and publishes; then `monitorctl diff 1 2` and the
# documents in out/demo-round/ show what changed. Run after scripts/build.sh (scripts/demo.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/monitor_service
dir=var/demo-round
rm -rf "$dir" out/demo-round
mkdir -p "$dir"

# Tokens: a coordinator and one editor each for SZW and BZK. The server keeps only their hashes.
new_token() {  # NAME ROLE [DEPARTMENTS]
  local out
  out=$("$bin/monitorctl" token new --name="$1" --role="$2" ${3:+--departments="$3"})
  sed -n '2p' <<<"$out" | tr -d ' ' >"$dir/$1.token"
  sed -n '5p' <<<"$out" | sed 's/^ *//' >>"$dir/tokens"
}
new_token coordinator admin
new_token sanne.szw editor SZW
new_token bas.bzk editor BZK

"$bin/monitor_server" --listen=127.0.0.1:0 --db="$dir/monitor.db" --tokens_file="$dir/tokens" \
  >"$dir/server.out" 2>"$dir/server.log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  address=$(sed -n 's/^monitor_server: listening on //p' "$dir/server.out")
  [ -n "$address" ] && break
  kill -0 $server_pid 2>/dev/null || { echo "demo: monitor_server failed to start:"; cat "$dir/server.log"; exit 1; }
  sleep 0.1
done
[ -n "${address:-}" ] || { echo "demo: monitor_server did not start in time"; exit 1; }

as() {  # NAME monitorctl-arguments...
  local who=$1
  shift
  echo "\$ [$who] monitorctl $*"
  "$bin/monitorctl" --server="$address" --token_file="$dir/$who.token" "$@"
}

echo
echo "================================================================================"
echo " DEMONSTRATIE - a reporting round with INVENTED changes, on $dir/monitor.db"
echo " Not official data: the official state is the 2025 appendix rendered above."
echo "================================================================================"
echo
as coordinator round open --label="DEMONSTRATIE (fictief) - Voortgangsrapportage juni 2026" \
  --as_of=2026-06-01 --deadline=2026-06-15

echo
echo "== SZW: werk-6 is delayed; the law now takes effect a year later"
as sanne.szw update save werk-6 --status=VERTRAAGD \
  --reason="Het wetsvoorstel wacht op advies van de Raad van State (fictief)." \
  --note="De internetconsultatie is afgerond; de indiening bij de Tweede Kamer schuift op (fictief)." \
  --milestone="inwerkingtreding_wet=2027-07-01:De behandeling in de Tweede Kamer start later (fictief)."
as sanne.szw update submit werk-6

echo
echo "== SZW may not touch a BZK measure (refused, as it should be)"
as sanne.szw update save registratie-7 --note="Poging van een ander ministerie." || true

echo
echo "== BZK: registratie-8 is completed"
as bas.bzk update save registratie-8 --status=AFGEROND --completed_on=2026-05 --reached=minder_rni_loketten \
  --note="Het aantal RNI-loketten is teruggebracht zoals gepland (fictief)."
as bas.bzk update submit registratie-8

echo
echo "== BZK: registratie-7 is submitted, returned by the coordinator, fixed and submitted again"
as bas.bzk update save registratie-7 --note="Loopt (fictief)."
as bas.bzk update submit registratie-7
as coordinator update return registratie-7 --comment="Beschrijf wat er sinds de vorige rapportage is gebeurd."
as bas.bzk update save registratie-7 \
  --note="De handreiking voor gemeenten is verstuurd; twintig gemeenten gebruiken haar al (fictief)."
as bas.bzk update submit registratie-7

echo
echo "== The coordinator reviews: approves the three, the rest as unchanged, and publishes"
for measure in werk-6 registratie-8 registratie-7; do as coordinator update approve "$measure"; done
as coordinator update approve-unchanged --all-untouched | tail -1
as coordinator round publish 1
as coordinator round publish 1  # a retry: the same round, no second snapshot

echo
echo "== What changed between the first report and the demonstration round"
as coordinator diff 1 2

echo
echo "== Rendering the demonstration round's documents into out/demo-round/"
build/report_worker/report_worker batch --server="$address" --token_file="$dir/coordinator.token" \
  --out=out/demo-round
echo "   The appendix opens with the changes; the dashboard shows each count's change; the leaflets"
echo "   have a \"what changed\" box. All of it is labelled DEMONSTRATIE."

kill -TERM $server_pid
wait $server_pid
trap - EXIT
