// Starting a gRPC server the way every werkmonitor server starts: TLS or plaintext per
// ServerTransport, the standard health service, server reflection (v1alpha) and a request size
// limit. The load tool's baseline uses it too, so it runs with exactly the service's settings.
#ifndef WERKMONITOR_COMMON_GRPC_SERVER_H_
#define WERKMONITOR_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/access.h"
#include "common/transport_security.h"
#include <grpcpp/server.h>
#include <grpcpp/server_context.h>

namespace werkmonitor {

struct ServerSecurity {
  ServerTransport transport;
  AccessPolicy access = AccessPolicy::Development();
};

// Larger requests are refused with RESOURCE_EXHAUSTED before they are decoded. The largest real
// request, an UpdateMeasure with every text at its limit, is far smaller.
inline constexpr int kMaxRequestBytes = 1 << 20;

// Whether `security` allows serving on `address`: FAILED_PRECONDITION for development mode or
// plaintext on a non-loopback address, or unusable certificates. StartGrpcServer checks it too; a
// program calls it first to refuse before it creates or changes anything.
[[nodiscard]] absl::Status CheckServerSecurity(const ServerSecurity& security, const std::string& address);

struct StartedServer {
  std::unique_ptr<grpc::Server> server;
  std::string address;  // "host:port" with the port bound (for a requested port 0, the one picked)
};

// UNAVAILABLE naming the address when it cannot be bound; FAILED_PRECONDITION when the security
// settings do not allow it (development mode or plaintext on a non-loopback address, unreadable
// certificates). `services` must outlive the server.
[[nodiscard]] absl::StatusOr<StartedServer> StartGrpcServer(const std::string& address,
                                                            const std::vector<grpc::Service*>& services,
                                                            const ServerSecurity& security = {});

// The caller of `context` per `access` (its "authorization" metadata), if `rule` lets it call.
[[nodiscard]] absl::StatusOr<Principal> AuthorizeCall(const AccessPolicy& access,
                                                      const grpc::ServerContextBase& context, const MethodAccess& rule);
// The same for a service whose methods all need `needed` (see AccessPolicy::Authorize).
[[nodiscard]] absl::StatusOr<Principal> AuthorizeCall(const AccessPolicy& access,
                                                      const grpc::ServerContextBase& context, Role needed);

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_GRPC_SERVER_H_
