// Starting a gRPC server the way every werkmonitor server starts: insecure port (loopback by
// default), the standard health service and server reflection (v1alpha). The load tool's baseline
// uses it too, so it runs with exactly the service's settings.
#ifndef WERKMONITOR_COMMON_GRPC_SERVER_H_
#define WERKMONITOR_COMMON_GRPC_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include <grpcpp/server.h>

namespace werkmonitor {

struct StartedServer {
  std::unique_ptr<grpc::Server> server;
  std::string address;  // "host:port" with the port bound (for a requested port 0, the one picked)
};

// UNAVAILABLE naming the address when it cannot be bound. `services` must outlive the server.
[[nodiscard]] absl::StatusOr<StartedServer> StartGrpcServer(const std::string& address,
                                                            const std::vector<grpc::Service*>& services);

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_GRPC_SERVER_H_
