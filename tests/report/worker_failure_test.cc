// The report worker when things go wrong: a full disk, an output that is no directory, a snapshot
// that is not there, damaged, holds values the worker does not know or is no file at all, a monitor
// service killed under a watching worker. Each is a clear error (or a recovery), and no truncated
// or half-written PDF is left behind.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

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
#include "tests/support/wait.h"
#include <sys/stat.h>

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

  std::vector<std::string> Render(const std::string& snapshot_file, const std::string& out) const {
    return {testing::BinaryPath("report_worker/report_worker"), "render", "--snapshot_file=" + snapshot_file,
            "--kind=appendix", "--out=" + out};
  }

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

// A snapshot with a status this build does not know (from a newer service, or edited by hand)
// used to abort the worker with std::out_of_range (exit 134).
TEST_F(WorkerFailureTest, AnUnknownStatusIsAClearErrorNamingTheMeasure) {
  absl::StatusOr<monitor::v1::Snapshot> snapshot = LoadSnapshotFile(SnapshotFile());
  ASSERT_TRUE(snapshot.ok());
  for (monitor::v1::Measure& measure : *snapshot->mutable_data()->mutable_measures()) {
    if (measure.id() == "registratie-2a") measure.set_status(static_cast<monitor::v1::Status>(9));
  }
  const std::string bad = dir_.File("bad.pb");
  ASSERT_TRUE(SaveSnapshotFile(bad, *snapshot).ok());

  testing::CommandResult r = testing::RunCommand(Render(bad, dir_.File("appendix.pdf")));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: " + bad +
                               ": snapshot 1: measure registratie-2a: status 9 is not a known status"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("appendix.pdf")));

  std::vector<std::string> batch = Batch(dir_.File("out"));
  batch[2] = "--snapshot_file=" + bad;
  r = testing::RunCommand(batch);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("measure registratie-2a: status 9 is not a known status"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("out")));
}

// What cannot be read in bounded time and memory is refused before reading: a FIFO used to hang
// the worker, /dev/zero to fill its memory.
TEST_F(WorkerFailureTest, ASnapshotFileMustBeARegularFileOfAtMost64MiB) {
  const std::string fifo = dir_.File("fifo.pb");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  testing::CommandResult r = testing::RunCommand(Render(fifo, dir_.File("a.pdf")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(fifo + ": not a regular file but a FIFO"));

  r = testing::RunCommand(Render("/dev/zero", dir_.File("a.pdf")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("/dev/zero: not a regular file but a character device"));

  const std::string sparse = dir_.File("sparse.pb");  // 1 GiB that takes no room on disk
  const int fd = open(sparse.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, int64_t{1} << 30), 0);
  close(fd);
  r = testing::RunCommand(Render(sparse, dir_.File("a.pdf")));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(sparse + ": 1073741824 bytes, more than the limit of 64 MiB"));
  EXPECT_FALSE(std::filesystem::exists(dir_.File("a.pdf")));

  r = testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "--help"});
  EXPECT_THAT(r.out + r.err, HasSubstr("of at most 64 MiB"));
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
// publishes a snapshot, and the worker renders it. The service listens on a Unix socket, so that it
// comes back at the same address without a port chosen in advance.
TEST_F(WorkerFailureTest, AWatchingWorkerOutlivesAKilledMonitor) {
  const std::string address = "unix:" + dir_.File("monitor.sock");
  const std::vector<std::string> monitor_args = {testing::BinaryPath("monitor_service/monitor_server"),
                                                 "--listen=" + address, "--db=" + dir_.File("w.db"),
                                                 "--data=" + testing::RepoDataDir()};
  std::optional<testing::ServerProcess> monitor;
  auto start_monitor = [&] {
    absl::StatusOr<testing::ServerProcess> started = testing::ServerProcess::Start(monitor_args);
    ASSERT_TRUE(started.ok()) << started.status();
    EXPECT_EQ(started->address(), address);
    monitor.emplace(std::move(*started));
  };
  start_monitor();
  // The worker prints its address only once it follows the service from its current revision:
  // every snapshot published after that reaches it, however late its stream (re)opens.
  auto worker = testing::ServerProcess::Start(
      {testing::BinaryPath("report_worker/report_worker"), "serve", "--listen=127.0.0.1:0", "--server=" + address,
       "--watch", "--out=" + dir_.File("out"), "--kinds=dashboard", "--locales=en", "--papers=A4", "--patience=30s"});
  ASSERT_TRUE(worker.ok()) << worker.status();
  monitor->Stop(SIGKILL);
  start_monitor();
  ASSERT_EQ(testing::RunCommand({testing::BinaryPath("monitor_service/monitorctl"), "--server=" + address, "snapshot",
                                 "create", "--label=Na de herstart"})
                .exit_code,
            0);
  absl::StatusOr<report::v1::Manifest> manifest = testing::WaitForManifest(dir_.File("out/manifest.json"), 2);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->snapshot_label(), "Na de herstart");
  EXPECT_EQ(worker->Stop(SIGTERM), 0);
  EXPECT_EQ(monitor->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace werkmonitor
