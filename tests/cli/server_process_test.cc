// monitor_server as a process: what it refuses to start with, one instance per database, and a
// clean stop on SIGTERM.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/access.h"
#include "common/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/client/monitor_client.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"
#include "tests/support/wait.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;
using Stub = MonitorClient::Stub;

class ServerProcessTest : public ::testing::Test {
 protected:
  std::vector<std::string> ServerArgs(const std::string& listen) const {
    return {testing::BinaryPath("monitor_service/monitor_server"), "--listen=" + listen, "--db=" + Db(),
            "--data=" + testing::RepoDataDir()};
  }
  std::string Db() const { return dir_.File("var/monitor.db"); }

  testing::TempDir dir_;
};

TEST_F(ServerProcessTest, RefusesOtherHostsInDevelopmentModeAndPlaintextBeforeTouchingAnything) {
  testing::CommandResult r = testing::RunCommand(ServerArgs("0.0.0.0:0"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("development mode (no --tokens_file: every caller acts as admin) serves only on "
                               "loopback, not on 0.0.0.0:0"));

  ASSERT_TRUE(WriteFileAtomically(dir_.File("tokens"), *TokensFileLine("t", Role::kAdmin, "anna")).ok());
  std::vector<std::string> args = ServerArgs("0.0.0.0:0");
  args.push_back("--tokens_file=" + dir_.File("tokens"));
  r = testing::RunCommand(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("refusing to serve on 0.0.0.0:0 in plaintext"));

  args.push_back("--tls_cert=" + dir_.File("missing.pem"));
  args.push_back("--tls_key=" + dir_.File("missing.key"));
  r = testing::RunCommand(args);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--tls_cert: " + dir_.File("missing.pem")));
  EXPECT_FALSE(std::filesystem::exists(Db())) << "a refused start must not create the database";

  std::vector<std::string> bad_tokens = ServerArgs("127.0.0.1:0");
  ASSERT_TRUE(WriteFileAtomically(dir_.File("bad-tokens"), "wm_plain-token admin anna\n").ok());
  bad_tokens.push_back("--tokens_file=" + dir_.File("bad-tokens"));
  r = testing::RunCommand(bad_tokens);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir_.File("bad-tokens") + ":1: the first field must be sha256:"));
  EXPECT_FALSE(std::filesystem::exists(Db()));
}

TEST_F(ServerProcessTest, ASecondInstanceOnTheSameDatabaseIsRefusedAndTheFirstGoesOn) {
  absl::StatusOr<testing::ServerProcess> first = testing::ServerProcess::Start(ServerArgs("127.0.0.1:0"));
  ASSERT_TRUE(first.ok()) << first.status();
  testing::CommandResult second = testing::RunCommand(ServerArgs("127.0.0.1:0"));
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr(absl::StrCat(Db(), ".lock is held by process ", first->pid())));

  std::unique_ptr<MonitorClient> client = *MonitorClient::Connect(first->address(), {});
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("werk-1");
  request.set_status(monitor::v1::AFGEROND);
  request.set_note("correctie");
  EXPECT_TRUE(client->Call(&Stub::SetMeasureStatus, request).ok());
  EXPECT_EQ(first->Stop(SIGTERM), 0);
  // Once the first has stopped, the database is free again.
  absl::StatusOr<testing::ServerProcess> again = testing::ServerProcess::Start(ServerArgs("127.0.0.1:0"));
  ASSERT_TRUE(again.ok()) << again.status();
}

// SIGTERM while writers are busy: the process exits 0, running calls complete, and calls that
// arrive during the shutdown are refused (UNAVAILABLE, or CANCELLED for calls gRPC received but
// never started). After a restart the history holds exactly the acknowledged writes: none lost,
// none applied without its answer reaching the client.
TEST_F(ServerProcessTest, SigtermDrainsRunningCallsAndExitsZero) {
  absl::StatusOr<testing::ServerProcess> server = testing::ServerProcess::Start(ServerArgs("127.0.0.1:0"));
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string address = server->address();

  std::atomic<bool> stop{false}, stopping{false};
  std::atomic<int> acknowledged{0}, refused{0}, other{0};
  std::vector<std::string> acknowledged_notes[4];
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      std::unique_ptr<MonitorClient> client = *MonitorClient::Connect(address, {.timeout = absl::Seconds(5)});
      // Each writer has a measure of its own and always changes its status, so that every
      // acknowledged call leaves exactly one entry in the history (setting the status a measure
      // already has records nothing).
      monitor::v1::GetMeasureRequest get;
      get.set_id(absl::StrCat("werk-", t + 1));
      absl::StatusOr<monitor::v1::Measure> measure = client->Call(&Stub::GetMeasure, get);
      ASSERT_TRUE(measure.ok()) << measure.status();
      monitor::v1::Status current = measure->status();
      for (int i = 0; !stop; ++i) {
        monitor::v1::SetMeasureStatusRequest request;
        request.set_id(get.id());
        request.set_status(current == monitor::v1::AFGEROND ? monitor::v1::VERTRAAGD : monitor::v1::AFGEROND);
        request.set_note(absl::StrCat("writer ", t, " call ", i));
        absl::Status status = client->Call(&Stub::SetMeasureStatus, request).status();
        if (status.ok()) {
          ++acknowledged;
          acknowledged_notes[t].push_back(request.note());
          current = request.status();
        } else if (status.code() == absl::StatusCode::kUnavailable ||
                   (status.code() == absl::StatusCode::kCancelled && stopping)) {
          ++refused;
          return;  // the server is going or gone
        } else {
          ++other;
          ADD_FAILURE() << status;
          return;
        }
      }
    });
  }
  // Stop while the writers are busy, after each has had calls acknowledged.
  ASSERT_TRUE(testing::WaitUntil([&] { return acknowledged.load() >= 20; })) << "no writes acknowledged";
  stopping = true;
  EXPECT_EQ(server->Stop(SIGTERM), 0);
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_GT(acknowledged.load(), 0);
  EXPECT_EQ(other.load(), 0);

  absl::StatusOr<testing::ServerProcess> restarted = testing::ServerProcess::Start(ServerArgs("127.0.0.1:0"));
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  std::unique_ptr<MonitorClient> reader = *MonitorClient::Connect(restarted->address(), {});
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> history = reader->ListAllStatusChanges("");
  ASSERT_TRUE(history.ok()) << history.status();
  std::set<std::string> recorded, expected;
  for (const auto& change : *history) recorded.insert(change.note());
  for (const auto& notes : acknowledged_notes) expected.insert(notes.begin(), notes.end());
  EXPECT_EQ(recorded, expected);
  std::cerr << "acknowledged " << acknowledged << ", recorded " << recorded.size() << ", refused after SIGTERM "
            << refused << "\n";
}

// The binaries over TLS with tokens, as in production: monitor_server serving TLS with a tokens
// file, monitorctl and report_worker calling it with --tls_ca and --token_file.
TEST_F(ServerProcessTest, TheToolsTalkTlsWithTokens) {
  const std::string certs = dir_.File("certs");
  testing::CommandResult made =
      testing::RunCommand({std::string(WERKMONITOR_SOURCE_DIR) + "/tests/support/make_test_certs.sh", certs});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ASSERT_TRUE(WriteFileAtomically(dir_.File("tokens"), *TokensFileLine("wm_reader-token", Role::kReader, "rita")).ok());
  ASSERT_TRUE(WriteFileAtomically(dir_.File("rita.token"), "wm_reader-token\n").ok());
  std::vector<std::string> args = ServerArgs("127.0.0.1:0");
  for (const std::string& flag : {"--tokens_file=" + dir_.File("tokens"), "--tls_cert=" + certs + "/server.pem",
                                  "--tls_key=" + certs + "/server.key"}) {
    args.push_back(flag);
  }
  absl::StatusOr<testing::ServerProcess> server = testing::ServerProcess::Start(args);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string ctl = testing::BinaryPath("monitor_service/monitorctl");
  const std::string to_server = "--server=" + server->address();

  testing::CommandResult r = testing::RunCommand(
      {ctl, to_server, "--tls_ca=" + certs + "/ca.pem", "--token_file=" + dir_.File("rita.token"), "themes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Registratie"));
  // A reader may not change a status; without the CA the connection fails; without a token the
  // server does not answer.
  r = testing::RunCommand({ctl, to_server, "--tls_ca=" + certs + "/ca.pem", "--token_file=" + dir_.File("rita.token"),
                           "set-status", "werk-1", "AFGEROND", "--note=correctie"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED: rita has the role reader; this call needs admin"));
  r = testing::RunCommand({ctl, to_server, "--timeout=3s", "--token_file=" + dir_.File("rita.token"), "themes"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  r = testing::RunCommand({ctl, to_server, "--tls_ca=" + certs + "/ca.pem", "themes"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));

  r = testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "render", to_server,
                           "--tls_ca=" + certs + "/ca.pem", "--token_file=" + dir_.File("rita.token"),
                           "--kind=dashboard", "--locale=pl", "--out=" + dir_.File("dashboard-pl.pdf")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir_.File("dashboard-pl.pdf")));
  EXPECT_EQ(server->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace werkmonitor
