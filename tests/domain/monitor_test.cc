#include "domain/monitor.h"

#include <atomic>
#include <functional>
#include <thread>

#include "absl/synchronization/notification.h"
#include "domain/dashboard.h"
#include "domain/testing/forwarding_measure_store.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include "tests/support/test_data.h"
#include "tests/support/wait.h"

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using ::testing::HasSubstr;

// A real store whose next Commit can be made to fail, to show that a failed write changes nothing,
// or can run a callback after a commit, at the moment the monitor has not yet published the write.
class InterposedStore : public ForwardingMeasureStore {
 public:
  using ForwardingMeasureStore::ForwardingMeasureStore;
  void FailNextCommit() { fail_next_ = true; }
  void AfterEachCommit(std::function<void()> callback) { after_commit_ = std::move(callback); }

  absl::Status Commit(const Write& write) override {
    if (fail_next_) {
      fail_next_ = false;
      return absl::UnavailableError("disk unplugged");
    }
    absl::Status committed = ForwardingMeasureStore::Commit(write);
    if (committed.ok() && after_commit_) after_commit_();
    return committed;
  }
  absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ListChanges(int64_t after, int limit) override {
    ++journal_reads_;
    return ForwardingMeasureStore::ListChanges(after, limit);
  }
  int journal_reads() const { return journal_reads_; }

 private:
  bool fail_next_ = false;
  std::function<void()> after_commit_;
  std::atomic<int> journal_reads_ = 0;
};

class MonitorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sqlite = SqliteMeasureStore::Open(dir_.File("monitor.db"));
    ASSERT_TRUE(sqlite.ok()) << sqlite.status();
    auto store = std::make_unique<InterposedStore>(std::move(*sqlite));
    store_ = store.get();
    auto monitor = Monitor::Open(std::move(store), [this] { return now_; });
    ASSERT_TRUE(monitor.ok()) << monitor.status();
    monitor_ = std::move(*monitor);
    ASSERT_TRUE(monitor_->Import(testing::SmallDataSet(), "Testbijlage 2025", "import").ok());
  }

  Measure Get(const std::string& id) {
    monitor::v1::GetMeasureRequest request;
    request.set_id(id);
    absl::StatusOr<Measure> m = monitor_->GetMeasure(request);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : Measure();
  }

  absl::StatusOr<Measure> SetStatus(const std::string& id, monitor::v1::Status status,
                                    std::optional<int64_t> expected = std::nullopt) {
    monitor::v1::SetMeasureStatusRequest request;
    request.set_id(id);
    request.set_status(status);
    request.set_note("test");
    if (expected) request.set_expected_revision(*expected);
    return monitor_->SetMeasureStatus(request, "jan");
  }

  testing::TempDir dir_;
  absl::Time now_ = absl::FromUnixSeconds(1764547200);  // 2025-12-01
  InterposedStore* store_ = nullptr;
  std::unique_ptr<Monitor> monitor_;
};

TEST_F(MonitorTest, ImportCreatesTheFirstSnapshotAsThePublishedState) {
  EXPECT_FALSE(monitor_->IsEmpty());
  EXPECT_EQ(monitor_->revision(), 2);  // the import, then its snapshot
  absl::StatusOr<monitor::v1::Snapshot> latest = monitor_->GetSnapshot({});
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->info().id(), 1);
  EXPECT_EQ(latest->info().label(), "Testbijlage 2025");
  EXPECT_EQ(latest->data().measures_size(), 6);
  EXPECT_EQ(latest->dashboard().total().total(), 5);
}

TEST_F(MonitorTest, ImportOnlyIntoAnEmptyMonitor) {
  absl::Status again = monitor_->Import(testing::SmallDataSet(), "Nog eens", "import");
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(monitor_->revision(), 2);
}

TEST_F(MonitorTest, SetMeasureStatusRecordsHistoryAndBumpsTheRevision) {
  now_ += absl::Hours(1);
  absl::StatusOr<Measure> changed = SetStatus("werk-1", monitor::v1::AFGEROND);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->status(), monitor::v1::AFGEROND);
  EXPECT_EQ(changed->revision(), 3);
  EXPECT_EQ(changed->updated_by(), "jan");
  EXPECT_EQ(Get("werk-1").status(), monitor::v1::AFGEROND);

  monitor::v1::ListStatusChangesRequest history;
  history.set_measure_id("werk-1");
  auto changes = monitor_->ListStatusChanges(history);
  ASSERT_TRUE(changes.ok()) << changes.status();
  ASSERT_EQ(changes->changes_size(), 1);
  EXPECT_EQ(changes->changes(0).from_status(), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(changes->changes(0).to_status(), monitor::v1::AFGEROND);
  EXPECT_EQ(changes->changes(0).note(), "test");
  EXPECT_EQ(changes->changes(0).changed_at().seconds(), absl::ToUnixSeconds(now_));

  monitor::v1::Dashboard live = *monitor_->GetDashboard({});
  EXPECT_EQ(CountOf(live.total(), monitor::v1::AFGEROND), 3);
}

TEST_F(MonitorTest, SettingTheSameStatusAgainRecordsNothing) {
  absl::StatusOr<Measure> same = SetStatus("werk-1", monitor::v1::IN_UITVOERING);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->revision(), 1);
  EXPECT_EQ(monitor_->revision(), 2);
}

TEST_F(MonitorTest, StaleExpectedRevisionIsAbortedAndChangesNothing) {
  ASSERT_TRUE(SetStatus("werk-1", monitor::v1::VERTRAAGD, /*expected=*/1).ok());
  absl::StatusOr<Measure> stale = SetStatus("werk-1", monitor::v1::AFGEROND, /*expected=*/1);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(testing::ErrorText(stale.status()),
              HasSubstr("expected_revision: measure \"werk-1\" is at revision 3, not 1"));
  EXPECT_EQ(Get("werk-1").status(), monitor::v1::VERTRAAGD);
  EXPECT_EQ(monitor_->revision(), 3);
}

TEST_F(MonitorTest, AParentsStatusIsThatOfItsSubMeasures) {
  absl::StatusOr<Measure> parent = SetStatus("registratie-2", monitor::v1::AFGEROND);
  EXPECT_EQ(parent.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(testing::ErrorText(parent.status()), HasSubstr("registratie-2a, registratie-2b"));
}

TEST_F(MonitorTest, BadRequestsNameTheField) {
  EXPECT_EQ(testing::ErrorText(SetStatus("werk-9", monitor::v1::AFGEROND).status()), "id: no measure \"werk-9\"");
  EXPECT_EQ(SetStatus("werk-9", monitor::v1::AFGEROND).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<Measure> bad_enum = SetStatus("werk-1", static_cast<monitor::v1::Status>(17));
  EXPECT_EQ(bad_enum.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(bad_enum.status()), HasSubstr("status: 17 is not a status"));
  EXPECT_EQ(testing::ErrorText(SetStatus("", monitor::v1::AFGEROND).status()), "id: is required");
  EXPECT_EQ(monitor_->revision(), 2);
}

TEST_F(MonitorTest, AFailedCommitChangesNothing) {
  store_->FailNextCommit();
  absl::StatusOr<Measure> failed = SetStatus("werk-1", monitor::v1::AFGEROND);
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Get("werk-1").status(), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(monitor_->revision(), 2);
  EXPECT_TRUE(monitor_->ChangesSince(2, 100)->empty());  // nor does the change feed show it
  // And the next write continues normally from the unchanged revision.
  EXPECT_EQ(SetStatus("werk-1", monitor::v1::AFGEROND)->revision(), 3);
}

TEST_F(MonitorTest, UpdatingTheDutchTitleKeepsTheTranslations) {
  monitor::v1::UpdateMeasureRequest request;
  request.set_note("correctie");
  request.mutable_measure()->set_id("werk-1");
  request.mutable_measure()->mutable_title()->set_nl("Toelatingsstelsel voor uitleners");
  request.mutable_update_mask()->add_paths("title.nl");
  absl::StatusOr<Measure> updated = monitor_->UpdateMeasure(request, "jan");
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->title().nl(), "Toelatingsstelsel voor uitleners");
  EXPECT_EQ(updated->title().translations().at("pl").text(), "System dopuszczenia");
  EXPECT_EQ(updated->body().nl().blocks_size(), 2);  // untouched
  EXPECT_EQ(updated->revision(), 3);
}

TEST_F(MonitorTest, AnUpdateKeepsOnlyWhatTheStoreKeeps) {
  // Found by fuzz/request_fuzzer.cc: fields the schema does not know, inside a request's texts,
  // were kept in the state (a new revision, served, in snapshots) but not in the database's text
  // columns, so a restart lost them.
  monitor::v1::UpdateMeasureRequest request;
  request.set_note("correctie");
  request.mutable_measure()->set_id("werk-1");
  *request.mutable_measure()->mutable_title() = Get("werk-1").title();
  monitor::v1::LocalizedText* title = request.mutable_measure()->mutable_title();
  title->GetReflection()->MutableUnknownFields(title)->AddVarint(99, 1);
  *request.mutable_measure()->add_milestones() = Get("werk-1").milestones(0);
  monitor::v1::PartialDate* date = request.mutable_measure()->mutable_milestones(0)->mutable_date();
  date->GetReflection()->MutableUnknownFields(date)->AddLengthDelimited(42, "later");
  request.mutable_update_mask()->add_paths("title");
  request.mutable_update_mask()->add_paths("milestones");

  absl::StatusOr<Measure> updated = monitor_->UpdateMeasure(request, "jan");
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(monitor_->revision(), 2);  // nothing that is kept changed: nothing to write

  absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> reopened = SqliteMeasureStore::Open(dir_.File("monitor.db"));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  absl::StatusOr<StoredState> stored = (*reopened)->Load();
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(stored->data.measures(0), Get("werk-1")));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*updated, Get("werk-1")));
}

TEST_F(MonitorTest, UpdateMaskNamesWhatMayChange) {
  monitor::v1::UpdateMeasureRequest request;
  request.set_note("correctie");
  request.mutable_measure()->set_id("werk-1");
  request.mutable_update_mask()->add_paths("status");
  EXPECT_THAT(testing::ErrorText(monitor_->UpdateMeasure(request, "jan").status()),
              HasSubstr("update_mask.paths[0]: the status is changed with SetMeasureStatus"));
  request.mutable_update_mask()->set_paths(0, "number");
  EXPECT_THAT(testing::ErrorText(monitor_->UpdateMeasure(request, "jan").status()),
              HasSubstr("\"number\" cannot be changed"));
  request.mutable_update_mask()->clear_paths();
  EXPECT_EQ(monitor_->UpdateMeasure(request, "jan").status().code(), absl::StatusCode::kInvalidArgument);
  request.mutable_update_mask()->add_paths("title");  // an empty title
  EXPECT_EQ(testing::ErrorText(monitor_->UpdateMeasure(request, "jan").status()),
            "measure.title.nl: must not be empty");
  EXPECT_EQ(monitor_->revision(), 2);
}

TEST_F(MonitorTest, SnapshotsDoNotChangeWhenTheDataDoes) {
  ASSERT_TRUE(SetStatus("werk-1", monitor::v1::ERNSTIGE_OBSTAKELS).ok());
  monitor::v1::GetSnapshotRequest first;
  first.set_id(1);
  absl::StatusOr<monitor::v1::Snapshot> snapshot = monitor_->GetSnapshot(first);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->data().measures(0).status(), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(CountOf(snapshot->dashboard().total(), monitor::v1::ERNSTIGE_OBSTAKELS), 0);

  monitor::v1::CreateSnapshotRequest create;
  create.set_label("Voortgangsrapportage juni 2026");
  absl::StatusOr<monitor::v1::SnapshotInfo> second = monitor_->CreateSnapshot(create, "jan");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->id(), 2);
  EXPECT_EQ(second->revision(), 3);
  monitor::v1::GetDashboardRequest dashboard;
  dashboard.set_snapshot_id(2);
  EXPECT_EQ(CountOf(monitor_->GetDashboard(dashboard)->total(), monitor::v1::ERNSTIGE_OBSTAKELS), 1);
  dashboard.set_snapshot_id(7);
  EXPECT_EQ(monitor_->GetDashboard(dashboard).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(MonitorTest, ListMeasuresFiltersAndPages) {
  monitor::v1::ListMeasuresRequest request;
  request.set_page_size(4);
  auto first = monitor_->ListMeasures(request);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->measures_size(), 4);
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_page_token(first->next_page_token());
  auto second = monitor_->ListMeasures(request);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->measures_size(), 2);
  EXPECT_EQ(second->measures(1).id(), "registratie-2b");
  EXPECT_TRUE(second->next_page_token().empty());

  request.set_theme_id("registratie");  // same token, other query
  EXPECT_EQ(monitor_->ListMeasures(request).status().code(), absl::StatusCode::kInvalidArgument);

  monitor::v1::ListMeasuresRequest by_status;
  by_status.set_status(monitor::v1::AFGEROND);
  auto done = monitor_->ListMeasures(by_status);
  ASSERT_EQ(done->measures_size(), 2);
  EXPECT_EQ(done->measures(0).id(), "werk-2");
  EXPECT_EQ(done->measures(1).id(), "registratie-2a");

  monitor::v1::ListMeasuresRequest unknown;
  unknown.set_theme_id("wonen");
  EXPECT_EQ(testing::ErrorText(monitor_->ListMeasures(unknown).status()), "theme_id: no theme \"wonen\"");
}

TEST_F(MonitorTest, ChangeFeedListsEveryWriteAndNotifies) {
  std::atomic<int> notified = 0;
  const int subscription = monitor_->Subscribe([&] { ++notified; });
  ASSERT_TRUE(SetStatus("werk-2", monitor::v1::DOORLOPEND).ok());
  // Notifications run on the monitor's feed thread, after the write has returned.
  ASSERT_TRUE(testing::WaitUntil([&] { return notified == 1; }));
  monitor_->Unsubscribe(subscription);
  ASSERT_TRUE(SetStatus("werk-2", monitor::v1::AFGEROND).ok());
  EXPECT_EQ(notified, 1);

  auto events = monitor_->ChangesSince(0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_TRUE((*events)[0].has_data_imported());
  EXPECT_TRUE((*events)[1].has_snapshot_created());
  EXPECT_EQ((*events)[2].status_changed().to_status(), monitor::v1::DOORLOPEND);
  EXPECT_EQ((*events)[3].revision(), 4);
  EXPECT_EQ(monitor_->CheckWatchStart(5).code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(monitor_->CheckWatchStart(-1).code(), absl::StatusCode::kInvalidArgument);
}

std::vector<int64_t> Revisions(const absl::StatusOr<std::vector<monitor::v1::ChangeEvent>>& events) {
  EXPECT_TRUE(events.ok()) << events.status();
  std::vector<int64_t> revisions;
  if (events.ok()) {
    for (const auto& event : *events) revisions.push_back(event.revision());
  }
  return revisions;
}

TEST(MonitorFeedTest, RecentChangesComeFromMemoryAndOlderOnesFromTheStore) {
  testing::TempDir dir;
  InterposedStore* store = nullptr;
  auto open = [&] {
    auto sqlite = SqliteMeasureStore::Open(dir.File("monitor.db"));
    EXPECT_TRUE(sqlite.ok()) << sqlite.status();
    auto interposed = std::make_unique<InterposedStore>(std::move(*sqlite));
    store = interposed.get();
    return *Monitor::Open(std::move(interposed), &absl::Now, /*recent_events=*/3);
  };
  std::unique_ptr<Monitor> monitor = open();
  ASSERT_TRUE(monitor->Import(testing::SmallDataSet(), "Testbijlage 2025", "import").ok());  // revisions 1 and 2
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("werk-1");
  request.set_note("correctie");
  for (monitor::v1::Status status : {monitor::v1::AFGEROND, monitor::v1::VERTRAAGD, monitor::v1::DOORLOPEND}) {
    request.set_status(status);
    ASSERT_TRUE(monitor->SetMeasureStatus(request, "test").ok());  // revisions 3, 4, 5
  }
  // Memory holds the last three: anything after revision 2 is read without the store.
  EXPECT_EQ(Revisions(monitor->ChangesSince(2, 100)), (std::vector<int64_t>{3, 4, 5}));
  EXPECT_EQ(Revisions(monitor->ChangesSince(3, 1)), (std::vector<int64_t>{4}));
  EXPECT_EQ(Revisions(monitor->ChangesSince(5, 100)), (std::vector<int64_t>{}));
  EXPECT_EQ(store->journal_reads(), 0);
  // Older: from the store, in the same order and batches.
  EXPECT_EQ(Revisions(monitor->ChangesSince(0, 2)), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Revisions(monitor->ChangesSince(1, 100)), (std::vector<int64_t>{2, 3, 4, 5}));
  EXPECT_EQ(store->journal_reads(), 2);

  // After a restart memory is empty: a caught-up reader still costs no read, an older one does.
  monitor.reset();
  monitor = open();
  EXPECT_EQ(Revisions(monitor->ChangesSince(5, 100)), (std::vector<int64_t>{}));
  EXPECT_EQ(store->journal_reads(), 0);
  EXPECT_EQ(Revisions(monitor->ChangesSince(3, 100)), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(store->journal_reads(), 1);
}

TEST_F(MonitorTest, AWriteCompletesWhileASubscriberIsBlocked) {
  absl::Notification release;
  std::atomic<int64_t> seen = 0;
  const int subscription = monitor_->Subscribe([&] {
    release.WaitForNotification();  // a subscriber that has stalled
    seen = monitor_->revision();
  });
  const int64_t before = monitor_->revision();
  std::atomic<int> written = 0;
  std::thread writer([&] {
    for (monitor::v1::Status status : {monitor::v1::DOORLOPEND, monitor::v1::VERTRAAGD}) {
      if (SetStatus("werk-2", status).ok()) ++written;
    }
  });
  const bool completed = testing::WaitUntil([&] { return written == 2; }, absl::Seconds(5));
  release.Notify();
  writer.join();
  EXPECT_TRUE(completed) << "a write waited for a stalled subscriber";
  // Once it goes on, the subscriber hears of the last write too.
  EXPECT_TRUE(testing::WaitUntil([&] { return seen == before + 2; })) << seen;
  monitor_->Unsubscribe(subscription);
}

TEST_F(MonitorTest, HistoryShowsAWriteOnlyOnceTheMeasuresDo) {
  const int64_t before = monitor_->revision();
  int history_seen = -1, events_seen = -1;
  store_->AfterEachCommit([&] {
    // Committed to the store, not yet published: readers must still see the old state throughout.
    monitor::v1::ListStatusChangesRequest request;
    request.set_measure_id("werk-2");
    absl::StatusOr<monitor::v1::ListStatusChangesResponse> history = monitor_->ListStatusChanges(request);
    absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> events = monitor_->ChangesSince(before, 100);
    ASSERT_TRUE(history.ok() && events.ok());
    history_seen = history->changes_size();
    events_seen = static_cast<int>(events->size());
    EXPECT_EQ(Get("werk-2").status(), monitor::v1::AFGEROND);
    EXPECT_EQ(monitor_->revision(), before);
  });
  ASSERT_TRUE(SetStatus("werk-2", monitor::v1::DOORLOPEND).ok());
  EXPECT_EQ(history_seen, 0);
  EXPECT_EQ(events_seen, 0);

  store_->AfterEachCommit(nullptr);
  monitor::v1::ListStatusChangesRequest request;
  request.set_measure_id("werk-2");
  EXPECT_EQ(monitor_->ListStatusChanges(request)->changes_size(), 1);
  EXPECT_EQ(monitor_->ChangesSince(before, 100)->size(), 1u);
}

}  // namespace
}  // namespace werkmonitor
