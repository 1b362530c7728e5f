#include "monitor_service/store/sqlite_measure_store.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "domain/monitor.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "monitor_service/store/internal/sqlite.h"
#include "tests/store/measure_store_conformance.h"
#include "tests/support/test_data.h"
#include <sys/wait.h>

namespace werkmonitor {
namespace {

using google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

std::unique_ptr<SqliteMeasureStore> OpenStore(const std::string& path) {
  auto store = SqliteMeasureStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

std::unique_ptr<Monitor> OpenMonitor(const std::string& path) {
  auto monitor = Monitor::Open(OpenStore(path));
  EXPECT_TRUE(monitor.ok()) << monitor.status();
  return monitor.ok() ? std::move(*monitor) : nullptr;
}

}  // namespace

namespace testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, MeasureStoreConformanceTest,
                         ::testing::Values(MeasureStoreFactory{
                             "Sqlite",
                             [](const std::string& dir) -> absl::StatusOr<std::unique_ptr<MeasureStore>> {
                               absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> store =
                                   SqliteMeasureStore::Open(dir + "/m.db");
                               if (!store.ok()) return store.status();
                               return std::unique_ptr<MeasureStore>(std::move(*store));
                             }}),
                         MeasureStoreFactoryName);

}  // namespace
}  // namespace testing

namespace {

absl::Status SetStatus(Monitor& monitor, const std::string& id, monitor::v1::Status status) {
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id(id);
  request.set_status(status);
  request.set_note("opnieuw beoordeeld");
  return monitor.SetMeasureStatus(request, "jan").status();
}

TEST(SqliteMeasureStoreTest, AnEmptyStoreHasNothing) {
  testing::TempDir dir;
  auto state = OpenStore(dir.File("m.db"))->Load();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->revision, 0);
  EXPECT_EQ(state->data.themes_size(), 0);
  EXPECT_EQ(state->last_snapshot_id, 0);
}

TEST(SqliteMeasureStoreTest, ReopeningKeepsEverything) {
  testing::TempDir dir;
  monitor::v1::DataSet before;
  {
    auto monitor = OpenMonitor(dir.File("m.db"));
    ASSERT_TRUE(monitor->Import(testing::SmallDataSet(), "Testbijlage 2025", "import").ok());
    ASSERT_TRUE(SetStatus(*monitor, "registratie-2b", monitor::v1::AFGEROND).ok());
    monitor::v1::CreateSnapshotRequest create;
    create.set_label("Tweede");
    ASSERT_TRUE(monitor->CreateSnapshot(create, "jan").ok());
    before = monitor->CurrentData();
  }
  auto store = OpenStore(dir.File("m.db"));
  auto state = store->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->revision, 4);
  EXPECT_EQ(state->last_snapshot_id, 2);
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differencer.Compare(before, state->data)) << difference;
  // The transcribed texts survive byte for byte, translations and fingerprints included.
  EXPECT_EQ(state->data.measures(0).title().translations().at("pl").source_fingerprint(), "0000000000000000");
  EXPECT_EQ(state->data.measures(0).body().nl().blocks(1).items(1), "twee");
  EXPECT_EQ(state->data.measures(0).milestones(0).date().day(), 1);

  auto history = store->ListStatusChanges({});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].note(), "opnieuw beoordeeld");
  auto journal = store->ListChanges(0, 10);
  ASSERT_EQ(journal->size(), 4u);
  auto snapshot = store->GetSnapshot(2);
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->info().label(), "Tweede");
  EXPECT_EQ(snapshot->data().measures(5).status(), monitor::v1::AFGEROND);
}

TEST(SqliteMeasureStoreTest, AFailedWriteIsRolledBackWhole) {
  testing::TempDir dir;
  auto store = OpenStore(dir.File("m.db"));
  auto monitor = Monitor::Open(OpenStore(dir.File("m.db")));
  ASSERT_TRUE((*monitor)->Import(testing::SmallDataSet(), "T", "import").ok());

  // A write whose journal entry is fine but whose measure does not exist: the journal entry must not
  // stay behind.
  Write write;
  write.events.emplace_back().set_revision(3);
  write.measures.emplace_back().set_id("bestaat-niet");
  absl::Status failed = store->Commit(write);
  EXPECT_EQ(failed.code(), absl::StatusCode::kNotFound);
  auto state = store->Load();
  EXPECT_EQ(state->revision, 2);
  EXPECT_EQ(store->ListChanges(0, 10)->size(), 2u);
}

TEST(SqliteMeasureStoreTest, AWriteThatDoesNotContinueTheRevisionIsAborted) {
  testing::TempDir dir;
  auto monitor_a = OpenMonitor(dir.File("m.db"));
  ASSERT_TRUE(monitor_a->Import(testing::SmallDataSet(), "T", "import").ok());
  // A second process on the same file: both believe they are at revision 2.
  auto monitor_b = OpenMonitor(dir.File("m.db"));
  ASSERT_TRUE(SetStatus(*monitor_a, "werk-1", monitor::v1::AFGEROND).ok());
  absl::Status stale = SetStatus(*monitor_b, "werk-2", monitor::v1::DOORLOPEND);
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(testing::ErrorText(stale), HasSubstr("another process has written to it"));
  auto state = OpenStore(dir.File("m.db"))->Load();
  EXPECT_EQ(state->revision, 3);
  EXPECT_EQ(state->data.measures(1).status(), monitor::v1::AFGEROND);  // werk-2 untouched
}

TEST(SqliteMeasureStoreTest, HistoryJournalAndSnapshotsCannotBeEdited) {
  testing::TempDir dir;
  {
    auto monitor = OpenMonitor(dir.File("m.db"));
    ASSERT_TRUE(monitor->Import(testing::SmallDataSet(), "T", "import").ok());
    ASSERT_TRUE(SetStatus(*monitor, "werk-1", monitor::v1::AFGEROND).ok());
  }
  auto db = sqlite::Connection::Open(dir.File("m.db"));
  ASSERT_TRUE(db.ok());
  for (const char* sql : {"UPDATE status_history SET note = 'x'", "DELETE FROM status_history",
                          "UPDATE snapshots SET label = 'x'", "DELETE FROM snapshots", "DELETE FROM revisions"}) {
    absl::Status s = db->Execute(sql);
    EXPECT_FALSE(s.ok()) << sql;
  }
}

TEST(SqliteMeasureStoreTest, UsesWalWithFullSynchronousAndForeignKeys) {
  testing::TempDir dir;
  auto store = OpenStore(dir.File("m.db"));
  auto db = sqlite::Connection::Open(dir.File("m.db"));
  EXPECT_EQ(*db->QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(*db->QueryText("PRAGMA user_version"), std::to_string(SqliteMeasureStore::SchemaVersion()));
  // synchronous and foreign_keys are per connection: check the store's own effect instead.
  ASSERT_TRUE(db->Execute("PRAGMA foreign_keys=ON").ok());
  EXPECT_FALSE(db->Execute("INSERT INTO measures VALUES ('x', 'no-theme', NULL, 0, '1', 1, 1, 0, 'a')").ok());
}

TEST(SqliteMeasureStoreTest, RefusesADatabaseFromANewerVersion) {
  testing::TempDir dir;
  OpenStore(dir.File("m.db"));
  {
    auto db = sqlite::Connection::Open(dir.File("m.db"));
    ASSERT_TRUE(db->Execute("PRAGMA user_version = 99").ok());
  }
  auto store = SqliteMeasureStore::Open(dir.File("m.db"));
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(testing::ErrorText(store.status()), HasSubstr("schema version 99 is newer"));
}

TEST(SqliteMeasureStoreTest, MissingDirectoryIsAClearError) {
  auto store = SqliteMeasureStore::Open("/nonexistent-dir/sub/m.db");
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(testing::ErrorText(store.status()), HasSubstr("/nonexistent-dir/sub/m.db"));
}

// A child process acknowledges writes over a pipe and is killed with SIGKILL at a random point;
// every write it acknowledged must be in the database afterwards.
TEST(SqliteMeasureStoreTest, AcknowledgedWritesSurviveKillDashNine) {
  testing::TempDir dir;
  const std::string path = dir.File("m.db");
  {
    auto monitor = OpenMonitor(path);
    ASSERT_TRUE(monitor->Import(testing::SmallDataSet(), "T", "import").ok());
  }
  int acks[2];
  ASSERT_EQ(pipe(acks), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(acks[0]);
    auto monitor = Monitor::Open(*SqliteMeasureStore::Open(path));
    const monitor::v1::Status cycle[] = {monitor::v1::AFGEROND, monitor::v1::DOORLOPEND};
    for (int i = 0;; ++i) {
      if (!SetStatus(**monitor, "werk-1", cycle[i % 2]).ok()) _exit(2);
      const int64_t revision = (*monitor)->revision();
      if (write(acks[1], &revision, sizeof revision) != sizeof revision) _exit(3);
    }
  }
  close(acks[1]);
  int64_t acknowledged = 0, revision = 0;
  for (int received = 0; received < 40 && read(acks[0], &revision, sizeof revision) == sizeof revision; ++received) {
    acknowledged = revision;
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(acks[0]);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acknowledged, 42);

  auto state = OpenStore(path)->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_GE(state->revision, acknowledged);
  // Revision r (from 3 on) set werk-1 to AFGEROND when r is odd, DOORLOPEND when even.
  EXPECT_EQ(state->data.measures(0).status(),
            state->revision % 2 == 1 ? monitor::v1::AFGEROND : monitor::v1::DOORLOPEND);
  EXPECT_EQ(OpenStore(path)->ListStatusChanges({.limit = 1000})->size(), static_cast<size_t>(state->revision - 2));
}

}  // namespace
}  // namespace werkmonitor
