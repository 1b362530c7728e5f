#include "monitor_service/grpc/monitor_server.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

namespace werkmonitor {

MonitorServer::MonitorServer(std::unique_ptr<MonitorGrpcService> service, std::unique_ptr<grpc::Server> server,
                             std::string address, int port)
    : service_(std::move(service)), server_(std::move(server)), address_(std::move(address)), port_(port) {}

MonitorServer::~MonitorServer() { Shutdown(absl::ZeroDuration()); }

absl::StatusOr<std::unique_ptr<MonitorServer>> MonitorServer::Start(Monitor& monitor, const std::string& address) {
  // Both are process-wide switches that must be set before the first ServerBuilder is made. Debian
  // links with --as-needed: without this call the reflection library is dropped silently.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  auto service = std::make_unique<MonitorGrpcService>(monitor);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service.get());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " (in use, or not a host:port)"));
  }
  // The default health service only reports "" as SERVING; name the service too.
  server->GetHealthCheckService()->SetServingStatus(monitor::v1::MonitorService::service_full_name(), true);
  const std::string bound = absl::StrCat(address.substr(0, address.rfind(':')), ":", port);
  return std::unique_ptr<MonitorServer>(new MonitorServer(std::move(service), std::move(server), bound, port));
}

void MonitorServer::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
}

}  // namespace werkmonitor
