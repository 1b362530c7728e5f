#include "common/grpc_server.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

namespace werkmonitor {

absl::Status CheckServerSecurity(const ServerSecurity& security, const std::string& address) {
  if (security.access.development_mode() && !IsLoopbackAddress(address)) {
    return absl::FailedPreconditionError(
        absl::StrCat("development mode (no --tokens_file: every caller acts as admin) serves only on loopback, not on ",
                     address, "; give --tokens_file to serve other hosts"));
  }
  return MakeServerCredentials(security.transport, address).status();
}

absl::StatusOr<StartedServer> StartGrpcServer(const std::string& address, const std::vector<grpc::Service*>& services,
                                              const ServerSecurity& security) {
  if (absl::Status s = CheckServerSecurity(security, address); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(security.transport, address);
  if (!credentials.ok()) return credentials.status();

  // Both are process-wide switches that must be set before the first ServerBuilder is made. Debian
  // links with --as-needed: without this call the reflection library is dropped silently.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(address, *credentials, &port);
  builder.SetMaxReceiveMessageSize(kMaxRequestBytes);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", address, " (in use, or not a host:port)"));
  }
  // A Unix socket's path is its whole address (gRPC reports port 1 for it).
  if (absl::StartsWith(address, "unix:")) return StartedServer{std::move(server), address};
  return StartedServer{std::move(server), absl::StrCat(address.substr(0, address.rfind(':')), ":", port)};
}

namespace {

std::optional<absl::string_view> AuthorizationOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  if (auto found = metadata.find("authorization"); found != metadata.end()) {
    return absl::string_view(found->second.data(), found->second.size());
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<Principal> AuthorizeCall(const AccessPolicy& access, const grpc::ServerContextBase& context,
                                        const MethodAccess& rule) {
  return access.Authorize(AuthorizationOf(context), rule);
}

absl::StatusOr<Principal> AuthorizeCall(const AccessPolicy& access, const grpc::ServerContextBase& context,
                                        Role needed) {
  return access.Authorize(AuthorizationOf(context), needed);
}

}  // namespace werkmonitor
