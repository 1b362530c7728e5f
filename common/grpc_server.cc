#include "common/grpc_server.h"

#include "absl/strings/str_cat.h"
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

namespace werkmonitor {

absl::StatusOr<StartedServer> StartGrpcServer(const std::string& address, const std::vector<grpc::Service*>& services) {
  // Both are process-wide switches that must be set before the first ServerBuilder is made. Debian
  // links with --as-needed: without this call the reflection library is dropped silently.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " (in use, or not a host:port)"));
  }
  return StartedServer{std::move(server), absl::StrCat(address.substr(0, address.rfind(':')), ":", port)};
}

}  // namespace werkmonitor
