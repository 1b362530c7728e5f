#!/usr/bin/env bash
# Makes throw-away TLS material for the tests in DIR: a CA (ca.pem), a server certificate for
# localhost and 127.0.0.1 (server.pem, server.key), a client certificate (client.pem, client.key),
# and an unrelated CA with a server certificate of its own (other-ca.pem, other-server.pem/.key).
# Keys are EC P-256: quick to make, and supported by gRPC's TLS stack.
set -euo pipefail
dir=${1:?usage: make_test_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"

ca() {  # NAME
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=werkmonitor test $1" \
    -keyout "$1.key" -out "$1.pem" 2>/dev/null
}
signed() {  # NAME CA EXTENSIONS
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$1" \
    -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 -extfile "$1.ext" \
    -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca
ca other-ca
signed server ca "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
signed client ca "extendedKeyUsage=clientAuth"
signed other-server other-ca "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
