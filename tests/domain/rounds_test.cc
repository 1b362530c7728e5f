// Reporting rounds in the domain: who may do what, the life of an update, publishing.
#include <memory>
#include <optional>

#include "domain/measure_store.h"
#include "domain/monitor.h"
#include "domain/testing/forwarding_measure_store.h"
#include "domain/update_rules.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using monitor::v1::MeasureUpdate;
using monitor::v1::Round;
using ::testing::HasSubstr;

// The small data set with departments: werk is SZW's, registratie BZK's.
monitor::v1::DataSet OwnedDataSet() {
  monitor::v1::DataSet data = testing::SmallDataSet();
  for (const char* code : {"SZW", "BZK"}) {
    monitor::v1::Department* d = data.add_departments();
    d->set_code(code);
    d->mutable_name()->set_nl(std::string("Ministerie ") + code);
  }
  for (auto& theme : *data.mutable_themes()) theme.set_default_owner(theme.id() == "werk" ? "SZW" : "BZK");
  for (auto& measure : *data.mutable_measures())
    measure.mutable_owner()->set_department(measure.theme_id() == "werk" ? "SZW" : "BZK");
  return data;
}

monitor::v1::PartialDate Day(int y, int m, int d) {
  monitor::v1::PartialDate date;
  date.set_precision(monitor::v1::PartialDate::DAY);
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

// A store whose next Commit fails, to show that a failed publish changes nothing.
class FailingStore : public ForwardingMeasureStore {
 public:
  using ForwardingMeasureStore::ForwardingMeasureStore;
  void FailNextCommit() { fail_next_ = true; }
  absl::Status Commit(const Write& write) override {
    if (fail_next_) {
      fail_next_ = false;
      return absl::UnavailableError("disk unplugged");
    }
    return ForwardingMeasureStore::Commit(write);
  }

 private:
  bool fail_next_ = false;
};

class RoundsTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(/*import=*/true); }

  void Reopen(bool import) {
    monitor_.reset();
    auto sqlite = SqliteMeasureStore::Open(dir_.File("monitor.db"));
    ASSERT_TRUE(sqlite.ok()) << sqlite.status();
    auto store = std::make_unique<FailingStore>(std::move(*sqlite));
    store_ = store.get();
    auto monitor = Monitor::Open(std::move(store), [] { return absl::FromCivil(absl::CivilDay(2026, 6, 10), absl::UTCTimeZone()); });
    ASSERT_TRUE(monitor.ok()) << monitor.status();
    monitor_ = std::move(*monitor);
    if (import) {
      ASSERT_TRUE(monitor_->Import(OwnedDataSet(), "Testbijlage 2025", "import").ok());
    }
  }

  absl::StatusOr<Round> Open() {
    monitor::v1::OpenRoundRequest request;
    request.set_label("Voortgangsrapportage juni 2026");
    *request.mutable_as_of() = Day(2026, 6, 1);
    *request.mutable_deadline() = Day(2026, 6, 15);
    return monitor_->OpenRound(request, coordinator_);
  }

  absl::StatusOr<MeasureUpdate> SaveNote(const std::string& id, const Actor& actor, const std::string& note,
                                         std::optional<int64_t> expected = std::nullopt) {
    monitor::v1::SaveDraftRequest request;
    request.set_measure_id(id);
    request.mutable_draft()->set_progress_note(note);
    request.mutable_update_mask()->add_paths("progress_note");
    if (expected) request.set_expected_revision(*expected);
    return monitor_->SaveDraft(request, actor);
  }

  absl::StatusOr<MeasureUpdate> Submit(const std::string& id, const Actor& actor) {
    monitor::v1::SubmitUpdateRequest request;
    request.set_measure_id(id);
    return monitor_->SubmitUpdate(request, actor);
  }

  absl::StatusOr<MeasureUpdate> Approve(const std::string& id) {
    monitor::v1::ApproveUpdateRequest request;
    request.set_measure_id(id);
    return monitor_->ApproveUpdate(request, coordinator_);
  }

  absl::Status ApproveUnchanged(std::vector<std::string> ids) {
    monitor::v1::ApproveUnchangedRequest request;
    for (auto& id : ids) request.add_measure_ids(id);
    return monitor_->ApproveUnchanged(request, coordinator_).status();
  }

  absl::StatusOr<Round> Publish(int64_t id) {
    monitor::v1::PublishRoundRequest request;
    request.set_round_id(id);
    return monitor_->PublishRound(request, coordinator_);
  }

  MeasureUpdate UpdateOf(const std::string& id) {
    monitor::v1::GetMeasureUpdateRequest request;
    request.set_measure_id(id);
    absl::StatusOr<MeasureUpdate> u = monitor_->GetMeasureUpdate(request);
    EXPECT_TRUE(u.ok()) << u.status();
    return u.ok() ? *u : MeasureUpdate();
  }

  Measure Get(const std::string& id) {
    monitor::v1::GetMeasureRequest request;
    request.set_id(id);
    absl::StatusOr<Measure> m = monitor_->GetMeasure(request);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : Measure();
  }

  int64_t LatestSnapshotId() {
    monitor::v1::ListSnapshotsRequest request;
    absl::StatusOr<monitor::v1::ListSnapshotsResponse> list = monitor_->ListSnapshots(request);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() && list->snapshots_size() > 0 ? list->snapshots(0).id() : 0;
  }

  testing::TempDir dir_;
  FailingStore* store_ = nullptr;
  std::unique_ptr<Monitor> monitor_;
  const Actor coordinator_ = Actor::Admin("coördinator");
  const Actor szw_ = Actor::Editor("sanne", {"SZW"});
  const Actor bzk_ = Actor::Editor("bas", {"BZK"});
};

TEST_F(RoundsTest, OpeningGivesEveryLeafADraftOwnedByItsDepartment) {
  absl::StatusOr<Round> round = Open();
  ASSERT_TRUE(round.ok()) << round.status();
  EXPECT_EQ(round->id(), 1);
  EXPECT_EQ(round->state(), Round::OPEN);
  EXPECT_EQ(round->base_snapshot_id(), 1);
  monitor::v1::ListMeasureUpdatesRequest request;
  absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> list = monitor_->ListMeasureUpdates(request);
  ASSERT_TRUE(list.ok()) << list.status();
  std::vector<std::string> seen;
  for (const MeasureUpdate& u : list->updates()) {
    seen.push_back(u.measure_id() + ":" + u.owner());
    EXPECT_EQ(u.state(), MeasureUpdate::DRAFT);
    EXPECT_FALSE(u.proposed().has_body()) << "a list shows the basic view";
  }
  // registratie-2 has sub-measures: no update of its own.
  EXPECT_THAT(seen, ::testing::ElementsAre("werk-1:SZW", "werk-2:SZW", "registratie-1:BZK", "registratie-2a:BZK",
                                           "registratie-2b:BZK"));
}

TEST_F(RoundsTest, OneRoundAtATimeAndOnlyTheCoordinatorOpensIt) {
  monitor::v1::OpenRoundRequest request;
  request.set_label("x");
  *request.mutable_as_of() = Day(2026, 6, 1);
  *request.mutable_deadline() = Day(2026, 6, 15);
  EXPECT_EQ(monitor_->OpenRound(request, szw_).status().code(), absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Open().ok());
  absl::Status second = Open().status();
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.message(), HasSubstr("round 1 \"Voortgangsrapportage juni 2026\" is open"));
}

TEST_F(RoundsTest, ARoundNeedsDaysInOrder) {
  monitor::v1::OpenRoundRequest request;
  request.set_label("x");
  EXPECT_THAT(monitor_->OpenRound(request, coordinator_).status().message(), HasSubstr("as_of: is required"));
  *request.mutable_as_of() = Day(2026, 6, 1);
  request.mutable_as_of()->set_precision(monitor::v1::PartialDate::MONTH);
  EXPECT_THAT(monitor_->OpenRound(request, coordinator_).status().message(), HasSubstr("as_of: must be a day"));
  *request.mutable_as_of() = Day(2026, 6, 1);
  *request.mutable_deadline() = Day(2026, 5, 31);
  EXPECT_THAT(monitor_->OpenRound(request, coordinator_).status().message(),
              HasSubstr("deadline: must not be before as_of"));
}

TEST_F(RoundsTest, AnEditorChangesOnlyTheMeasuresOfTheirDepartments) {
  ASSERT_TRUE(Open().ok());
  absl::Status denied = SaveNote("registratie-1", szw_, "Het loopt goed.").status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("measure \"registratie-1\" is owned by BZK"));
  EXPECT_TRUE(SaveNote("registratie-1", bzk_, "Het loopt goed.").ok());
  EXPECT_TRUE(SaveNote("werk-1", coordinator_, "Het loopt goed.").ok()) << "an admin may change all";
  EXPECT_EQ(Submit("werk-1", bzk_).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(RoundsTest, TwoEditorsOnOneDraftOneGetsAborted) {
  ASSERT_TRUE(Open().ok());
  const int64_t read = UpdateOf("werk-1").revision();
  const Actor other = Actor::Editor("piet", {"SZW"});
  ASSERT_TRUE(SaveNote("werk-1", szw_, "Eerste versie van de voortgang.", read).ok());
  absl::Status late = SaveNote("werk-1", other, "Tweede versie van de voortgang.", read).status();
  EXPECT_EQ(late.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(late.message(), HasSubstr("expected_revision"));
  EXPECT_EQ(UpdateOf("werk-1").proposed().progress_note(), "Eerste versie van de voortgang.");
}

TEST_F(RoundsTest, ReadsShowThePublishedStateWhileADraftExists) {
  ASSERT_TRUE(Open().ok());
  monitor::v1::SaveDraftRequest request;
  request.set_measure_id("werk-1");
  request.mutable_draft()->set_status(monitor::v1::ERNSTIGE_OBSTAKELS);
  request.mutable_draft()->set_status_reason("Geen budget.");
  request.mutable_update_mask()->add_paths("status");
  ASSERT_TRUE(monitor_->SaveDraft(request, szw_).ok());
  EXPECT_EQ(Get("werk-1").status(), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(UpdateOf("werk-1").proposed().status(), monitor::v1::ERNSTIGE_OBSTAKELS);
}

TEST_F(RoundsTest, SubmitChecksTheStatusRules) {
  ASSERT_TRUE(Open().ok());
  absl::Status s = Submit("werk-1", szw_).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  std::optional<RuleViolation> v = RuleViolationFromStatus(s);
  ASSERT_TRUE(v.has_value()) << s;
  EXPECT_EQ(v->rule_id, "voortgang-verplicht");
  EXPECT_EQ(UpdateOf("werk-1").state(), MeasureUpdate::DRAFT);
}

TEST_F(RoundsTest, ReturnedUpdatesAreFixedAndSubmittedAgain) {
  ASSERT_TRUE(Open().ok());
  ASSERT_TRUE(SaveNote("werk-1", szw_, "Loopt volgens planning.").ok());
  ASSERT_TRUE(Submit("werk-1", szw_).ok());
  EXPECT_EQ(SaveNote("werk-1", szw_, "Nog iets.").status().code(), absl::StatusCode::kFailedPrecondition)
      << "a submitted update is under review";
  monitor::v1::ReturnUpdateRequest back;
  back.set_measure_id("werk-1");
  EXPECT_EQ(monitor_->ReturnUpdate(back, coordinator_).status().code(), absl::StatusCode::kInvalidArgument)
      << "a comment is required";
  back.set_comment("Noem de stand van de wetgeving.");
  ASSERT_TRUE(monitor_->ReturnUpdate(back, coordinator_).ok());
  MeasureUpdate returned = UpdateOf("werk-1");
  EXPECT_EQ(returned.state(), MeasureUpdate::RETURNED);
  EXPECT_EQ(returned.return_comment(), "Noem de stand van de wetgeving.");
  ASSERT_TRUE(SaveNote("werk-1", szw_, "Het wetsvoorstel ligt bij de Raad van State.").ok());
  ASSERT_TRUE(Submit("werk-1", szw_).ok());
  ASSERT_TRUE(Approve("werk-1").ok());
  EXPECT_EQ(UpdateOf("werk-1").state(), MeasureUpdate::APPROVED);
}

TEST_F(RoundsTest, ApproveUnchangedIsAllOrNothing) {
  ASSERT_TRUE(Open().ok());
  ASSERT_TRUE(SaveNote("werk-2", szw_, "Er is iets gewijzigd.").ok());
  absl::Status s = ApproveUnchanged({"werk-1", "werk-2"});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("measure_ids[1]"));
  EXPECT_EQ(UpdateOf("werk-1").state(), MeasureUpdate::DRAFT) << "nothing approved";
  EXPECT_EQ(ApproveUnchanged({"werk-1", "werk-1"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApproveUnchanged({"registratie-2"}).code(), absl::StatusCode::kFailedPrecondition) << "a parent";
  ASSERT_TRUE(ApproveUnchanged({"werk-1", "registratie-1"}).ok());
  EXPECT_TRUE(UpdateOf("werk-1").unchanged());
}

TEST_F(RoundsTest, PublishIsRefusedWhileAnythingIsUnapproved) {
  ASSERT_TRUE(Open().ok());
  ASSERT_TRUE(ApproveUnchanged({"werk-1", "werk-2", "registratie-1"}).ok());
  absl::Status s = Publish(1).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("2 of 5 updates are not approved yet: registratie-2a (a draft)"));
  EXPECT_EQ(LatestSnapshotId(), 1);
}

TEST_F(RoundsTest, PublishingAppliesEveryApprovedUpdateOnceWithItsSnapshot) {
  ASSERT_TRUE(Open().ok());
  // registratie-1 stays delayed, with its milestone moved: a new date, a reason.
  monitor::v1::SaveDraftRequest request;
  request.set_measure_id("werk-1");
  Measure& draft = *request.mutable_draft();
  draft.set_status(monitor::v1::VERTRAAGD);
  draft.set_status_reason("De wet is later aangenomen.");
  draft.set_progress_note("De Tweede Kamer stemde in mei in.");
  *draft.mutable_milestones() = Get("werk-1").milestones();
  draft.mutable_milestones(0)->mutable_date()->set_year(2028);
  draft.mutable_milestones(0)->set_as_written("1 januari 2028");
  draft.mutable_milestones(0)->set_move_reason("Behandeling in de Eerste Kamer duurt langer.");
  for (const char* path : {"status", "progress_note", "milestones"}) request.mutable_update_mask()->add_paths(path);
  ASSERT_TRUE(monitor_->SaveDraft(request, szw_).ok());
  ASSERT_TRUE(Submit("werk-1", szw_).ok());
  ASSERT_TRUE(Approve("werk-1").ok());
  ASSERT_TRUE(ApproveUnchanged({"werk-2", "registratie-1", "registratie-2a", "registratie-2b"}).ok());

  store_->FailNextCommit();
  EXPECT_EQ(Publish(1).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Get("werk-1").status(), monitor::v1::IN_UITVOERING) << "a failed publish changes nothing";
  EXPECT_EQ(LatestSnapshotId(), 1);

  absl::StatusOr<Round> published = Publish(1);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state(), Round::PUBLISHED);
  EXPECT_EQ(published->snapshot_id(), 2);
  const Measure after = Get("werk-1");
  EXPECT_EQ(after.status(), monitor::v1::VERTRAAGD);
  EXPECT_EQ(after.milestones(0).date().year(), 2028);
  EXPECT_EQ(after.progress_note(), "De Tweede Kamer stemde in mei in.");
  EXPECT_EQ(after.updated_by(), "sanne") << "the author of the update";

  monitor::v1::ListStatusChangesRequest history;
  history.set_measure_id("werk-1");
  absl::StatusOr<monitor::v1::ListStatusChangesResponse> changes = monitor_->ListStatusChanges(history);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->changes_size(), 1);
  EXPECT_EQ(changes->changes(0).round_id(), 1);
  EXPECT_EQ(changes->changes(0).note(), "De Tweede Kamer stemde in mei in.");

  monitor::v1::GetSnapshotRequest get;
  get.set_id(2);
  absl::StatusOr<monitor::v1::Snapshot> snapshot = monitor_->GetSnapshot(get);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ(snapshot->info().label(), "Voortgangsrapportage juni 2026");
  EXPECT_EQ(snapshot->info().round_id(), 1);
  EXPECT_EQ(snapshot->info().as_of().day(), 1);
  EXPECT_EQ(snapshot->info().as_of().month(), 6);
  ASSERT_TRUE(snapshot->has_changes());
  EXPECT_EQ(snapshot->changes().base().id(), 1);
  ASSERT_EQ(snapshot->changes().measures_size(), 1);
  EXPECT_EQ(snapshot->changes().measures(0).measure_id(), "werk-1");
  EXPECT_EQ(snapshot->changes().measures(0).to_status(), monitor::v1::VERTRAAGD);

  // A retry, also after a restart, returns the same round and makes no second snapshot.
  const int64_t revision = monitor_->revision();
  absl::StatusOr<Round> again = Publish(1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->snapshot_id(), 2);
  EXPECT_EQ(monitor_->revision(), revision);
  Reopen(/*import=*/false);
  again = Publish(1);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->snapshot_id(), 2);
  EXPECT_EQ(LatestSnapshotId(), 2);
  EXPECT_EQ(Get("werk-1").status(), monitor::v1::VERTRAAGD);
}

TEST_F(RoundsTest, RoundsAndDraftsSurviveARestart) {
  ASSERT_TRUE(Open().ok());
  ASSERT_TRUE(SaveNote("registratie-1", bzk_, "Het loopt goed.").ok());
  const MeasureUpdate before = UpdateOf("registratie-1");
  Reopen(/*import=*/false);
  monitor::v1::GetRoundRequest request;
  absl::StatusOr<Round> open = monitor_->GetRound(request);
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_EQ(open->label(), "Voortgangsrapportage juni 2026");
  const MeasureUpdate after = UpdateOf("registratie-1");
  EXPECT_EQ(after.proposed().progress_note(), "Het loopt goed.");
  EXPECT_EQ(after.revision(), before.revision());
}

TEST_F(RoundsTest, CorrectionsOutsideARoundNeedANote) {
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("werk-1");
  request.set_status(monitor::v1::AFGEROND);
  absl::Status s = monitor_->SetMeasureStatus(request, "coördinator").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("note"));
}

TEST_F(RoundsTest, TheCoordinatorCorrectsAnOwnerAndTheDraftFollows) {
  ASSERT_TRUE(Open().ok());
  monitor::v1::UpdateMeasureRequest request;
  request.mutable_measure()->set_id("registratie-1");
  request.mutable_measure()->mutable_owner()->set_department("SZW");
  request.mutable_update_mask()->add_paths("owner");
  request.set_note("De wet valt onder SZW.");
  absl::StatusOr<Measure> corrected = monitor_->UpdateMeasure(request, "coördinator");
  ASSERT_TRUE(corrected.ok()) << corrected.status();
  EXPECT_EQ(corrected->owner().department(), "SZW");
  EXPECT_EQ(SaveNote("registratie-1", bzk_, "Het loopt goed.").status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(SaveNote("registratie-1", szw_, "Het loopt goed.").ok());
  monitor::v1::ListMeasureUpdatesRequest list;
  list.set_owner("SZW");
  absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> szw = monitor_->ListMeasureUpdates(list);
  ASSERT_TRUE(szw.ok());
  std::vector<std::string> ids;
  for (const MeasureUpdate& u : szw->updates()) ids.push_back(u.measure_id());
  EXPECT_THAT(ids, ::testing::ElementsAre("werk-1", "werk-2", "registratie-1"));

  request.mutable_measure()->mutable_owner()->set_department("XYZ");
  absl::Status unknown = monitor_->UpdateMeasure(request, "coördinator").status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.message(), HasSubstr("measure.owner.department: no department \"XYZ\""));
}

TEST_F(RoundsTest, ListsAreBasicUnlessFullIsAsked) {
  monitor::v1::ListMeasuresRequest request;
  request.set_owner("SZW");
  absl::StatusOr<monitor::v1::ListMeasuresResponse> basic = monitor_->ListMeasures(request);
  ASSERT_TRUE(basic.ok());
  ASSERT_EQ(basic->measures_size(), 2);
  EXPECT_FALSE(basic->measures(0).has_body());
  EXPECT_EQ(basic->measures(0).milestones_size(), 0);
  EXPECT_EQ(basic->measures(0).title().nl(), "Toelatingsstelsel");
  EXPECT_EQ(basic->measures(0).title().translations().at("pl").text(), "System dopuszczenia");
  request.set_view(monitor::v1::FULL);
  absl::StatusOr<monitor::v1::ListMeasuresResponse> full = monitor_->ListMeasures(request);
  ASSERT_TRUE(full.ok());
  EXPECT_TRUE(full->measures(0).has_body());
  EXPECT_EQ(full->measures(0).milestones_size(), 1);
  request.set_view(static_cast<monitor::v1::MeasureView>(7));
  EXPECT_EQ(monitor_->ListMeasures(request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RoundsTest, ReferenceDataIsAdoptedIntoAnOlderDataSetOnce) {
  // A data set imported by the previous release has no departments and no owners.
  testing::TempDir dir;
  auto sqlite = SqliteMeasureStore::Open(dir.File("old.db"));
  ASSERT_TRUE(sqlite.ok());
  auto monitor = Monitor::Open(std::move(*sqlite));
  ASSERT_TRUE(monitor.ok());
  ASSERT_TRUE((*monitor)->Import(testing::SmallDataSet(), "Oud", "import").ok());
  ASSERT_TRUE((*monitor)->AdoptReferenceData(OwnedDataSet(), "upgrade").ok());
  EXPECT_EQ((*monitor)->CurrentData().departments_size(), 2);
  monitor::v1::GetMeasureRequest get;
  get.set_id("registratie-2b");
  EXPECT_EQ((*monitor)->GetMeasure(get)->owner().department(), "BZK");
  const int64_t revision = (*monitor)->revision();
  ASSERT_TRUE((*monitor)->AdoptReferenceData(OwnedDataSet(), "upgrade").ok());
  EXPECT_EQ((*monitor)->revision(), revision) << "nothing to adopt the second time";
}

}  // namespace
}  // namespace werkmonitor
