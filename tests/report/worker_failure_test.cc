// The report worker when things go wrong: a full disk, an output that is no directory, a snapshot
// that is not there, a monitor service killed under a watching worker. Each is a clear error (or a
// recovery), and no truncated or half-written PDF is left behind.
#include <signal.h>

#include <filesystem>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/sha256.h"
#include "domain/data_set_files.h"
#include "domain/monitor.h"
#include "domain/snapshot_file.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include "report/v1/report.pb.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

class WorkerFailureTest : public ::testing::Test {
 protected:
  // The real data set's import snapshot, exported to a file, as `monitorctl snapshot export` would.
  void SetUp() override {
    auto monitor = Monitor::Open(*SqliteMeasureStore::Open(dir_.File("m.db")));
    ASSERT_TRUE(monitor.ok());
    ASSERT_TRUE((*monitor)->Import(*LoadDataSetDir(testing::RepoDataDir()), "Bijlage I 2025", "import").ok());
    monitor::v1::GetSnapshotRequest request;
    request.set_id(1);
    absl::StatusOr<monitor::v1::Snapshot> snapshot = (*monitor)->GetSnapshot(request);
    ASSERT_TRUE(snapshot.ok()) << snapshot.status();
    ASSERT_TRUE(SaveSnapshotFile(SnapshotFile(), *snapshot).ok());
  }
  std::string SnapshotFile() const { return dir_.File("snapshot.pb"); }

  std::vector<std::string> Batch(const std::string& out) const {
    return {testing::BinaryPath("report_worker/report_worker"),
            "batch",
            "--snapshot_file=" + SnapshotFile(),
            "--out=" + out,
            "--kinds=dashboard,leaflet",
            "--locales=nl,ro",
            "--papers=A4",
            "--jobs=2"};
  }

  // Every file under `dir` with the SHA-256 of its content, but for the batch's lock file (which
  // holds the pid of the last batch).
  static std::map<std::string, std::string> Listing(const std::string& dir) {
    std::map<std::string, std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (entry.path().filename() == ".batch.lock") continue;
      if (entry.is_regular_file()) files[entry.path().string()] = Sha256Hex(*ReadFile(entry.path().string()));
      if (entry.is_directory()) files[entry.path().string()] = "(directory)";
    }
    return files;
  }

  testing::TempDir dir_;
};

TEST_F(WorkerFailureTest, ABatchThatRunsOutOfRoomLeavesTheOutputAsItWas) {
  const std::string out = dir_.File("out");
  testing::CommandResult first = testing::RunCommand(Batch(out));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::map<std::string, std::string> before = Listing(out);
  ASSERT_EQ(before.count(out + "/manifest.json"), 1u);

  // The same batch again with room for 20 KB per file: every PDF is larger (prlimit sets the file
  // size limit, which fails a write with EFBIG, as a full disk fails it with ENOSPC).
  std::vector<std::string> limited = {"/usr/bin/prlimit", "--fsize=20000"};
  for (const std::string& arg : Batch(out)) limited.push_back(arg);
  testing::CommandResult full = testing::RunCommand(limited);
  EXPECT_EQ(full.exit_code, 1) << full.err;
  EXPECT_THAT(full.err, HasSubstr("RESOURCE_EXHAUSTED"));
  EXPECT_THAT(full.err, HasSubstr("cannot write"));
  EXPECT_EQ(Listing(out), before);  // the same files with the same content; nothing staged is left
}

TEST_F(WorkerFailureTest, AnOutputThatCannotBeWrittenIsAClearError) {
  ASSERT_TRUE(WriteFileAtomically(dir_.File("a-file"), "not a directory").ok());
  testing::CommandResult r = testing::RunCommand(Batch(dir_.File("a-file")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(dir_.File("a-file")));
  EXPECT_EQ(*ReadFile(dir_.File("a-file")), "not a directory");

  r = testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "render",
                           "--snapshot_file=" + SnapshotFile(), "--kind=dashboard", "--out=/proc/werkmonitor/x.pdf"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("/proc/werkmonitor/x.pdf"));
}

TEST_F(WorkerFailureTest, ASnapshotThatIsGoneOrDamagedIsAClearError) {
  const std::string out = dir_.File("out");
  const std::string pb = *ReadFile(SnapshotFile());
  ASSERT_TRUE(WriteFileAtomically(SnapshotFile(), pb.substr(0, pb.size() / 2)).ok());
  testing::CommandResult r = testing::RunCommand(Batch(out));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(SnapshotFile()));

  std::filesystem::remove(SnapshotFile());
  r = testing::RunCommand(Batch(out));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(r.err, HasSubstr(SnapshotFile()));
  EXPECT_FALSE(std::filesystem::exists(out + "/manifest.json"));
}

TEST_F(WorkerFailureTest, AnUnknownSnapshotIdIsNotFound) {
  auto server =
      testing::ServerProcess::Start({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                     "--db=" + dir_.File("s.db"), "--data=" + testing::RepoDataDir()});
  ASSERT_TRUE(server.ok());
  testing::CommandResult r =
      testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "batch", "--server=" + server->address(),
                           "--snapshot=99", "--out=" + dir_.File("out"), "--kinds=dashboard"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(r.err, HasSubstr("99"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("out/manifest.json")));
}

// A watching worker outlives its monitor service: killed with SIGKILL and restarted, the service
// publishes a snapshot, and the worker renders it.
TEST_F(WorkerFailureTest, AWatchingWorkerOutlivesAKilledMonitor) {
  const std::string address = absl::StrCat("127.0.0.1:", testing::FreePort());
  const std::vector<std::string> monitor_args = {testing::BinaryPath("monitor_service/monitor_server"),
                                                 "--listen=" + address, "--db=" + dir_.File("w.db"),
                                                 "--data=" + testing::RepoDataDir()};
  std::optional<testing::ServerProcess> monitor;
  auto start_monitor = [&] {
    absl::StatusOr<testing::ServerProcess> started = testing::ServerProcess::Start(monitor_args);
    ASSERT_TRUE(started.ok()) << started.status();
    monitor.emplace(std::move(*started));
  };
  start_monitor();
  auto worker = testing::ServerProcess::Start(
      {testing::BinaryPath("report_worker/report_worker"), "serve", "--listen=127.0.0.1:0", "--server=" + address,
       "--watch", "--out=" + dir_.File("out"), "--kinds=dashboard", "--locales=en", "--papers=A4", "--patience=30s"});
  ASSERT_TRUE(worker.ok()) << worker.status();
  absl::SleepFor(absl::Milliseconds(300));  // let the watch stream open
  monitor->Stop(SIGKILL);
  absl::SleepFor(absl::Milliseconds(500));  // the worker notices and retries
  start_monitor();
  ASSERT_EQ(testing::RunCommand({testing::BinaryPath("monitor_service/monitorctl"), "--server=" + address, "snapshot",
                                 "create", "--label=Na de herstart"})
                .exit_code,
            0);
  report::v1::Manifest manifest;
  for (int i = 0; i < 150 && manifest.snapshot_id() != 2; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    if (absl::StatusOr<std::string> json = ReadFile(dir_.File("out/manifest.json")); json.ok()) {
      manifest.Clear();
      (void)google::protobuf::util::JsonStringToMessage(*json, &manifest);
    }
  }
  EXPECT_EQ(manifest.snapshot_id(), 2);
  EXPECT_EQ(manifest.snapshot_label(), "Na de herstart");
  EXPECT_EQ(worker->Stop(SIGTERM), 0);
  EXPECT_EQ(monitor->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace werkmonitor
