// The security flags every werkmonitor program spells the same way. Each function lives in its own
// file, so a program links (and its --help lists) only the flags it uses:
//   servers: --tokens_file --allow_anonymous_reads --tls_cert --tls_key --tls_ca --tls_verify_clients --insecure
//   clients: --token_file (or $WERKMONITOR_TOKEN) --tls --tls_ca --tls_cert --tls_key --insecure
#ifndef WERKMONITOR_COMMON_SECURITY_FLAGS_H_
#define WERKMONITOR_COMMON_SECURITY_FLAGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/grpc_server.h"
#include "common/transport_security.h"

namespace werkmonitor {

// The environment variable a client's token may come from when --token_file is not given.
inline constexpr char kTokenEnvironmentVariable[] = "WERKMONITOR_TOKEN";

// Loads --tokens_file (development mode without it).
[[nodiscard]] absl::StatusOr<ServerSecurity> ServerSecurityFromFlags();

ClientTransport ClientTransportFromFlags();

// The bearer token from --token_file, else $WERKMONITOR_TOKEN, else "" (no token sent).
[[nodiscard]] absl::StatusOr<std::string> ClientTokenFromFlags();

namespace internal {
// The flags servers and clients share.
void ReadSharedTlsFlags(std::string& cert_file, std::string& key_file, std::string& ca_file, bool& insecure);
}  // namespace internal

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_SECURITY_FLAGS_H_
