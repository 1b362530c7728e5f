// monitor_server and monitorctl on a database that is damaged or cannot be written: what an operator
// sees. The damage is made the way it happens outside the program: the file edited with the
// append-only triggers dropped, or its permissions taken away.
#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/store/internal/sqlite.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class DamagedDatabaseProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A database as a real server leaves it: imported from the repository's data set, stopped.
    absl::StatusOr<testing::ServerProcess> server = testing::ServerProcess::Start(ServerArgs());
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_EQ(server->Stop(SIGTERM), 0);
  }

  std::string Db() const { return dir_.File("var/monitor.db"); }
  std::vector<std::string> ServerArgs() const {
    return {testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0", "--db=" + Db(),
            "--data=" + testing::RepoDataDir()};
  }
  testing::CommandResult Ctl(const std::string& server, std::vector<std::string> args) const {
    args.insert(args.begin(), {testing::BinaryPath("monitor_service/monitorctl"), "--server=" + server});
    return testing::RunCommand(args);
  }
  void Damage(const std::string& sql) {
    auto db = sqlite::Connection::Open(Db());
    ASSERT_TRUE(db.ok()) << db.status();
    absl::Status s = db->Execute(absl::StrCat("DROP TRIGGER snapshots_immutable_u; ", sql));
    ASSERT_TRUE(s.ok()) << s;
  }

  testing::TempDir dir_;
};

// The reported case: snapshot export and validate answered "UNIMPLEMENTED: No message returned for
// unary request" (the server sent the damaged bytes, which the client could not decode).
TEST_F(DamagedDatabaseProcessTest, SnapshotExportAndValidateReportADamagedSnapshot) {
  {
    // A newer snapshot, undamaged: the server reads the latest one when it starts.
    absl::StatusOr<testing::ServerProcess> server = testing::ServerProcess::Start(ServerArgs());
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_EQ(Ctl(server->address(), {"snapshot", "create", "--label=Tweede"}).exit_code, 0);
    ASSERT_EQ(server->Stop(SIGTERM), 0);
  }
  // Invalid UTF-8 inside snapshot 1 (what validate compares with), in the title of the Registratie theme.
  Damage(
      "UPDATE snapshots SET content = CAST(replace(CAST(content AS TEXT), 'Registratie', "
      "'R' || CAST(X'FF' AS TEXT) || 'gistratie') AS BLOB) WHERE id = 1");
  absl::StatusOr<testing::ServerProcess> server = testing::ServerProcess::Start(ServerArgs());
  ASSERT_TRUE(server.ok()) << server.status();

  const std::string out = dir_.File("snapshot.pb");
  testing::CommandResult exported = Ctl(server->address(), {"snapshot", "export", "1", "--out=" + out});
  EXPECT_EQ(exported.exit_code, 1);
  EXPECT_THAT(exported.err, HasSubstr("monitorctl: DATA_LOSS: snapshot 1 is damaged: checksum mismatch"));
  EXPECT_THAT(exported.err, Not(HasSubstr("UNIMPLEMENTED")));
  EXPECT_FALSE(std::filesystem::exists(out));

  testing::CommandResult validated = Ctl(server->address(), {"validate"});
  EXPECT_EQ(validated.exit_code, 1);
  EXPECT_THAT(validated.err, HasSubstr("monitorctl: DATA_LOSS: snapshot 1 is damaged: checksum mismatch"));

  // The live data are not the snapshot: they are still served.
  EXPECT_EQ(Ctl(server->address(), {"show", "werk-1"}).exit_code, 0);
}

TEST_F(DamagedDatabaseProcessTest, TheServerRefusesToStartOnAnUnknownStatus) {
  Damage("UPDATE measures SET status = 9 WHERE id = 'werk-1'");
  testing::CommandResult r = testing::RunCommand(ServerArgs());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("monitor_server: DATA_LOSS: measure \"werk-1\" is damaged: status 9 is not a Status value"));
  EXPECT_THAT(r.out, Not(HasSubstr("listening")));
}

// A database the service may not write. Root may write any file, so as root the server runs as
// nobody (setpriv, util-linux) to meet the permissions a service account meets.
class ReadOnlyDatabaseTest : public DamagedDatabaseProcessTest {
 protected:
  static constexpr uid_t kNobody = 65534;

  void SetUp() override {
    DamagedDatabaseProcessTest::SetUp();
    if (::geteuid() == 0) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
        ASSERT_EQ(::chown(entry.path().c_str(), kNobody, kNobody), 0) << entry.path();
      }
      ASSERT_EQ(::chown(dir_.path().c_str(), kNobody, kNobody), 0);
    }
  }
  testing::CommandResult RunServer() const {
    std::vector<std::string> args = ServerArgs();
    if (::geteuid() == 0) {
      args.insert(args.begin(), {"/usr/bin/setpriv", absl::StrCat("--reuid=", kNobody),
                                 absl::StrCat("--regid=", kNobody), "--clear-groups"});
    }
    return testing::RunCommand(args);
  }
};

TEST_F(ReadOnlyDatabaseTest, AReadOnlyFileIsRefusedInWords) {
  std::filesystem::permissions(Db(), std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                                         std::filesystem::perms::others_read);
  testing::CommandResult r = RunServer();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(absl::StrCat("monitor_server: FAILED_PRECONDITION: ", Db(),
                                            " is read-only: the monitor service needs to write to it")));
  EXPECT_THAT(r.err, Not(HasSubstr("SQL")));
}

TEST_F(ReadOnlyDatabaseTest, AReadOnlyDirectoryIsRefusedInWords) {
  const std::string var = dir_.File("var");
  std::filesystem::permissions(
      var,
      std::filesystem::perms::owner_write | std::filesystem::perms::group_write | std::filesystem::perms::others_write,
      std::filesystem::perm_options::remove);
  testing::CommandResult r = RunServer();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(absl::StrCat("monitor_server: FAILED_PRECONDITION: ", var,
                                            " is read-only: the monitor service needs to create its write-ahead "
                                            "log next to ",
                                            Db())));
  std::filesystem::permissions(var, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
}

}  // namespace
}  // namespace werkmonitor
