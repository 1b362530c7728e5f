#include "absl/flags/flag.h"
#include "common/security_flags.h"

ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate (chain) of this program: a server serves TLS with it; a client presents it to servers "
          "that verify clients.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA certificate(s): a client checks the server's certificate against it (and uses TLS); a server "
          "with --tls_verify_clients checks client certificates against it.");
ABSL_FLAG(bool, insecure, false,
          "Allow plaintext gRPC on an address that is not loopback (only where the network is protected otherwise).");

namespace werkmonitor::internal {

void ReadSharedTlsFlags(std::string& cert_file, std::string& key_file, std::string& ca_file, bool& insecure) {
  cert_file = absl::GetFlag(FLAGS_tls_cert);
  key_file = absl::GetFlag(FLAGS_tls_key);
  ca_file = absl::GetFlag(FLAGS_tls_ca);
  insecure = absl::GetFlag(FLAGS_insecure);
}

}  // namespace werkmonitor::internal
