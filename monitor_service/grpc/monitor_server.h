// A running gRPC server for a Monitor: MonitorService, the standard health service (SERVING for
// "" and "monitor.v1.MonitorService") and server reflection (v1alpha), with the access policy and
// transport security of `security` (development mode on plaintext loopback by default).
//
//   absl::StatusOr<std::unique_ptr<MonitorServer>> server = MonitorServer::Start(monitor, "127.0.0.1:0");
//   std::cout << "listening on " << (*server)->address();
//   ...
//   (*server)->Shutdown(absl::Seconds(5));
#ifndef WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_SERVER_H_
#define WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/grpc_server.h"
#include "domain/monitor.h"
#include "monitor_service/grpc/monitor_grpc_service.h"
#include <grpcpp/server.h>

namespace werkmonitor {

class MonitorServer {
 public:
  // Listens on `address` ("host:port"; port 0 picks a free port). UNAVAILABLE when it cannot bind,
  // FAILED_PRECONDITION when `security` does not allow the address (see StartGrpcServer).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MonitorServer>> Start(Monitor& monitor,
                                                                            const std::string& address,
                                                                            const ServerSecurity& security = {},
                                                                            MonitorGrpcService::Limits limits = {});
  ~MonitorServer();

  // "host:port" with the port actually bound.
  const std::string& address() const { return address_; }

  // Stops accepting calls, lets running calls finish for up to `grace`, then cancels the rest
  // (open WatchChanges streams end: their clients see UNAVAILABLE). Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  MonitorServer(std::unique_ptr<MonitorGrpcService> service, std::unique_ptr<grpc::Server> server, std::string address);

  std::unique_ptr<MonitorGrpcService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  bool shut_down_ = false;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_SERVER_H_
