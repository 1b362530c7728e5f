#include "monitor_service/grpc/monitor_server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc_server.h"
#include <grpcpp/health_check_service_interface.h>

namespace werkmonitor {

MonitorServer::MonitorServer(std::unique_ptr<MonitorGrpcService> service, std::unique_ptr<grpc::Server> server,
                             std::string address)
    : service_(std::move(service)), server_(std::move(server)), address_(std::move(address)) {}

MonitorServer::~MonitorServer() { Shutdown(absl::ZeroDuration()); }

absl::StatusOr<std::unique_ptr<MonitorServer>> MonitorServer::Start(Monitor& monitor, const std::string& address,
                                                                    const ServerSecurity& security,
                                                                    MonitorGrpcService::Limits limits) {
  auto service = std::make_unique<MonitorGrpcService>(monitor, security.access, limits);
  absl::StatusOr<StartedServer> started = StartGrpcServer(address, {service.get()}, security);
  if (!started.ok()) return started.status();
  // The default health service only reports "" as SERVING; name the service too.
  started->server->GetHealthCheckService()->SetServingStatus(monitor::v1::MonitorService::service_full_name(), true);
  return std::unique_ptr<MonitorServer>(
      new MonitorServer(std::move(service), std::move(started->server), started->address));
}

void MonitorServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
}

}  // namespace werkmonitor
