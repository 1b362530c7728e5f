#include "fuzz/fuzz_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/text_rules.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "i18n/localizer.h"

namespace werkmonitor::fuzz {

void Fail(const char* file, int line, const char* condition, const std::string& detail) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, condition);
  std::fwrite(detail.data(), 1, detail.size(), stderr);  // all of it, NUL bytes included
  std::fputc('\n', stderr);
  std::fflush(stderr);
  std::abort();
}

std::vector<absl::string_view> SplitSections(absl::string_view input, absl::string_view separator) {
  std::vector<absl::string_view> sections;
  for (size_t at = input.find(separator); at != absl::string_view::npos; at = input.find(separator)) {
    sections.push_back(input.substr(0, at));
    input.remove_prefix(at + separator.size());
  }
  sections.push_back(input);
  return sections;
}

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return bytes;
}

std::string SourcePath(absl::string_view relative) { return absl::StrCat(WERKMONITOR_SOURCE_DIR, "/", relative); }

const Catalogs& RepositoryCatalogs() {
  static const Catalogs* const kCatalogs = [] {
    absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultCatalogDir());
    FUZZ_CHECK(catalogs.ok(), std::string(catalogs.status().message()));
    return new Catalogs(std::move(*catalogs));
  }();
  return *kCatalogs;
}

void CheckPrintable(const monitor::v1::Measure& measure) {
  for (const std::string& locale : SupportedLocales()) {
    absl::StatusOr<Localizer> localizer = Localizer::Create(RepositoryCatalogs(), locale);
    FUZZ_CHECK(localizer.ok(), std::string(localizer.status().message()));
    const absl::StatusOr<Localized> summary = localizer->Summary(measure);
    FUZZ_CHECK(summary.ok(), absl::StrCat("valid, but cannot be printed: ", summary.status().message()));
    FUZZ_CHECK(Utf8Length(summary->text) >= 0, absl::StrCat("the summary of ", measure.id(), " is not UTF-8"));
  }
}

monitor::v1::Measure* MemoryStore::Stored(absl::string_view id) {
  auto* measures = state_.data.mutable_measures();
  auto found =
      std::find_if(measures->begin(), measures->end(), [&](const monitor::v1::Measure& m) { return m.id() == id; });
  FUZZ_CHECK(found != measures->end(), absl::StrCat("a write names unknown measure \"", id, "\""));
  return &*found;
}

absl::Status MemoryStore::Commit(const Write& write) {
  FUZZ_CHECK(!write.events.empty(), "a write without a journal entry");
  for (size_t i = 0; i < write.events.size(); ++i) {
    FUZZ_CHECK(write.events[i].revision() == state_.revision + 1 + static_cast<int64_t>(i),
               absl::StrCat("journal entry ", write.events[i].revision(), " after revision ", state_.revision));
  }
  if (write.import.has_value()) {
    FUZZ_CHECK(state_.data.themes().empty(), "an import into a store that holds data");
    state_.data = *write.import;
  }
  for (const monitor::v1::Measure& measure : write.measures) *Stored(measure.id()) = measure;
  // As SqliteMeasureStore: a status change sets the status and who changed the measure when.
  for (const monitor::v1::StatusChange& change : write.status_changes) {
    monitor::v1::Measure& measure = *Stored(change.measure_id());
    measure.set_status(change.to_status());
    measure.set_revision(change.revision());
    *measure.mutable_updated_at() = change.changed_at();
    measure.set_updated_by(change.changed_by());
  }
  for (const monitor::v1::Snapshot& snapshot : write.snapshots) {
    FUZZ_CHECK(snapshot.info().id() == state_.last_snapshot_id + 1,
               absl::StrCat("snapshot ", snapshot.info().id(), " after snapshot ", state_.last_snapshot_id));
    state_.last_snapshot_id = snapshot.info().id();
    snapshots_.push_back(snapshot);
  }
  state_.revision = write.events.back().revision();
  ++commits_;
  return absl::OkStatus();
}

// The fuzz targets only write; the queries of the past are the SQLite store's business.
absl::StatusOr<std::vector<monitor::v1::StatusChange>> MemoryStore::ListStatusChanges(const StatusChangeQuery&) {
  return absl::UnimplementedError("MemoryStore keeps no history queries");
}
absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> MemoryStore::ListChanges(int64_t, int) {
  return absl::UnimplementedError("MemoryStore keeps no journal queries");
}
absl::StatusOr<monitor::v1::Snapshot> MemoryStore::GetSnapshot(int64_t id) {
  for (const monitor::v1::Snapshot& snapshot : snapshots_) {
    if (snapshot.info().id() == id) return snapshot;
  }
  return absl::NotFoundError(absl::StrCat("no snapshot ", id));
}
absl::StatusOr<std::string> MemoryStore::GetSnapshotBytes(int64_t id) {
  absl::StatusOr<monitor::v1::Snapshot> snapshot = GetSnapshot(id);
  if (!snapshot.ok()) return snapshot.status();
  return snapshot->SerializeAsString();
}
absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> MemoryStore::ListSnapshots(int64_t, int) {
  return absl::UnimplementedError("MemoryStore keeps no snapshot listing");
}

}  // namespace werkmonitor::fuzz
