// Fuzz target: the data-set importer. An input is a monitor.v1.DataSet in text format, optionally
// followed by monitor.v1.TranslationSets, each after a line "---" (fuzz/corpus/importer/ has
// examples). It takes the way `monitor_server` imports data/ (LoadDataSetDir, Monitor::Import), from
// memory, and then what is computed from imported data. Invariants:
// - a data set ValidateDataSet accepts imports into an empty Monitor, which then holds exactly that
//   data, at revision 2, with snapshot 1 capturing it;
// - the dashboard counts every leaf measure once, under its theme and in the total;
// - the comparison with the published figures and the translation lint run cleanly, and documents
//   can show every measure: its summary formats in every locale.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "domain/dashboard.h"
#include "common/text_proto.h"
#include "domain/data_set_files.h"
#include "domain/data_set_rules.h"
#include "domain/monitor.h"
#include "domain/status.h"
#include "fuzz/fuzz_support.h"
#include "i18n/lint.h"

namespace werkmonitor::fuzz {
namespace {

using monitor::v1::DataSet;

// The data without what Import sets on every measure.
DataSet WithoutImportFields(DataSet data) {
  for (monitor::v1::Measure& measure : *data.mutable_measures()) {
    measure.clear_revision();
    measure.clear_updated_at();
    measure.clear_updated_by();
  }
  return data;
}

// Counts leaf measures per (theme, status) and per ("", status) for the total, independently of
// ComputeDashboard.
std::map<std::pair<std::string, int>, int> ExpectedCounts(const DataSet& data) {
  absl::flat_hash_set<std::string> parents;
  for (const auto& measure : data.measures()) parents.insert(measure.parent_id());
  std::map<std::pair<std::string, int>, int> counts;
  for (const auto& measure : data.measures()) {
    if (parents.contains(measure.id())) continue;
    ++counts[{measure.theme_id(), measure.status()}];
    ++counts[{"", measure.status()}];
  }
  return counts;
}

void CheckRow(const monitor::v1::DashboardRow& row, const std::map<std::pair<std::string, int>, int>& expected) {
  int total = 0;
  for (const StatusInfo& info : AllStatuses()) {
    auto found = expected.find({row.theme_id(), info.status});
    const int count = found == expected.end() ? 0 : found->second;
    FUZZ_CHECK(CountOf(row, info.status) == count,
               absl::StrCat("theme \"", row.theme_id(), "\" ", info.enum_name, ": dashboard ",
                            CountOf(row, info.status), ", measures ", count));
    total += count;
  }
  FUZZ_CHECK(row.total() == total, absl::StrCat("theme \"", row.theme_id(), "\" total ", row.total(), ", not ", total));
}

void CheckImport(const DataSet& data) {
  auto owned_store = std::make_unique<MemoryStore>();
  MemoryStore& store = *owned_store;
  absl::StatusOr<std::unique_ptr<Monitor>> monitor = Monitor::Open(std::move(owned_store));
  FUZZ_CHECK(monitor.ok(), std::string(monitor.status().message()));
  const absl::Status imported = (*monitor)->Import(data, "Fuzz import", "fuzz");
  FUZZ_CHECK(imported.ok(), absl::StrCat("a valid data set was refused: ", imported.message()));

  const DataSet current = (*monitor)->CurrentData();
  FUZZ_CHECK(DeterministicBytes(WithoutImportFields(current)) == DeterministicBytes(WithoutImportFields(data)),
             "the monitor holds other data than was imported");
  FUZZ_CHECK(DeterministicBytes(store.state().data) == DeterministicBytes(current), "the store holds other data");
  FUZZ_CHECK((*monitor)->revision() == 2 && store.state().revision == 2,
             absl::StrCat("revision ", (*monitor)->revision(), " after an import"));
  monitor::v1::GetSnapshotRequest first;
  first.set_id(1);
  absl::StatusOr<monitor::v1::Snapshot> snapshot = (*monitor)->GetSnapshot(first);
  FUZZ_CHECK(snapshot.ok() && DeterministicBytes(snapshot->data()) == DeterministicBytes(current),
             "snapshot 1 is not the imported data");

  const monitor::v1::Dashboard dashboard = *(*monitor)->GetDashboard({});
  const auto expected = ExpectedCounts(data);
  FUZZ_CHECK(dashboard.themes_size() == data.themes_size(), "a dashboard row per theme");
  for (const auto& row : dashboard.themes()) CheckRow(row, expected);
  CheckRow(dashboard.total(), expected);

  // What `monitorctl validate` and `i18n_lint` compute; their results are reports, not invariants.
  (void)CompareWithPublished(data.published(), dashboard);
  (void)CheckPublishedArithmetic(data.published());
  (void)LintDataTranslations(data, "data");
}

}  // namespace
}  // namespace werkmonitor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace werkmonitor;
  using namespace werkmonitor::fuzz;
  const absl::string_view input(reinterpret_cast<const char*>(bytes), size);
  const std::vector<absl::string_view> sections = SplitSections(input, "\n---\n");

  monitor::v1::DataSet data;
  if (!ParseTextProto(sections[0], "data.textproto", data).ok()) return 0;
  for (size_t i = 1; i < sections.size(); ++i) {
    monitor::v1::TranslationSet translations;
    if (!ParseTextProto(sections[i], "translations.textproto", translations).ok()) return 0;
    // LoadDataSetDir gives up at the first set that does not fit, and so does this.
    if (!ApplyTranslations(translations, data).ok()) return 0;
  }
  if (!ValidateDataSet(data).ok()) return 0;
  CheckImport(data);
  for (const monitor::v1::Measure& measure : data.measures()) CheckPrintable(measure);
  return 0;
}
