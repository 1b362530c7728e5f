// The fault test (ctest label "fault"): writers race on two measures with expected_revision while
// monitor_server is killed with SIGKILL at random moments and restarted, again and again. Then:
//  - every update a client saw acknowledged is in the history, at the revision it was told;
//  - no update is there twice, and none that was refused as a conflict (ABORTED) is there at all;
//  - each measure's history is one unbroken chain (each change starts from the previous one's
//    status), so no writer overwrote another's change unseen;
//  - SQLite's integrity_check is "ok".
// And publishing a reporting round is killed in the middle, again and again: afterwards the round is
// either wholly published, with its one snapshot and every update applied, or not at all.
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/client/monitor_client.h"
#include "monitor_service/store/internal/sqlite.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"
#include "tests/support/wait.h"

namespace werkmonitor {
namespace {

using Stub = MonitorClient::Stub;

constexpr int kWriters = 4;
// The run ends when it has seen enough, not after a fixed time, so that a loaded machine makes it
// slower but never weaker: kKills kills, each after at least kAcksPerLife new acknowledgements since
// the restart before it (every kill hits a server that was doing work), and at least one conflict.
constexpr int kKills = 25;
constexpr int kAcksPerLife = 4;
// A bound for a broken server, not a measure of speed.
constexpr absl::Duration kGiveUpAfter = absl::Seconds(100);  // within ctest's 120 s
const char* const kMeasures[] = {"werk-1", "werk-2"};

struct Outcomes {
  std::mutex mu;
  std::map<std::string, int64_t> acknowledged;  // note -> revision the client was told
  std::set<std::string> conflicts;              // ABORTED: must not be applied
  std::set<std::string> unknown;                // connection lost: applied or not
};

TEST(FaultTest, AcknowledgedWritesSurviveRepeatedKillDashNine) {
  testing::TempDir dir;
  const std::string db = dir.File("monitor.db");
  // The first start binds port 0; restarts take the port it got back (gRPC sets SO_REUSEADDR), so
  // the writers' channels reconnect to the same address.
  std::vector<std::string> server_args = {testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                          "--db=" + db, "--data=" + testing::RepoDataDir()};
  std::optional<testing::ServerProcess> server;
  auto start = [&] {
    // A restart can race the dying process for the port or the lock: try again briefly.
    for (int attempt = 0; attempt < 50; ++attempt) {
      absl::StatusOr<testing::ServerProcess> started = testing::ServerProcess::Start(server_args);
      if (started.ok()) {
        server.emplace(std::move(*started));
        return;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    FAIL() << "monitor_server did not restart";
  };
  start();
  ASSERT_TRUE(server.has_value());
  const std::string address = server->address();
  server_args[1] = "--listen=" + address;

  Outcomes outcomes;
  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::unique_ptr<MonitorClient> client =
          *MonitorClient::Connect(address, {.timeout = absl::Seconds(2), .wait_for_ready = true});
      std::mt19937 random(w);
      for (int i = 0; !done; ++i) {
        monitor::v1::GetMeasureRequest get;
        get.set_id(kMeasures[random() % 2]);
        absl::StatusOr<monitor::v1::Measure> measure = client->Call(&Stub::GetMeasure, get);
        if (!measure.ok()) {
          absl::SleepFor(absl::Milliseconds(10));  // the server is down; try again
          continue;
        }
        monitor::v1::SetMeasureStatusRequest request;
        request.set_id(get.id());
        request.set_status(measure->status() == monitor::v1::AFGEROND ? monitor::v1::VERTRAAGD : monitor::v1::AFGEROND);
        request.set_expected_revision(measure->revision());
        request.set_note(absl::StrCat("writer ", w, " update ", i));
        absl::StatusOr<monitor::v1::Measure> changed = client->Call(&Stub::SetMeasureStatus, request);
        std::lock_guard<std::mutex> lock(outcomes.mu);
        if (changed.ok()) {
          outcomes.acknowledged[request.note()] = changed->revision();
        } else if (changed.status().code() == absl::StatusCode::kAborted) {
          outcomes.conflicts.insert(request.note());
        } else {
          outcomes.unknown.insert(request.note());
        }
      }
    });
  }

  auto counts = [&] {
    std::lock_guard<std::mutex> lock(outcomes.mu);
    return std::make_pair(outcomes.acknowledged.size(), outcomes.conflicts.size());
  };
  int kills = 0;
  std::mt19937 random(42);
  const absl::Time started = absl::Now();
  const absl::Time give_up = started + kGiveUpAfter;
  while (kills < kKills || counts().second == 0) {
    const size_t acknowledged_before = counts().first;
    ASSERT_TRUE(testing::WaitUntil([&] { return counts().first >= acknowledged_before + kAcksPerLife; },
                                   give_up - absl::Now()))
        << "after " << kills << " kills, the restarted server acknowledged fewer than " << kAcksPerLife
        << " writes in time";
    // Then a random moment in the middle of the writers' work.
    absl::SleepFor(absl::Milliseconds(random() % 50));
    server->Stop(SIGKILL);
    ++kills;
    start();
    if (!server.has_value()) break;
  }
  const absl::Duration ran_for = absl::Now() - started;
  done = true;
  for (auto& writer : writers) writer.join();
  ASSERT_TRUE(server.has_value());

  std::unique_ptr<MonitorClient> reader = *MonitorClient::Connect(address, {});
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> history = reader->ListAllStatusChanges("");
  ASSERT_TRUE(history.ok()) << history.status();
  EXPECT_EQ(server->Stop(SIGTERM), 0);

  std::map<std::string, int> times_applied;
  std::map<std::string, int64_t> applied_at;
  std::map<std::string, monitor::v1::Status> last_status;
  int64_t previous_revision = 0;
  for (const monitor::v1::StatusChange& change : *history) {
    ++times_applied[change.note()];
    applied_at[change.note()] = change.revision();
    EXPECT_GT(change.revision(), previous_revision);
    previous_revision = change.revision();
    if (auto last = last_status.find(change.measure_id()); last != last_status.end()) {
      EXPECT_EQ(change.from_status(), last->second) << "broken chain at revision " << change.revision();
    }
    last_status[change.measure_id()] = change.to_status();
  }
  int found = 0;
  for (const auto& [note, revision] : outcomes.acknowledged) {
    auto applied = applied_at.find(note);
    if (applied == applied_at.end()) {
      ADD_FAILURE() << "acknowledged but lost: " << note;
      continue;
    }
    EXPECT_EQ(applied->second, revision) << note;
    ++found;
  }
  for (const auto& [note, count] : times_applied) EXPECT_EQ(count, 1) << "applied twice: " << note;
  for (const std::string& note : outcomes.conflicts) EXPECT_EQ(times_applied.count(note), 0u) << note;
  int unknown_applied = 0;
  for (const std::string& note : outcomes.unknown) unknown_applied += times_applied.count(note);

  absl::StatusOr<sqlite::Connection> connection = sqlite::Connection::Open(db);
  ASSERT_TRUE(connection.ok()) << connection.status();
  EXPECT_EQ(*connection->QueryText("PRAGMA integrity_check"), "ok");

  std::cout << "fault test: " << kills << " kills in " << absl::FormatDuration(absl::Trunc(ran_for, absl::Milliseconds(100)))
            << "; "
            << outcomes.acknowledged.size() << " updates acknowledged, " << found << " found; "
            << outcomes.conflicts.size() << " conflicts (ABORTED, none applied); " << outcomes.unknown.size()
            << " cut off by a kill (" << unknown_applied << " of them applied before the kill); " << history->size()
            << " changes in the history; integrity_check ok" << std::endl;
  // What the loop waited for, checked again on the final figures.
  EXPECT_GE(kills, kKills);
  EXPECT_GE(outcomes.acknowledged.size(), static_cast<size_t>(kKills * kAcksPerLife));
  EXPECT_GT(outcomes.conflicts.size(), 0u);
}

// Starts monitor_server and restarts it on the same address after a kill.
class RestartableServer {
 public:
  explicit RestartableServer(std::vector<std::string> args) : args_(std::move(args)) {}
  bool Start() {
    // A restart can race the dying process for the port or the lock: try again briefly.
    for (int attempt = 0; attempt < 50; ++attempt) {
      absl::StatusOr<testing::ServerProcess> started = testing::ServerProcess::Start(args_);
      if (started.ok()) {
        server_.emplace(std::move(*started));
        args_[1] = "--listen=" + server_->address();
        return true;
      }
      absl::SleepFor(absl::Milliseconds(20));
    }
    return false;
  }
  testing::ServerProcess& process() { return *server_; }

 private:
  std::vector<std::string> args_;
  std::optional<testing::ServerProcess> server_;
};

monitor::v1::PartialDate FirstOfJune(int year) {
  monitor::v1::PartialDate date;
  date.set_precision(monitor::v1::PartialDate::DAY);
  date.set_year(year);
  date.set_month(6);
  date.set_day(1);
  return date;
}

// Rounds published by the snapshots, counted per round.
std::map<int64_t, int> SnapshotsPerRound(MonitorClient& client) {
  std::map<int64_t, int> count;
  monitor::v1::ListSnapshotsRequest request;
  request.set_page_size(500);
  absl::StatusOr<monitor::v1::ListSnapshotsResponse> list = client.Call(&Stub::ListSnapshots, request);
  EXPECT_TRUE(list.ok()) << list.status();
  if (list.ok()) {
    for (const auto& info : list->snapshots())
      if (info.round_id() != 0) ++count[info.round_id()];
  }
  return count;
}

TEST(FaultTest, APublishKilledHalfwayIsWhollyDoneOrNotAtAll) {
  testing::TempDir dir;
  const std::string db = dir.File("monitor.db");
  RestartableServer server({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                            "--db=" + db, "--data=" + testing::RepoDataDir()});
  ASSERT_TRUE(server.Start());
  const std::string address = server.process().address();
  auto connect = [&] { return *MonitorClient::Connect(address, {.timeout = absl::Seconds(5), .wait_for_ready = true}); };
  std::unique_ptr<MonitorClient> client = connect();
  const char* const kChanged[] = {"werk-1", "werk-2"};
  auto status_of = [&](const std::string& id) {
    monitor::v1::GetMeasureRequest get;
    get.set_id(id);
    absl::StatusOr<monitor::v1::Measure> m = client->Call(&Stub::GetMeasure, get);
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? m->status() : monitor::v1::STATUS_UNSPECIFIED;
  };

  // Ends when kills have landed on both sides of the commit, so the check below saw both outcomes.
  int cut_before = 0, cut_after = 0, rounds = 0;
  std::mt19937 random(7);
  while ((cut_before < 2 || cut_after < 2) && rounds < 60) {
    ++rounds;
    monitor::v1::OpenRoundRequest open;
    open.set_label(absl::StrCat("Ronde ", rounds));
    *open.mutable_as_of() = FirstOfJune(2030 + rounds);
    *open.mutable_deadline() = FirstOfJune(2030 + rounds);
    absl::StatusOr<monitor::v1::Round> round = client->Call(&Stub::OpenRound, open);
    ASSERT_TRUE(round.ok()) << round.status();

    // Two measures change status (a leaf of each of two themes' first measure), the rest is
    // approved as unchanged.
    std::map<std::string, monitor::v1::Status> before, after;
    for (const char* id : kChanged) {
      before[id] = status_of(id);
      after[id] = before[id] == monitor::v1::DOORLOPEND ? monitor::v1::IN_UITVOERING : monitor::v1::DOORLOPEND;
      monitor::v1::GetMeasureRequest get;
      get.set_id(id);
      absl::StatusOr<monitor::v1::Measure> measure = client->Call(&Stub::GetMeasure, get);
      ASSERT_TRUE(measure.ok());
      monitor::v1::SaveDraftRequest save;
      save.set_measure_id(id);
      save.mutable_draft()->set_status(after[id]);
      save.mutable_draft()->set_progress_note(absl::StrCat("Ronde ", rounds, ": de status wijzigt."));
      *save.mutable_draft()->mutable_milestones() = measure->milestones();
      for (auto& m : *save.mutable_draft()->mutable_milestones()) m.set_reached(true);  // all passed by 2031
      for (const char* path : {"status", "progress_note", "milestones"}) save.mutable_update_mask()->add_paths(path);
      ASSERT_TRUE(client->Call(&Stub::SaveDraft, save).ok());
      monitor::v1::SubmitUpdateRequest submit;
      submit.set_measure_id(id);
      absl::StatusOr<monitor::v1::MeasureUpdate> submitted = client->Call(&Stub::SubmitUpdate, submit);
      ASSERT_TRUE(submitted.ok()) << submitted.status();
      monitor::v1::ApproveUpdateRequest approve;
      approve.set_measure_id(id);
      ASSERT_TRUE(client->Call(&Stub::ApproveUpdate, approve).ok());
    }
    monitor::v1::ListMeasureUpdatesRequest drafts;
    drafts.set_state(monitor::v1::MeasureUpdate::DRAFT);
    absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> untouched = client->Call(&Stub::ListMeasureUpdates, drafts);
    ASSERT_TRUE(untouched.ok()) << untouched.status();
    monitor::v1::ApproveUnchangedRequest unchanged;
    for (const auto& u : untouched->updates()) unchanged.add_measure_ids(u.measure_id());
    ASSERT_TRUE(client->Call(&Stub::ApproveUnchanged, unchanged).ok());

    // Publish, and kill the server a random moment later: before, during or after the commit.
    monitor::v1::PublishRoundRequest publish;
    publish.set_round_id(round->id());
    std::thread publisher([&] { (void)client->Call(&Stub::PublishRound, publish); });
    absl::SleepFor(absl::Microseconds(random() % 8000));
    server.process().Stop(SIGKILL);
    publisher.join();
    ASSERT_TRUE(server.Start());
    // A new channel: the old one may still hold the killed server's connection and send the next
    // call into it (UNAVAILABLE "Broken pipe"; wait_for_ready does not retry a call once sent).
    client = connect();

    monitor::v1::GetRoundRequest get_round;
    get_round.set_id(round->id());
    absl::StatusOr<monitor::v1::Round> found = client->Call(&Stub::GetRound, get_round);
    ASSERT_TRUE(found.ok()) << found.status();
    const std::map<int64_t, int> snapshots = SnapshotsPerRound(*client);
    if (found->state() == monitor::v1::Round::PUBLISHED) {
      ++cut_after;
      EXPECT_EQ(snapshots.count(round->id()) ? snapshots.at(round->id()) : 0, 1) << "round " << round->id();
      for (const char* id : kChanged) EXPECT_EQ(status_of(id), after[id]) << id << " in round " << round->id();
    } else {
      ++cut_before;
      EXPECT_EQ(found->state(), monitor::v1::Round::OPEN);
      EXPECT_EQ(snapshots.count(round->id()), 0u) << "a snapshot of an unpublished round " << round->id();
      for (const char* id : kChanged) EXPECT_EQ(status_of(id), before[id]) << id << " in round " << round->id();
      // The coordinator's retry publishes it, once.
      absl::StatusOr<monitor::v1::Round> retried = client->Call(&Stub::PublishRound, publish);
      ASSERT_TRUE(retried.ok()) << retried.status();
      EXPECT_EQ(SnapshotsPerRound(*client)[round->id()], 1);
      for (const char* id : kChanged) EXPECT_EQ(status_of(id), after[id]) << id;
    }
    // A retry of a published round changes nothing.
    absl::StatusOr<monitor::v1::Round> again = client->Call(&Stub::PublishRound, publish);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(SnapshotsPerRound(*client)[round->id()], 1);
  }
  std::cout << "fault test: " << rounds << " publishes killed: " << cut_before << " found unpublished (then retried), "
            << cut_after << " found wholly published" << std::endl;
  EXPECT_GE(cut_before, 2);
  EXPECT_GE(cut_after, 2);
  EXPECT_EQ(server.process().Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace werkmonitor
