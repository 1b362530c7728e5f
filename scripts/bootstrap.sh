#!/usr/bin/env bash
# Installs the Debian 12 packages werkmonitor needs to build, test and render.
# Idempotent: prints nothing and changes nothing when everything is already installed.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  libabsl-dev libicu-dev libhpdf-dev libsqlite3-dev libssl-dev
  zlib1g-dev  # the PDF writer deflates font data once per process
  # translation files for translators' CAT tools (XLIFF 2.0)
  libxml2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # fonts (embedded in the PDFs) and the subsetter that trims them at build time
  fonts-noto-core fonttools
  # checking PDFs the way a reader would (tests use them)
  poppler-utils qpdf
  # documents date snapshots in the Netherlands' time zone
  tzdata
  # measuring (scripts/bench.sh): peak memory, and the tables of results
  time python3
  # the TLS tests make throw-away certificates
  openssl
  # clang: fuzzing (scripts/fuzz.sh: libFuzzer, ASan, UBSan) and the locking check (scripts/thread_safety.sh)
  clang libclang-rt-14-dev
)
# The print station (report_worker serve --http): the HTTP layer (libmicrohttpd), leaflet QR codes;
# its tests use cpp-httplib as a client, decode the QR codes (zbar-tools) and drive a real browser
# (chromium, through playwright-core from npm); its load test uses wrk (and curl for single timed
# requests). Node comes from Debian only where there is none yet.
packages+=(libmicrohttpd-dev libcpp-httplib-dev libqrencode-dev zbar-tools chromium wrk curl)
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done"
