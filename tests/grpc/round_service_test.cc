// Reporting rounds over gRPC: who may do what (roles and departments), two editors on one draft,
// publishing only when all is approved and only once, the status rules, and hostile requests.
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "tests/grpc/monitor_service_fixture.h"
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>

namespace werkmonitor {
namespace {

using monitor::v1::MeasureUpdate;
using monitor::v1::Round;
using ::testing::HasSubstr;
using testing::TestMonitorServer;

monitor::v1::PartialDate Day(int year, int month, int day) {
  monitor::v1::PartialDate date;
  date.set_precision(monitor::v1::PartialDate::DAY);
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

monitor::v1::SaveDraftRequest NoteDraft(const std::string& measure_id, const std::string& note,
                                        std::optional<int64_t> expected = {}) {
  monitor::v1::SaveDraftRequest request;
  request.set_measure_id(measure_id);
  request.mutable_draft()->set_progress_note(note);
  request.mutable_update_mask()->add_paths("progress_note");
  if (expected) request.set_expected_revision(*expected);
  return request;
}

// A server over the small data set with owners: werk is SZW's, registratie BZK's, registratie-2b
// VRO's. bert edits for BZK, bram for BZK and VRO; anna is the coordinator.
class RoundServiceTest : public ::testing::Test {
 protected:
  explicit RoundServiceTest(bool anonymous_reads = false)
      : service_(TestMonitorServer::Security(anonymous_reads), {}, testing::SmallDataSetWithOwners()),
        anna_(service_.Client(TestMonitorServer::kAdminToken)),
        bert_(service_.Client(TestMonitorServer::kEditorToken)),
        bram_(service_.Client(TestMonitorServer::kSecondEditorToken)),
        rita_(service_.Client(TestMonitorServer::kReaderToken)) {}

  absl::StatusOr<Round> OpenRound() {
    monitor::v1::OpenRoundRequest request;
    request.set_label("Voortgangsrapportage juni 2026");
    *request.mutable_as_of() = Day(2026, 6, 1);
    *request.mutable_deadline() = Day(2026, 6, 15);
    return anna_->OpenRound(request);
  }
  int64_t Revision() { return anna_->GetDashboard()->revision(); }
  absl::StatusOr<MeasureUpdate> Submit(MonitorClient& client, const std::string& id) {
    monitor::v1::SubmitUpdateRequest request;
    request.set_measure_id(id);
    return client.SubmitUpdate(request);
  }
  absl::StatusOr<MeasureUpdate> Approve(const std::string& id) {
    monitor::v1::ApproveUpdateRequest request;
    request.set_measure_id(id);
    return anna_->ApproveUpdate(request);
  }

  TestMonitorServer service_;
  std::unique_ptr<MonitorClient> anna_, bert_, bram_, rita_;
};

TEST_F(RoundServiceTest, AnEditorChangesOnlyTheMeasuresOfTheirDepartments) {
  ASSERT_TRUE(OpenRound().ok());
  const int64_t revision = Revision();
  // bert is BZK's: VRO's and SZW's measures are refused, naming their owner.
  absl::Status vro = bert_->SaveDraft(NoteDraft("registratie-2b", "Voorinschrijving loopt door.")).status();
  ExpectError(vro, absl::StatusCode::kPermissionDenied, "measure \"registratie-2b\" is owned by VRO");
  ExpectError(bert_->SaveDraft(NoteDraft("werk-1", "Wetgeving is ingediend.")).status(),
              absl::StatusCode::kPermissionDenied, "is owned by SZW");
  ExpectError(Submit(*bert_, "registratie-2b").status(), absl::StatusCode::kPermissionDenied, "is owned by VRO");
  EXPECT_EQ(Revision(), revision);

  // Their own department's measure, an editor of VRO, and the coordinator for any.
  absl::StatusOr<MeasureUpdate> own = bert_->SaveDraft(NoteDraft("registratie-1", "Contactgegevens verzameld."));
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->updated_by(), "bert");
  EXPECT_TRUE(bram_->SaveDraft(NoteDraft("registratie-2b", "Voorinschrijving loopt door.")).ok());
  EXPECT_TRUE(anna_->SaveDraft(NoteDraft("werk-1", "Wetgeving is ingediend.")).ok());
}

TEST_F(RoundServiceTest, EachRoundCallNeedsItsRole) {
  ASSERT_TRUE(OpenRound().ok());
  // Readers follow the round, not the drafts.
  EXPECT_TRUE(rita_->GetRound(0).ok());
  EXPECT_TRUE(rita_->ListRounds().ok());
  ExpectError(rita_->ListMeasureUpdates({}).status(), absl::StatusCode::kPermissionDenied,
              "rita has the role reader; this call needs editor");
  ExpectError(rita_->GetMeasureUpdate(0, "werk-1").status(), absl::StatusCode::kPermissionDenied, "needs editor");
  ExpectError(rita_->SaveDraft(NoteDraft("werk-1", "Twee woorden.")).status(), absl::StatusCode::kPermissionDenied,
              "needs editor");
  EXPECT_TRUE(bert_->ListMeasureUpdates({}).ok());
  // Review and publishing are the coordinator's, whatever the department.
  const std::string admin_only = "bert has the role editor; this call needs admin";
  ExpectError(Approve("registratie-1").status(), absl::StatusCode::kFailedPrecondition, "is a draft");
  monitor::v1::ApproveUpdateRequest approve;
  approve.set_measure_id("registratie-1");
  ExpectError(bert_->ApproveUpdate(approve).status(), absl::StatusCode::kPermissionDenied, admin_only);
  monitor::v1::ReturnUpdateRequest give_back;
  give_back.set_measure_id("registratie-1");
  give_back.set_comment("Graag aanvullen.");
  ExpectError(bert_->ReturnUpdate(give_back).status(), absl::StatusCode::kPermissionDenied, admin_only);
  ExpectError(bert_->ApproveUnchanged({"registratie-1"}).status(), absl::StatusCode::kPermissionDenied, admin_only);
  ExpectError(bert_->PublishRound(1).status(), absl::StatusCode::kPermissionDenied, admin_only);
  monitor::v1::OpenRoundRequest open;
  ExpectError(bert_->OpenRound(open).status(), absl::StatusCode::kPermissionDenied, admin_only);
  // Corrections outside a round too.
  monitor::v1::SetMeasureStatusRequest correction;
  correction.set_id("registratie-1");
  correction.set_status(monitor::v1::AFGEROND);
  correction.set_note("correctie");
  ExpectError(bert_->SetMeasureStatus(correction).status(), absl::StatusCode::kPermissionDenied, admin_only);
}

TEST_F(RoundServiceTest, OfTwoEditorsSavingOneDraftAtTheSameRevisionOneIsAborted) {
  ASSERT_TRUE(OpenRound().ok());
  absl::StatusOr<MeasureUpdate> read = bert_->GetMeasureUpdate(0, "registratie-1");
  ASSERT_TRUE(read.ok()) << read.status();
  absl::Status first, second;
  std::thread a(
      [&] { first = bert_->SaveDraft(NoteDraft("registratie-1", "Versie van bert.", read->revision())).status(); });
  std::thread b(
      [&] { second = bram_->SaveDraft(NoteDraft("registratie-1", "Versie van bram.", read->revision())).status(); });
  a.join();
  b.join();
  ASSERT_NE(first.ok(), second.ok()) << first << " / " << second;
  const absl::Status& loser = first.ok() ? second : first;
  ExpectError(loser, absl::StatusCode::kAborted, "expected_revision");
  absl::StatusOr<MeasureUpdate> after = bert_->GetMeasureUpdate(0, "registratie-1");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->proposed().progress_note(), first.ok() ? "Versie van bert." : "Versie van bram.");
}

TEST_F(RoundServiceTest, ABrokenStatusRuleOnSubmitNamesTheFieldAndTheRule) {
  ASSERT_TRUE(OpenRound().ok());
  // registratie-1 is delayed: its update needs the reason of the delay.
  ASSERT_TRUE(bert_->SaveDraft(NoteDraft("registratie-1", "Contactgegevens deels verzameld.")).ok());
  ExpectError(Submit(*bert_, "registratie-1").status(), absl::StatusCode::kFailedPrecondition,
              "status_reason: breaks rule vertraagd-reden");
  EXPECT_EQ(bert_->GetMeasureUpdate(0, "registratie-1")->state(), MeasureUpdate::DRAFT);
}

TEST_F(RoundServiceTest, PublishWaitsForEveryApprovalAndHappensOnce) {
  absl::StatusOr<Round> round = OpenRound();
  ASSERT_TRUE(round.ok()) << round.status();
  ExpectError(anna_->PublishRound(round->id()).status(), absl::StatusCode::kFailedPrecondition,
              "updates are not approved yet");

  // One measure reported, submitted and approved; another submitted but not yet approved.
  ASSERT_TRUE(bram_->SaveDraft(NoteDraft("registratie-2b", "Voorinschrijving loopt in drie gemeenten.")).ok());
  ASSERT_TRUE(Submit(*bram_, "registratie-2b").ok());
  ASSERT_TRUE(anna_->SaveDraft(NoteDraft("werk-1", "Wetsvoorstel is ingediend.")).ok());
  ASSERT_TRUE(Submit(*anna_, "werk-1").ok());
  ASSERT_TRUE(Approve("registratie-2b").ok());
  ASSERT_TRUE(anna_->ApproveUnchanged({"werk-2", "registratie-1", "registratie-2a"}).ok());
  const int64_t before = Revision();
  ExpectError(anna_->PublishRound(round->id()).status(), absl::StatusCode::kFailedPrecondition,
              "1 of 5 updates are not approved yet: werk-1 (submitted)");
  EXPECT_EQ(Revision(), before);

  ASSERT_TRUE(Approve("werk-1").ok());
  absl::StatusOr<Round> published = anna_->PublishRound(round->id());
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state(), Round::PUBLISHED);
  EXPECT_EQ(published->snapshot_id(), 2);
  // A retry answers the same round and makes no second snapshot.
  absl::StatusOr<Round> again = anna_->PublishRound(round->id());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->snapshot_id(), published->snapshot_id());
  monitor::v1::ListSnapshotsRequest snapshots;
  EXPECT_EQ(anna_->ListSnapshots(snapshots)->snapshots_size(), 2);
  absl::StatusOr<monitor::v1::Snapshot> snapshot = anna_->GetSnapshot(0);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->info().label(), "Voortgangsrapportage juni 2026");
  EXPECT_EQ(snapshot->info().round_id(), round->id());

  // The published state is what readers get; the comparison says what changed.
  EXPECT_EQ(rita_->GetMeasure("registratie-2b")->progress_note(), "Voorinschrijving loopt in drie gemeenten.");
  absl::StatusOr<monitor::v1::SnapshotComparison> changes = rita_->CompareSnapshots(1, 2);
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(changes->target().id(), 2);
}

class AnonymousRoundServiceTest : public RoundServiceTest {
 protected:
  AnonymousRoundServiceTest() : RoundServiceTest(/*anonymous_reads=*/true) {}
};

TEST_F(AnonymousRoundServiceTest, AnonymousCallersMayCompareSnapshotsButNotFollowARound) {
  ASSERT_TRUE(OpenRound().ok());
  auto nobody = service_.Client("");
  EXPECT_TRUE(nobody->CompareSnapshots(1, 1).ok());
  ExpectError(nobody->GetRound(0).status(), absl::StatusCode::kUnauthenticated, "no token");
  ExpectError(nobody->ListRounds().status(), absl::StatusCode::kUnauthenticated, "no token");
}

// Sends `bytes` as the request of `method` with anna's token, however malformed.
grpc::Status CallWithBytes(const std::string& address, const std::string& method, const std::string& bytes) {
  grpc::GenericStub stub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
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

TEST_F(RoundServiceTest, HostileRoundRequestsGetAPreciseErrorAndChangeNothing) {
  ASSERT_TRUE(OpenRound().ok());
  const int64_t revision = Revision();
  // Not UTF-8, deep in the draft: the field is named.
  monitor::v1::SaveDraftRequest bad_text = NoteDraft("werk-1", "Twee \xC3\x28 woorden.");
  ExpectError(anna_->SaveDraft(bad_text).status(), absl::StatusCode::kInvalidArgument,
              "draft.progress_note: not valid UTF-8");
  monitor::v1::SaveDraftRequest bad_reason = NoteDraft("werk-1", "Twee woorden.");
  bad_reason.mutable_update_mask()->add_paths("milestones");
  bad_reason.mutable_draft()->add_milestones()->set_move_reason("\xFF");
  ExpectError(anna_->SaveDraft(bad_reason).status(), absl::StatusCode::kInvalidArgument,
              "draft.milestones[0].move_reason: not valid UTF-8");
  // Control characters, unknown paths, unknown states and views, negative ids.
  ExpectError(anna_->SaveDraft(NoteDraft("werk-1", std::string("Twee\0woorden.", 13))).status(),
              absl::StatusCode::kInvalidArgument, "draft.progress_note");
  monitor::v1::SaveDraftRequest unknown_path = NoteDraft("werk-1", "Twee woorden.");
  unknown_path.mutable_update_mask()->add_paths("revision");
  ExpectError(anna_->SaveDraft(unknown_path).status(), absl::StatusCode::kInvalidArgument,
              "update_mask.paths[1]: unknown path \"revision\"");
  monitor::v1::ListMeasureUpdatesRequest list;
  list.set_state(static_cast<MeasureUpdate::State>(77));
  ExpectError(anna_->ListMeasureUpdates(list).status(), absl::StatusCode::kInvalidArgument, "state: 77");
  list.Clear();
  list.set_view(static_cast<monitor::v1::MeasureView>(-4));
  ExpectError(anna_->ListMeasureUpdates(list).status(), absl::StatusCode::kInvalidArgument, "view:");
  ExpectError(anna_->GetRound(-1).status(), absl::StatusCode::kInvalidArgument, "id: must not be negative");
  ExpectError(anna_->PublishRound(-1).status(), absl::StatusCode::kInvalidArgument, "round_id");
  ExpectError(anna_->PublishRound(99).status(), absl::StatusCode::kNotFound, "round_id: no round 99");
  ExpectError(anna_->ApproveUnchanged({"werk-1", "werk-1"}).status(), absl::StatusCode::kInvalidArgument,
              "is named twice");
  ExpectError(anna_->ApproveUnchanged({std::string(5000, 'x')}).status(), absl::StatusCode::kInvalidArgument,
              "measure_ids[0]: longer than 100 characters");
  ExpectError(anna_->CompareSnapshots(0, 1).status(), absl::StatusCode::kInvalidArgument,
              "base_snapshot_id: is required");
  ExpectError(anna_->CompareSnapshots(1, 42).status(), absl::StatusCode::kNotFound, "42");
  // A second round while one is open.
  ExpectError(OpenRound().status(), absl::StatusCode::kFailedPrecondition, "is open; publish it");
  // Bytes that are no message at all.
  for (const char* method :
       {"OpenRound", "SaveDraft", "SubmitUpdate", "ApproveUnchanged", "PublishRound", "CompareSnapshots"}) {
    grpc::Status garbage = CallWithBytes(service_.address(), absl::StrCat("/monitor.v1.MonitorService/", method),
                                         "\xff\xff\xff\xff\x0f garbage");
    EXPECT_EQ(garbage.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_THAT(garbage.error_message(), HasSubstr(absl::StrCat("not a valid monitor.v1.", method))) << method;
  }
  EXPECT_EQ(Revision(), revision);
}

}  // namespace
}  // namespace werkmonitor

namespace werkmonitor {
namespace {

// The coordinator's comment on a returned update is for the departments: a reader following the
// changes sees that the update was returned, not what was said.
TEST_F(RoundServiceTest, ReadersWatchingChangesDoNotSeeTheCoordinatorsComments) {
  ASSERT_TRUE(OpenRound().ok());
  monitor::v1::SaveDraftRequest save;
  save.set_measure_id("werk-1");
  save.mutable_draft()->set_progress_note("Het wetsvoorstel ligt bij de Raad van State.");
  save.mutable_update_mask()->add_paths("progress_note");
  ASSERT_TRUE(anna_->SaveDraft(save).ok());
  ASSERT_TRUE(Submit(*anna_, "werk-1").ok());
  monitor::v1::ReturnUpdateRequest back;
  back.set_measure_id("werk-1");
  back.set_comment("Noem de datum van het advies.");
  ASSERT_TRUE(anna_->ReturnUpdate(back).ok());

  // The comment each watcher sees on the RETURNED event.
  auto comment_seen_by = [](MonitorClient& client) {
    std::optional<std::string> comment;
    absl::Status s = client.WatchChanges(0, [&](const monitor::v1::ChangeEvent& event) {
      if (event.has_round() && event.round().kind() == monitor::v1::RoundEvent::RETURNED) {
        comment = event.round().comment();
        return false;
      }
      return true;
    });
    EXPECT_TRUE(s.ok() || s.code() == absl::StatusCode::kCancelled) << s;
    return comment;
  };
  EXPECT_EQ(comment_seen_by(*bert_), "Noem de datum van het advies.");
  EXPECT_EQ(comment_seen_by(*rita_), "");
}

}  // namespace
}  // namespace werkmonitor
