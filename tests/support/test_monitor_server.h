// A monitor service for gRPC tests: a MonitorServer on a free loopback port, over a temporary
// SQLite file holding the small test data set (or another), with four callers: anna (admin), bert
// (editor of BZK), bram (editor of BZK and VRO) and rita (reader).
//
//   TestMonitorServer service;
//   std::unique_ptr<MonitorClient> anna = service.Client(TestMonitorServer::kAdminToken);
#ifndef WERKMONITOR_TESTS_SUPPORT_TEST_MONITOR_SERVER_H_
#define WERKMONITOR_TESTS_SUPPORT_TEST_MONITOR_SERVER_H_

#include <memory>
#include <string>

#include "domain/monitor.h"
#include "monitor_service/client/monitor_client.h"
#include "monitor_service/grpc/monitor_server.h"
#include "tests/support/test_data.h"

namespace werkmonitor::testing {

class TestMonitorServer {
 public:
  static constexpr char kAdminToken[] = "wm_anna-admin";
  static constexpr char kEditorToken[] = "wm_bert-editor";        // departments BZK
  static constexpr char kSecondEditorToken[] = "wm_bram-editor";  // departments BZK, VRO
  static constexpr char kReaderToken[] = "wm_rita-reader";

  // Access control with the three test callers, over plaintext loopback.
  static ServerSecurity Security(bool anonymous_reads = false);

  explicit TestMonitorServer(const ServerSecurity& security = Security(), MonitorGrpcService::Limits limits = {},
                             const monitor::v1::DataSet& data = SmallDataSet());
  ~TestMonitorServer();

  const std::string& address() const { return server_->address(); }
  Monitor& monitor() { return *monitor_; }
  MonitorServer& server() { return *server_; }

  // A client of this server sending `token` (none when empty).
  std::unique_ptr<MonitorClient> Client(const std::string& token, const ClientTransport& transport = {},
                                        absl::Duration timeout = absl::Seconds(30)) const;

 private:
  TempDir dir_;
  std::unique_ptr<Monitor> monitor_;
  std::unique_ptr<MonitorServer> server_;
};

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_TEST_MONITOR_SERVER_H_
