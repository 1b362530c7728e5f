// The fault test (ctest label "fault"): writers race on two measures with expected_revision while
// monitor_server is killed with SIGKILL at random moments and restarted, again and again. Then:
//  - every update a client saw acknowledged is in the history, at the revision it was told;
//  - no update is there twice, and none that was refused as a conflict (ABORTED) is there at all;
//  - each measure's history is one unbroken chain (each change starts from the previous one's
//    status), so no writer overwrote another's change unseen;
//  - SQLite's integrity_check is "ok".
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

}  // namespace
}  // namespace werkmonitor
