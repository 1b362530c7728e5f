// The fixture of the gRPC end-to-end tests: a TestMonitorServer and a client for anna (admin),
// with shorthands for the calls most tests make.
#ifndef WERKMONITOR_TESTS_GRPC_MONITOR_SERVICE_FIXTURE_H_
#define WERKMONITOR_TESTS_GRPC_MONITOR_SERVICE_FIXTURE_H_

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/client/monitor_client.h"
#include "tests/support/test_data.h"
#include "tests/support/test_monitor_server.h"

namespace werkmonitor {

using Stub = MonitorClient::Stub;

class MonitorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { client_ = service_.Client(testing::TestMonitorServer::kAdminToken); }
  const std::string& address() const { return service_.address(); }

  absl::StatusOr<monitor::v1::Measure> Get(const std::string& id) {
    monitor::v1::GetMeasureRequest request;
    request.set_id(id);
    return client_->Call(&Stub::GetMeasure, request);
  }
  absl::StatusOr<monitor::v1::Measure> SetStatus(const std::string& id, int status,
                                                 std::optional<int64_t> expected = {},
                                                 const std::string& note = "correctie") {
    monitor::v1::SetMeasureStatusRequest request;
    request.set_id(id);
    request.set_status(static_cast<monitor::v1::Status>(status));
    request.set_note(note);
    if (expected) request.set_expected_revision(*expected);
    return client_->Call(&Stub::SetMeasureStatus, request);
  }
  int64_t Revision() { return client_->Call(&Stub::GetDashboard, {})->revision(); }

  testing::TestMonitorServer service_;
  std::unique_ptr<MonitorClient> client_;  // anna, an admin
};

inline void ExpectError(const absl::Status& status, absl::StatusCode code, const std::string& message_part) {
  EXPECT_EQ(status.code(), code) << status;
  EXPECT_THAT(testing::ErrorText(status), ::testing::HasSubstr(message_part));
}

}  // namespace werkmonitor

#endif  // WERKMONITOR_TESTS_GRPC_MONITOR_SERVICE_FIXTURE_H_
