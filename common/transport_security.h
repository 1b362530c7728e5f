// How werkmonitor programs protect their connections: TLS from PEM files, and the rule that
// plaintext (and development mode, see access.h) is only for loopback addresses.
//
// Servers use TLS when given a certificate and key; with `verify_clients` they also demand a
// client certificate signed by `ca`. Clients use TLS when asked to, or when given a CA; they then
// check the server's certificate against `ca` (or gRPC's default roots) and present their own
// certificate when given one. (A report worker serving TLS shares its certificate flags with its
// client side, so a certificate alone does not switch the client to TLS.)
#ifndef WERKMONITOR_COMMON_TRANSPORT_SECURITY_H_
#define WERKMONITOR_COMMON_TRANSPORT_SECURITY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

namespace werkmonitor {

struct ServerTransport {
  std::string cert_file{};  // PEM; with key_file, serve TLS
  std::string key_file{};
  std::string ca_file{};  // PEM; the CA client certificates must be signed by (with verify_clients)
  bool verify_clients = false;
  bool insecure = false;  // allow plaintext on a non-loopback address
};

struct ClientTransport {
  bool tls = false;         // implied by ca_file
  std::string ca_file{};    // PEM; the CA the server's certificate must be signed by (default roots if empty)
  std::string cert_file{};  // PEM; a client certificate for servers that verify clients
  std::string key_file{};
  bool insecure = false;  // allow plaintext to a non-loopback address
};

// "127.0.0.1:50051", "localhost:1", "[::1]:5", "unix:/path" are loopback; "0.0.0.0:50051" is not.
bool IsLoopbackAddress(absl::string_view address);

// Credentials for serving on `address`. FAILED_PRECONDITION when the files cannot be read, only one of
// cert/key is given, verify_clients lacks a CA, or plaintext is asked for on a non-loopback address
// without `insecure`.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTransport& transport, absl::string_view address);

// Credentials for calling `address`, with the same checks as the server's.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTransport& transport, absl::string_view address);

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_TRANSPORT_SECURITY_H_
