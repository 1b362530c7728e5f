// Hostile and broken input over gRPC: each gets the right status code and a message naming the
// field, and changes nothing.
#include <atomic>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/grpc_server.h"
#include "tests/grpc/monitor_service_fixture.h"
#include "tests/support/wait.h"
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;
using testing::TestMonitorServer;

class HostileInputTest : public MonitorServiceTest {
 protected:
  // The state a refused call must leave alone: the revision and werk-1 as the service returns it.
  std::string Fingerprint() { return absl::StrCat(Revision(), "|", Get("werk-1")->SerializeAsString()); }
  absl::Status UpdateTitle(const std::string& title, const std::string& path = "title.nl") {
    monitor::v1::UpdateMeasureRequest update;
    update.mutable_measure()->set_id("werk-1");
    update.mutable_measure()->mutable_title()->set_nl(title);
    update.mutable_update_mask()->add_paths(path);
    update.set_note("correctie");
    return client_->Call(&Stub::UpdateMeasure, update).status();
  }
  // Sends `bytes` as the request of `method`, however malformed.
  grpc::Status CallWithBytes(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", TestMonitorServer::kAdminToken));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    grpc::Status result;
    absl::Notification done;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response, [&](grpc::Status status) {
      result = std::move(status);
      done.Notify();
    });
    done.WaitForNotification();
    return result;
  }
};

TEST_F(HostileInputTest, TextsWithNulsControlCharactersOrOverTheLimitAreRefused) {
  const std::string before = Fingerprint();
  ExpectError(UpdateTitle(std::string("Titel\0met nul", 13)), absl::StatusCode::kInvalidArgument,
              "measure.title.nl: contains control character U+0000");
  ExpectError(UpdateTitle("Titel \x07 bel"), absl::StatusCode::kInvalidArgument,
              "measure.title.nl: contains control character U+0007");
  ExpectError(UpdateTitle("Twee\nregels"), absl::StatusCode::kInvalidArgument, "measure.title.nl:");
  ExpectError(UpdateTitle("Titel \x7F"), absl::StatusCode::kInvalidArgument, "U+007F");
  ExpectError(UpdateTitle("\xED\xA0\x80 surrogaat"), absl::StatusCode::kInvalidArgument,
              "measure.title.nl: not valid UTF-8");
  ExpectError(UpdateTitle("\xC0\xAF overlong"), absl::StatusCode::kInvalidArgument, "not valid UTF-8");
  ExpectError(UpdateTitle(std::string(301, 'x')), absl::StatusCode::kInvalidArgument, "longer than 300 characters");
  // 300 characters of two bytes each is within the limit: characters count, not bytes.
  std::string long_but_allowed;
  for (int i = 0; i < 300; ++i) long_but_allowed += "é";
  EXPECT_EQ(before, Fingerprint());
  EXPECT_TRUE(UpdateTitle(long_but_allowed).ok());
}

TEST_F(HostileInputTest, UnknownEnumsIdsAndMaskPathsAreRefused) {
  const std::string before = Fingerprint();
  ExpectError(SetStatus("werk-1", -3).status(), absl::StatusCode::kInvalidArgument, "status: -3 is not a status");
  ExpectError(SetStatus("werk-1", 1 << 30).status(), absl::StatusCode::kInvalidArgument, "is not a status");
  for (const std::string& id : {std::string("werk-1' OR '1'='1"), std::string("../../etc/passwd"),
                                std::string(5000, 'w'), std::string("werk-1 "), std::string("WERK-1")}) {
    absl::Status status = SetStatus(id, monitor::v1::AFGEROND).status();
    EXPECT_TRUE(status.code() == absl::StatusCode::kNotFound || status.code() == absl::StatusCode::kInvalidArgument)
        << status;
    EXPECT_THAT(testing::ErrorText(status), ::testing::StartsWith("id:"));
  }
  ExpectError(SetStatus("", monitor::v1::AFGEROND).status(), absl::StatusCode::kInvalidArgument, "id:");
  // An id too long to be one is refused without being repeated in the message.
  absl::Status long_id = SetStatus(std::string(5000, 'w'), monitor::v1::AFGEROND).status();
  ExpectError(long_id, absl::StatusCode::kInvalidArgument, "id: longer than 100 characters");
  EXPECT_LT(long_id.message().size(), 200u);
  ExpectError(SetStatus(std::string("werk-1\0", 7), monitor::v1::AFGEROND).status(), absl::StatusCode::kInvalidArgument,
              "id: contains control character U+0000");
  for (const char* path :
       {"status", "revision", "title.xx", "title.", "", "body.nl.paragraphs", "milestones.0", "TITLE"}) {
    absl::Status status = UpdateTitle("Geldige titel", path);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << path << ": " << status;
    EXPECT_THAT(testing::ErrorText(status), HasSubstr("update_mask.paths[0]")) << path;
  }
  EXPECT_EQ(before, Fingerprint());
}

TEST_F(HostileInputTest, PageSizesAndForgedPageTokensAreRefusedOrBounded) {
  monitor::v1::ListMeasuresRequest request;
  request.set_page_size(-1);
  ExpectError(client_->Call(&Stub::ListMeasures, request).status(), absl::StatusCode::kInvalidArgument,
              "page_size: must not be negative");
  request.set_page_size(std::numeric_limits<int32_t>::max());  // served, at the maximum page size
  EXPECT_EQ(client_->Call(&Stub::ListMeasures, request)->measures_size(), testing::SmallDataSet().measures_size());

  // A real token, then the same token pointing far beyond the results: what a forger would make.
  request.set_page_size(1);
  std::string token = client_->Call(&Stub::ListMeasures, request)->next_page_token();
  std::string plain;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &plain));
  const std::string forged = absl::WebSafeBase64Escape(plain.substr(0, plain.rfind(':') + 1) + "999999999999");
  for (const std::string& bad : {forged, std::string("bm9wZQ"), std::string("%%%"), std::string(10000, 'A'),
                                 absl::WebSafeBase64Escape(plain.substr(0, plain.rfind(':') + 1) + "-5")}) {
    request.set_page_token(bad);
    ExpectError(client_->Call(&Stub::ListMeasures, request).status(), absl::StatusCode::kInvalidArgument,
                "page_token: not a token this service issued");
  }
  monitor::v1::ListStatusChangesRequest history;
  history.set_page_token(absl::WebSafeBase64Escape(absl::StrCat(plain.substr(0, plain.find(':') + 1), "x:1")));
  ExpectError(client_->Call(&Stub::ListStatusChanges, history).status(), absl::StatusCode::kInvalidArgument,
              "page_token");
}

TEST_F(HostileInputTest, BytesThatAreNoRequestAndOversizedRequestsAreRefused) {
  const std::string before = Fingerprint();
  grpc::Status garbage = CallWithBytes("/monitor.v1.MonitorService/SetMeasureStatus", "\xff\xff\xff\xff\x0f garbage");
  EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << garbage.error_message();
  EXPECT_THAT(garbage.error_message(), HasSubstr("request"));
  // A length-delimited field that claims more bytes than follow.
  grpc::Status truncated = CallWithBytes("/monitor.v1.MonitorService/UpdateMeasure", std::string("\x0a\xff\x01", 3));
  EXPECT_EQ(truncated.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << truncated.error_message();

  // Over the request size limit: refused by gRPC before anything is decoded.
  absl::Status oversized = UpdateTitle(std::string(kMaxRequestBytes + 1, 'x'));
  EXPECT_EQ(oversized.code(), absl::StatusCode::kResourceExhausted) << oversized;
  EXPECT_EQ(before, Fingerprint());
}

TEST(WatchFloodTest, BeyondTheLimitTheOldestStreamIsClosedAndTheOthersGoOn) {
  TestMonitorServer service(TestMonitorServer::Security(), {.max_watchers = 2});
  auto client = service.Client(TestMonitorServer::kReaderToken);
  const int64_t start = service.monitor().revision();
  struct Watcher {
    std::thread thread;
    absl::Notification caught_up, saw_new_write;
    absl::Status ended;
  };
  std::vector<std::unique_ptr<Watcher>> watchers;
  auto open = [&] {
    auto watcher = std::make_unique<Watcher>();
    Watcher* w = watcher.get();
    w->thread = std::thread([&, w] {
      w->ended = client->WatchChanges(0, [&, w](const monitor::v1::ChangeEvent& event) {
        if (event.revision() == start && !w->caught_up.HasBeenNotified()) w->caught_up.Notify();
        if (event.revision() > start) {
          w->saw_new_write.Notify();
          return false;
        }
        return true;
      });
      if (!w->caught_up.HasBeenNotified()) w->caught_up.Notify();
    });
    ASSERT_TRUE(w->caught_up.WaitForNotificationWithTimeout(absl::Seconds(10)));
    watchers.push_back(std::move(watcher));
  };
  for (int i = 0; i < 3; ++i) open();
  watchers[0]->thread.join();
  EXPECT_EQ(watchers[0]->ended.code(), absl::StatusCode::kResourceExhausted) << watchers[0]->ended;
  EXPECT_THAT(testing::ErrorText(watchers[0]->ended),
              HasSubstr("too many WatchChanges streams (2); this one, the oldest, was closed"));

  auto anna = service.Client(TestMonitorServer::kAdminToken);
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("werk-1");
  request.set_status(monitor::v1::AFGEROND);
  request.set_note("correctie");
  ASSERT_TRUE(anna->Call(&Stub::SetMeasureStatus, request).ok());
  for (int i = 1; i < 3; ++i) {
    EXPECT_TRUE(watchers[i]->saw_new_write.WaitForNotificationWithTimeout(absl::Seconds(10))) << i;
    watchers[i]->thread.join();
    EXPECT_TRUE(watchers[i]->ended.ok()) << watchers[i]->ended;
  }
}

TEST_F(HostileInputTest, DeadlinesThatExpireMidCallLeaveAConsistentState) {
  // A stream whose deadline passes ends with DEADLINE_EXCEEDED.
  auto stub = monitor::v1::MonitorService::NewStub(grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", TestMonitorServer::kReaderToken));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
    monitor::v1::WatchChangesRequest request;
    auto reader = stub->WatchChanges(&context, request);
    monitor::v1::ChangeEvent event;
    while (reader->Read(&event)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  // Writes whose deadline may pass at any point: each is applied whole or not at all, whatever the
  // client was told, and the service goes on serving.
  const int64_t start = Revision();
  int deadline_exceeded = 0;
  for (int i = 0; i < 40; ++i) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", TestMonitorServer::kAdminToken));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::microseconds(50 * (i % 20)));
    monitor::v1::SetMeasureStatusRequest request;
    request.set_id("werk-1");
    request.set_status(i % 2 == 0 ? monitor::v1::AFGEROND : monitor::v1::VERTRAAGD);
    request.set_note(absl::StrCat("poging ", i));
    monitor::v1::Measure response;
    grpc::Status status = stub->SetMeasureStatus(&context, request, &response);
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) ++deadline_exceeded;
  }
  // A write the client gave up on may still be running on the server. Revisions only grow, so reads
  // taken between two equal revisions all see one state; wait until such a pair is found.
  int64_t settled = -1;
  std::vector<monitor::v1::StatusChange> history;
  monitor::v1::Status status = monitor::v1::STATUS_UNSPECIFIED;
  ASSERT_TRUE(testing::WaitUntil([&] {
    settled = Revision();
    absl::StatusOr<std::vector<monitor::v1::StatusChange>> changes = client_->ListAllStatusChanges("werk-1");
    if (!changes.ok()) return false;
    history = std::move(*changes);
    status = Get("werk-1")->status();
    return Revision() == settled;
  })) << "the revision kept changing after the last write returned";
  EXPECT_EQ(settled, start + static_cast<int64_t>(history.size()));
  if (!history.empty()) {
    EXPECT_EQ(status, history.back().to_status());
  }
  EXPECT_GT(deadline_exceeded, 0);
}

}  // namespace
}  // namespace werkmonitor
