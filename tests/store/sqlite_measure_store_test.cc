// SqliteMeasureStore beyond the MeasureStore contract (which the conformance suite checks for every
// engine, instantiated here too): what only a database file has — reopening, a second process,
// triggers, pragmas, schema migrations, damage on disk and kill -9.
#include "monitor_service/store/sqlite_measure_store.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sha256.h"
#include "domain/monitor.h"
#include "domain/proto_time.h"
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

// The database of tests/store/testdata/schema_v<version>.sql, written by an earlier release, at `path`.
void WriteFixtureDatabase(const std::string& path, int version) {
  std::ifstream file(absl::StrCat(WERKMONITOR_SOURCE_DIR, "/tests/store/testdata/schema_v", version, ".sql"));
  std::stringstream sql;
  sql << file.rdbuf();
  ASSERT_FALSE(sql.str().empty());
  auto db = sqlite::Connection::Open(path);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE(db->Execute(sql.str()).ok());
  ASSERT_EQ(*db->QueryInt("PRAGMA user_version"), version);
}
void WriteSchema1Database(const std::string& path) { WriteFixtureDatabase(path, 1); }

// Every row of every table of the database at `path`, as SQL literals ("table: 'a', 1, X'00'"), of
// the columns the tables had then: what an upgrade must leave exactly as it was.
class TableRows {
 public:
  explicit TableRows(const std::string& path) {
    auto db = sqlite::Connection::Open(path);
    EXPECT_TRUE(db.ok()) << db.status();
    auto tables = db->Prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (*tables->Step()) {
      const std::string table = tables->Text(0);
      auto columns = db->Prepare(absl::StrCat("SELECT name FROM pragma_table_info('", table, "')"));
      std::vector<std::string> quoted;
      while (*columns->Step()) quoted.push_back(absl::StrCat("quote(", columns->Text(0), ")"));
      selects_[table] =
          absl::StrCat("SELECT ", absl::StrJoin(quoted, " || ', ' || "), " FROM ", table, " ORDER BY rowid");
    }
    rows_ = Read(path);
  }
  // The same columns read again at `path` (by now migrated).
  std::vector<std::string> Read(const std::string& path) const {
    auto db = sqlite::Connection::Open(path);
    EXPECT_TRUE(db.ok()) << db.status();
    std::vector<std::string> rows;
    for (const auto& [table, select] : selects_) {
      auto query = db->Prepare(select);
      EXPECT_TRUE(query.ok()) << query.status();
      if (!query.ok()) continue;
      while (*query->Step()) rows.push_back(absl::StrCat(table, ": ", query->Text(0)));
    }
    return rows;
  }
  const std::vector<std::string>& rows() const { return rows_; }

 private:
  std::map<std::string, std::string> selects_;  // by table
  std::vector<std::string> rows_;
};

::testing::AssertionResult Same(const google::protobuf::Message& expected, const google::protobuf::Message& actual) {
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  if (differencer.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << difference;
}

TEST(SqliteMeasureStoreTest, UpgradingADatabaseOfTheLastReleaseLosesNothingAndFillsChecksums) {
  testing::TempDir dir;
  WriteSchema1Database(dir.File("old.db"));
  const TableRows before(dir.File("old.db"));
  auto old_store = OpenStore(dir.File("old.db"));
  ASSERT_NE(old_store, nullptr);
  // Every column of every old row exactly as it was.
  EXPECT_EQ(before.rows().size(), 33u);
  EXPECT_EQ(before.rows(), before.Read(dir.File("old.db")));

  auto db = sqlite::Connection::Open(dir.File("old.db"));
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), SqliteMeasureStore::SchemaVersion());
  auto rows = db->Prepare("SELECT id, content, content_sha256 FROM snapshots ORDER BY id");
  int snapshots = 0;
  while (*rows->Step()) {
    ++snapshots;
    EXPECT_EQ(rows->Text(2), Sha256Hex(rows->Blob(1))) << "snapshot " << rows->Int(0);
  }
  EXPECT_EQ(snapshots, 2);
  // Checksums are filled, but the snapshots stay immutable.
  EXPECT_FALSE(db->Execute("UPDATE snapshots SET label = 'x'").ok());

  // Read through the store: the state is what the old release's last snapshot recorded.
  auto old_state = old_store->Load();
  ASSERT_TRUE(old_state.ok()) << old_state.status();
  EXPECT_EQ(old_state->revision, 5);  // import, snapshot 1, two status changes, snapshot 2
  EXPECT_EQ(old_state->last_snapshot_id, 2);
  auto latest = old_store->GetSnapshot(2);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_TRUE(Same(latest->data(), old_state->data));
  EXPECT_EQ(old_state->data.measures(0).title().translations().at("pl").text(), "System dopuszczenia");
  EXPECT_TRUE(old_store->GetSnapshot(1).ok());
  auto old_history = old_store->ListStatusChanges({});
  ASSERT_TRUE(old_history.ok()) << old_history.status();
  ASSERT_EQ(old_history->size(), 2u);
  EXPECT_EQ((*old_history)[1].measure_id(), "werk-1");
  EXPECT_EQ((*old_history)[1].to_status(), monitor::v1::VERTRAAGD);
  EXPECT_EQ((*old_history)[1].changed_by(), "anna");
  EXPECT_EQ((*old_history)[1].note(), "wacht op wetgeving");
  auto old_journal = old_store->ListChanges(0, 100);
  ASSERT_TRUE(old_journal.ok()) << old_journal.status();
  EXPECT_EQ(old_journal->size(), 5u);
  // And it goes on from there.
  auto monitor = Monitor::Open(std::move(old_store));
  ASSERT_TRUE(monitor.ok()) << monitor.status();
  EXPECT_TRUE(SetStatus(**monitor, "werk-2", monitor::v1::DOORLOPEND).ok());
}

// tests/store/testdata/schema_v2.sql: the real data set as the release before reporting rounds wrote
// it, with three status changes and a second snapshot.
TEST(SqliteMeasureStoreTest, UpgradingADatabaseOfTheReleaseBeforeRoundsLosesNothing) {
  testing::TempDir dir;
  const std::string path = dir.File("v2.db");
  WriteFixtureDatabase(path, 2);
  const TableRows before(path);
  std::map<int64_t, std::string> contents;  // snapshot id -> the bytes stored by the old release
  {
    auto db = sqlite::Connection::Open(path);
    auto rows = db->Prepare("SELECT id, content FROM snapshots");
    while (*rows->Step()) contents[rows->Int(0)] = rows->Blob(1);
  }
  ASSERT_EQ(contents.size(), 2u);

  auto store = OpenStore(path);
  ASSERT_NE(store, nullptr);
  // Every row of every old table, every column, exactly as it was.
  EXPECT_EQ(before.rows().size(), 305u);
  EXPECT_EQ(before.rows(), before.Read(path));
  auto db = sqlite::Connection::Open(path);
  EXPECT_EQ(*db->QueryInt("PRAGMA user_version"), 3);
  EXPECT_EQ(SqliteMeasureStore::SchemaVersion(), 3);

  // Read through the store: all there, the new fields empty.
  auto state = store->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->revision, 6);  // import, snapshot 1, three status changes, snapshot 2
  EXPECT_EQ(state->last_snapshot_id, 2);
  EXPECT_EQ(state->data.measures_size(), 42);
  EXPECT_EQ(state->data.themes_size(), 7);
  EXPECT_TRUE(state->rounds.empty());
  EXPECT_TRUE(state->updates.empty());
  EXPECT_TRUE(state->data.departments().empty());
  EXPECT_FALSE(state->data.source().has_as_of());
  int milestones = 0;
  for (const monitor::v1::Theme& theme : state->data.themes()) EXPECT_EQ(theme.default_owner(), "") << theme.id();
  for (const monitor::v1::Measure& measure : state->data.measures()) {
    SCOPED_TRACE(measure.id());
    EXPECT_FALSE(measure.has_owner());
    EXPECT_EQ(measure.progress_note(), "");
    EXPECT_EQ(measure.status_reason(), "");
    EXPECT_FALSE(measure.has_completed_on());
    for (const monitor::v1::Milestone& milestone : measure.milestones()) {
      ++milestones;
      EXPECT_FALSE(milestone.reached());
      EXPECT_EQ(milestone.move_reason(), "");
    }
  }
  EXPECT_GT(milestones, 0);
  // The current state is what the old release's last snapshot recorded, then nothing changed.
  auto latest = store->GetSnapshot(2);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_TRUE(Same(latest->data(), state->data));

  auto history = store->ListStatusChanges({});
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].measure_id(), "werk-1");
  EXPECT_EQ((*history)[1].changed_by(), "anna");
  EXPECT_EQ((*history)[1].note(), "wacht op wetgeving");
  for (const auto& change : *history) EXPECT_EQ(change.round_id(), 0);
  EXPECT_EQ(store->ListChanges(0, 100)->size(), 6u);

  // Snapshots: the same bytes, checked against the checksums the old release stored.
  for (const auto& [id, content] : contents) {
    auto bytes = store->GetSnapshotBytes(id);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    EXPECT_EQ(*bytes, content) << "snapshot " << id;
    EXPECT_EQ(*db->QueryText(absl::StrCat("SELECT content_sha256 FROM snapshots WHERE id = ", id)), Sha256Hex(content));
  }
  auto infos = store->ListSnapshots(0, 10);
  ASSERT_TRUE(infos.ok()) << infos.status();
  ASSERT_EQ(infos->size(), 2u);
  EXPECT_EQ((*infos)[0].label(), "Voortgangsrapportage juni 2026");
  EXPECT_EQ((*infos)[0].created_by(), "coordinator");
  for (const auto& info : *infos) {
    EXPECT_FALSE(info.has_as_of());
    EXPECT_EQ(info.round_id(), 0);
  }

  // And it goes on from there, rounds included.
  Write write;
  monitor::v1::ChangeEvent& event = write.events.emplace_back();
  event.set_revision(7);
  monitor::v1::Round& round = write.rounds.emplace_back();
  round.set_id(1);
  round.set_state(monitor::v1::Round::OPEN);
  round.set_revision(7);
  monitor::v1::MeasureUpdate& update = write.updates.emplace_back();
  update.set_round_id(1);
  update.set_measure_id("werk-1");
  update.set_state(monitor::v1::MeasureUpdate::DRAFT);
  update.set_revision(7);
  ASSERT_TRUE(store->Commit(write).ok());
  auto monitor = Monitor::Open(std::move(store));
  ASSERT_TRUE(monitor.ok()) << monitor.status();
  EXPECT_TRUE(SetStatus(**monitor, "werk-2", monitor::v1::IN_UITVOERING).ok());
}

// A write at `revision` by "jan" at a fixed time.
Write WriteAt(int64_t revision) {
  Write write;
  monitor::v1::ChangeEvent& event = write.events.emplace_back();
  event.set_revision(revision);
  *event.mutable_at() = ToProtoTime(absl::FromUnixSeconds(1764000000));
  event.set_actor("jan");
  return write;
}

// Round 1 published, round 2 open with an update of werk-1, on the small data set with owners and
// reported fields: at revision 3.
void WriteRounds(MeasureStore& store) {
  Write import = WriteAt(1);
  import.import = testing::SmallDataSet();
  for (monitor::v1::Measure& measure : *import.import->mutable_measures()) measure.set_revision(1);
  monitor::v1::Measure& werk1 = *import.import->mutable_measures(0);
  werk1.mutable_owner()->set_department("SZW");
  werk1.set_progress_note("Wetsvoorstel ingediend.");
  werk1.mutable_completed_on()->set_precision(monitor::v1::PartialDate::MONTH);
  werk1.mutable_completed_on()->set_year(2026);
  werk1.mutable_completed_on()->set_month(5);
  werk1.mutable_milestones(0)->set_reached(true);
  werk1.mutable_milestones(0)->set_move_reason("uitgesteld");
  monitor::v1::Department& szw = *import.import->add_departments();
  szw.set_code("SZW");
  szw.mutable_name()->set_nl("Ministerie van Sociale Zaken en Werkgelegenheid");
  import.import->mutable_themes(0)->set_default_owner("SZW");
  ASSERT_TRUE(store.Commit(import).ok());
  Write rounds = WriteAt(2);
  rounds.rounds.emplace_back().set_id(1);
  rounds.rounds[0].set_state(monitor::v1::Round::PUBLISHED);
  rounds.rounds[0].set_revision(2);
  ASSERT_TRUE(store.Commit(rounds).ok());
  Write open = WriteAt(3);
  open.rounds.emplace_back().set_id(2);
  open.rounds[0].set_state(monitor::v1::Round::OPEN);
  open.rounds[0].set_revision(3);
  monitor::v1::MeasureUpdate& update = open.updates.emplace_back();
  update.set_round_id(2);
  update.set_measure_id("werk-1");
  update.set_state(monitor::v1::MeasureUpdate::SUBMITTED);
  *update.mutable_proposed() = werk1;
  update.set_revision(3);
  ASSERT_TRUE(store.Commit(open).ok());
}

TEST(SqliteMeasureStoreTest, RoundsOwnersAndReportedFieldsSurviveReopening) {
  testing::TempDir dir;
  StoredState written;
  {
    auto store = OpenStore(dir.File("m.db"));
    WriteRounds(*store);
    written = *store->Load();
  }
  ASSERT_EQ(written.rounds.size(), 2u);
  ASSERT_EQ(written.updates.size(), 1u);
  EXPECT_TRUE(written.data.measures(0).milestones(0).reached());
  auto state = OpenStore(dir.File("m.db"))->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(Same(written.data, state->data));
  ASSERT_EQ(state->rounds.size(), 2u);
  for (size_t i = 0; i < 2; ++i) EXPECT_TRUE(Same(written.rounds[i], state->rounds[i]));
  ASSERT_EQ(state->updates.size(), 1u);
  EXPECT_TRUE(Same(written.updates[0], state->updates[0]));
}

// The database itself keeps the record of rounds: nothing deletes a round or an update, and a
// published round and its updates stay as published, whoever edits the file.
TEST(SqliteMeasureStoreTest, RoundsAndUpdatesCannotBeDeletedNorAPublishedRoundChanged) {
  testing::TempDir dir;
  WriteRounds(*OpenStore(dir.File("m.db")));
  auto db = sqlite::Connection::Open(dir.File("m.db"));
  ASSERT_TRUE(db.ok());
  for (const char* sql : {"DELETE FROM rounds WHERE id = 2", "DELETE FROM measure_updates",
                          "UPDATE rounds SET label = 'x' WHERE id = 1", "UPDATE rounds SET state = 1 WHERE id = 1"}) {
    absl::Status s = db->Execute(sql);
    EXPECT_FALSE(s.ok()) << sql;
  }
  EXPECT_TRUE(db->Execute("UPDATE rounds SET label = 'x' WHERE id = 2").ok()) << "an open round may change";

  // Through the store: replacing the published round fails, and the write with it.
  auto store = OpenStore(dir.File("m.db"));
  Write write = WriteAt(4);
  write.rounds.emplace_back().set_id(1);
  write.rounds[0].set_state(monitor::v1::Round::OPEN);
  write.rounds[0].set_revision(4);
  EXPECT_FALSE(store->Commit(write).ok());
  auto state = store->Load();
  EXPECT_EQ(state->revision, 3);
  EXPECT_EQ(state->rounds[0].state(), monitor::v1::Round::PUBLISHED);

  // The write that publishes round 2 may still write its updates; a later one may not, nor add one.
  Write publish = WriteAt(4);
  publish.rounds = {state->rounds[1]};
  publish.rounds[0].set_state(monitor::v1::Round::PUBLISHED);
  publish.rounds[0].set_revision(4);
  publish.updates = {state->updates[0]};
  publish.updates[0].set_state(monitor::v1::MeasureUpdate::APPROVED);
  ASSERT_TRUE(store->Commit(publish).ok());
  Write later = WriteAt(5);
  later.updates = {publish.updates[0]};
  later.updates[0].set_state(monitor::v1::MeasureUpdate::RETURNED);
  EXPECT_THAT(testing::ErrorText(store->Commit(later)), HasSubstr("the updates of a published round are immutable"));
  later.updates[0].set_measure_id("werk-2");
  EXPECT_THAT(testing::ErrorText(store->Commit(later)), HasSubstr("the updates of a published round are immutable"));
  Write next = WriteAt(5);
  next.rounds = {publish.rounds[0]};
  next.rounds[0].set_id(3);
  next.rounds[0].set_state(monitor::v1::Round::OPEN);
  next.rounds[0].set_revision(5);
  ASSERT_TRUE(store->Commit(next).ok());
  EXPECT_FALSE(db->Execute("UPDATE measure_updates SET state = 4").ok());
  state = store->Load();
  EXPECT_EQ(state->revision, 5);
  ASSERT_EQ(state->updates.size(), 1u);
  EXPECT_EQ(state->updates[0].state(), monitor::v1::MeasureUpdate::APPROVED);
}

// A database written by the store and then changed behind its back.
class DamagedDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto monitor = OpenMonitor(path());
      ASSERT_TRUE(monitor->Import(testing::SmallDataSet(), "T", "import").ok());
      ASSERT_TRUE(SetStatus(*monitor, "werk-1", monitor::v1::AFGEROND).ok());
    }
    auto db = sqlite::Connection::Open(path());
    ASSERT_TRUE(db.ok());
    db_ = std::make_unique<sqlite::Connection>(std::move(*db));
  }
  std::string path() const { return dir_.File("m.db"); }
  // Runs `sql` with the append-only triggers out of the way, as someone editing the file would.
  void Damage(const std::string& sql) {
    for (const char* trigger : {"snapshots_immutable_u", "status_history_append_only_u", "revisions_append_only_u"}) {
      ASSERT_TRUE(db_->Execute(absl::StrCat("DROP TRIGGER IF EXISTS ", trigger)).ok());
    }
    absl::Status s = db_->Execute(sql);
    ASSERT_TRUE(s.ok()) << s;
  }

  testing::TempDir dir_;
  std::unique_ptr<sqlite::Connection> db_;
};

TEST_F(DamagedDatabaseTest, AChangedByteInASnapshotIsDataLossNamingIt) {
  // One byte of the stored content, still valid protobuf and UTF-8: only the checksum can tell.
  Damage("UPDATE snapshots SET content = CAST(replace(CAST(content AS TEXT), 'registratie', 'registratiE') AS BLOB)");
  ASSERT_EQ(*db_->QueryInt("SELECT COUNT(*) FROM snapshots WHERE content_sha256 <> ''"), 1);
  auto store = OpenStore(path());
  for (const absl::Status& read : {store->GetSnapshot(1).status(), store->GetSnapshotBytes(1).status()}) {
    EXPECT_EQ(read.code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(testing::ErrorText(read), "snapshot 1 is damaged: checksum mismatch");
  }
  EXPECT_TRUE(store->Load().ok()) << "the current state is not the snapshot: it still loads";
}

TEST_F(DamagedDatabaseTest, AnUnknownStatusOfAMeasureIsDataLossAndTheMonitorDoesNotOpen) {
  Damage("UPDATE measures SET status = 9 WHERE id = 'werk-2'");
  auto loaded = OpenStore(path())->Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(loaded.status()), "measure \"werk-2\" is damaged: status 9 is not a Status value");
  auto monitor = Monitor::Open(OpenStore(path()));
  EXPECT_EQ(monitor.status(), loaded.status());
}

TEST_F(DamagedDatabaseTest, AnUnknownStatusInTheHistoryIsDataLossNamingTheChange) {
  Damage("UPDATE status_history SET to_status = 9");
  auto history = OpenStore(path())->ListStatusChanges({});
  EXPECT_EQ(history.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(history.status()),
            "the status change at revision 3 is damaged: to_status 9 is not a Status value");
}

TEST_F(DamagedDatabaseTest, AnUnknownEnumValueInsideAStoredMessageIsDataLoss) {
  // The journal entry of revision 3 holds the status change; its to_status (field 4 of the
  // StatusChange in field 4) becomes 9: 0x20 0x01 (AFGEROND) -> 0x20 0x09.
  auto event = OpenStore(path())->ListChanges(2, 1);
  ASSERT_TRUE(event.ok());
  std::string bytes = (*event)[0].SerializeAsString();
  const size_t at = bytes.find(std::string("\x20\x01", 2));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 1] = '\x09';
  Damage(absl::StrCat("UPDATE revisions SET event = X'", absl::BytesToHexString(bytes), "' WHERE revision = 3"));
  auto journal = OpenStore(path())->ListChanges(0, 10);
  EXPECT_EQ(journal.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(journal.status()),
            "journal entry 3 is damaged: status_changed.to_status: 9 is not a Status value");
}

TEST_F(DamagedDatabaseTest, TextThatIsNotUtf8IsDataLossNamingIt) {
  Damage(
      "UPDATE localized_texts SET text = CAST(X'4F76657220FF' AS TEXT) WHERE subject = 'measure/werk-1' AND "
      "field = 'title' AND locale = 'nl'");
  auto loaded = OpenStore(path())->Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(loaded.status()),
            "text \"title\" of \"measure/werk-1\" in \"nl\" is damaged: text is not UTF-8");
}

// Rounds and their updates are part of the current state: damage there keeps the monitor from starting.
TEST(DamagedRoundsTest, AnUnknownStateOfARoundOrAnUpdateIsDataLossNamingIt) {
  testing::TempDir dir;
  WriteRounds(*OpenStore(dir.File("m.db")));
  auto db = sqlite::Connection::Open(dir.File("m.db"));
  ASSERT_TRUE(db->Execute("UPDATE rounds SET state = 9 WHERE id = 2").ok());
  auto loaded = OpenStore(dir.File("m.db"))->Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(loaded.status()), "round 2 is damaged: state 9 is not a State value");
  EXPECT_EQ(Monitor::Open(OpenStore(dir.File("m.db"))).status(), loaded.status());

  ASSERT_TRUE(db->Execute("UPDATE rounds SET state = 1 WHERE id = 2; UPDATE measure_updates SET state = 0").ok());
  loaded = OpenStore(dir.File("m.db"))->Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(loaded.status()),
            "the update of measure \"werk-1\" in round 2 is damaged: state 0 is not a State value");

  // An enum inside the proposed measure: its status (field 8) appended again as 9; the last
  // value of a field is the one parsed.
  ASSERT_TRUE(db->Execute("UPDATE measure_updates SET state = 2").ok());
  ASSERT_TRUE(OpenStore(dir.File("m.db"))->Load().ok());
  ASSERT_TRUE(db->Execute("UPDATE measure_updates SET proposed = proposed || X'4009'").ok());
  loaded = OpenStore(dir.File("m.db"))->Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(testing::ErrorText(loaded.status()),
            "the update of measure \"werk-1\" in round 2 is damaged: proposed.status: 9 is not a Status value");
}

TEST_F(DamagedDatabaseTest, AMilestoneWithAnUnknownPrecisionIsDataLoss) {
  Damage("UPDATE milestones SET precision = 7");
  auto loaded = OpenStore(path())->Load();
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(testing::ErrorText(loaded.status()), HasSubstr("is damaged: precision 7 is not a Precision value"));
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
