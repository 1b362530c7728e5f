#include "absl/flags/flag.h"
#include "common/security_flags.h"

ABSL_FLAG(std::string, tokens_file, "",
          "Bearer tokens and roles, one \"sha256:<hex> <role> <name>\" per line (monitorctl token new). Without it "
          "the server runs in development mode: every caller is an admin, and only loopback is served.");
ABSL_FLAG(bool, allow_anonymous_reads, false, "With --tokens_file: callers without a token may read.");
ABSL_FLAG(bool, tls_verify_clients, false, "Demand a client certificate signed by --tls_ca.");

namespace werkmonitor {

absl::StatusOr<ServerSecurity> ServerSecurityFromFlags() {
  ServerSecurity security;
  internal::ReadSharedTlsFlags(security.transport.cert_file, security.transport.key_file, security.transport.ca_file,
                               security.transport.insecure);
  security.transport.verify_clients = absl::GetFlag(FLAGS_tls_verify_clients);
  if (const std::string path = absl::GetFlag(FLAGS_tokens_file); !path.empty()) {
    absl::StatusOr<AccessPolicy> access = AccessPolicy::FromTokensFile(path);
    if (!access.ok()) return access.status();
    security.access = std::move(*access);
  }
  security.access.AllowAnonymousReads(absl::GetFlag(FLAGS_allow_anonymous_reads));
  return security;
}

}  // namespace werkmonitor
