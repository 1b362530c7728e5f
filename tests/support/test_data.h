// Small, hand-made data sets and temporary directories for tests.
#ifndef WERKMONITOR_TESTS_SUPPORT_TEST_DATA_H_
#define WERKMONITOR_TESTS_SUPPORT_TEST_DATA_H_

#include <filesystem>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "monitor/v1/monitor.pb.h"
#include "report/v1/report.pb.h"

namespace werkmonitor::testing {

// Two themes: "werk" with werk-1 (IN_UITVOERING) and werk-2 (AFGEROND); "registratie" with
// registratie-1 (VERTRAAGD) and parent registratie-2 whose sub-measures registratie-2a (AFGEROND) and
// registratie-2b (IN_UITVOERING) carry the status. Published figures: the correct total row and a
// "registratie" row that wrongly prints 4 measures with 2 IN_UITVOERING.
monitor::v1::DataSet SmallDataSet();
// The same with three departments (SZW, BZK, VRO) and owners: werk is SZW's, registratie BZK's,
// except registratie-2b, whose text names VRO.
monitor::v1::DataSet SmallDataSetWithOwners();

// The message as std::string, which gtest prints readably (Debian's absl::string_view is not
// std::string_view).
inline std::string ErrorText(const absl::Status& status) { return std::string(status.message()); }

// The repository's data/ directory and its copy of the source text.
std::string RepoDataDir();
std::string SourceTextPath();

// The manifest.json a watching report worker keeps in its --out directory, once it names snapshot
// `snapshot_id`; NOT_FOUND after 30 s without that (the last manifest read, if any, in the message).
absl::StatusOr<report::v1::Manifest> WaitForManifest(const std::string& path, int64_t snapshot_id);

// A fresh directory under the test's temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_TEST_DATA_H_
