// monitor_server under a file size limit (ulimit -f): a write past it fails with a clear error and
// changes nothing, the server logs it and keeps serving. Before, SIGXFSZ killed it without a word.
#include <signal.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/client/monitor_client.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;
using Stub = MonitorClient::Stub;

TEST(ServerSignalsTest, AWritePastTheFileSizeLimitFailsAndTheServerKeepsServing) {
  testing::TempDir dir;
  const std::vector<std::string> server = {testing::BinaryPath("monitor_service/monitor_server"),
                                           "--listen=127.0.0.1:0", "--db=" + dir.File("m.db"),
                                           "--data=" + testing::RepoDataDir()};
  {  // The import, without a limit.
    absl::StatusOr<testing::ServerProcess> importing = testing::ServerProcess::Start(server);
    ASSERT_TRUE(importing.ok()) << importing.status();
    ASSERT_EQ(importing->Stop(SIGTERM), 0);
  }
  // Room for 16 KiB beyond the database: the write-ahead log of a few snapshots does not fit.
  std::vector<std::string> limited = {"/usr/bin/prlimit",
                                      absl::StrCat("--fsize=", std::filesystem::file_size(dir.File("m.db")) + 16384)};
  limited.insert(limited.end(), server.begin(), server.end());
  absl::StatusOr<testing::ServerProcess> process = testing::ServerProcess::Start(limited, dir.File("server.log"));
  ASSERT_TRUE(process.ok()) << process.status();
  absl::StatusOr<std::unique_ptr<MonitorClient>> client = MonitorClient::Connect(process->address(), {});
  ASSERT_TRUE(client.ok());

  int created = 0;
  absl::Status failed;
  for (int i = 0; i < 20 && failed.ok(); ++i) {
    monitor::v1::CreateSnapshotRequest request;
    request.set_label(absl::StrCat("Snapshot ", i));
    absl::StatusOr<monitor::v1::SnapshotInfo> snapshot = (*client)->Call(&Stub::CreateSnapshot, request);
    if (snapshot.ok()) ++created;
    failed = snapshot.status();
  }
  ASSERT_FALSE(failed.ok()) << "20 snapshots fit under the limit";
  EXPECT_NE(failed.code(), absl::StatusCode::kUnavailable) << failed;  // an answer, not a dead server
  EXPECT_FALSE(failed.message().empty());

  // Still serving, and the failed write left nothing behind: the import's snapshot and the others.
  monitor::v1::ListSnapshotsRequest list;
  list.set_page_size(100);
  absl::StatusOr<monitor::v1::ListSnapshotsResponse> snapshots = (*client)->Call(&Stub::ListSnapshots, list);
  ASSERT_TRUE(snapshots.ok()) << snapshots.status();
  EXPECT_EQ(snapshots->snapshots_size(), created + 1);
  EXPECT_EQ(process->Stop(SIGTERM), 0);
  EXPECT_THAT(*ReadFile(dir.File("server.log")), HasSubstr("file size limit (ulimit -f) reached"));
}

}  // namespace
}  // namespace werkmonitor
