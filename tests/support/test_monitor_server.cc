#include "tests/support/test_monitor_server.h"

#include <cstdlib>
#include <iostream>
#include <tuple>
#include <vector>

#include "monitor_service/store/sqlite_measure_store.h"

namespace werkmonitor::testing {
namespace {

// Test set-up that cannot go on: the tests would only report confusing consequences.
void MustOk(const absl::Status& status, const char* what) {
  if (status.ok()) return;
  std::cerr << "TestMonitorServer: " << what << ": " << status << std::endl;
  std::abort();
}
template <typename T>
T Must(absl::StatusOr<T> value, const char* what) {
  MustOk(value.status(), what);
  return std::move(*value);
}

}  // namespace

ServerSecurity TestMonitorServer::Security(bool anonymous_reads) {
  std::string tokens = "# the test callers\n";
  const std::vector<std::string> none, bzk = {"BZK"}, bzk_vro = {"BZK", "VRO"};
  for (const auto& [token, role, name, departments] :
       {std::tuple{kAdminToken, Role::kAdmin, "anna", &none}, std::tuple{kEditorToken, Role::kEditor, "bert", &bzk},
        std::tuple{kSecondEditorToken, Role::kEditor, "bram", &bzk_vro},
        std::tuple{kReaderToken, Role::kReader, "rita", &none}}) {
    absl::StrAppend(&tokens, Must(TokensFileLine(token, role, name, *departments), "token line"), "\n");
  }
  ServerSecurity security;
  security.access = Must(AccessPolicy::FromTokensText(tokens, "test-tokens"), "tokens");
  security.access.AllowAnonymousReads(anonymous_reads);
  return security;
}

TestMonitorServer::TestMonitorServer(const ServerSecurity& security, MonitorGrpcService::Limits limits,
                                     const monitor::v1::DataSet& data) {
  monitor_ = Must(Monitor::Open(Must(SqliteMeasureStore::Open(dir_.File("monitor.db")), "store")), "monitor");
  MustOk(monitor_->Import(data, "Testbijlage 2025", "import"), "import");
  server_ = Must(MonitorServer::Start(*monitor_, "127.0.0.1:0", security, limits), "server");
}

TestMonitorServer::~TestMonitorServer() { server_->Shutdown(absl::Seconds(1)); }

std::unique_ptr<MonitorClient> TestMonitorServer::Client(const std::string& token, const ClientTransport& transport,
                                                         absl::Duration timeout) const {
  return Must(MonitorClient::Connect(address(), {.token = token, .transport = transport, .timeout = timeout}),
              "client");
}

}  // namespace werkmonitor::testing
