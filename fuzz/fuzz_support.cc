#include "fuzz/fuzz_support.h"

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

absl::Status MemoryStore::Commit(const Write& write) {
  const absl::Status committed = MemoryMeasureStore::Commit(write);
  FUZZ_CHECK(committed.ok(), absl::StrCat("the store refused a write: ", committed.ToString()));
  return committed;
}

}  // namespace werkmonitor::fuzz
