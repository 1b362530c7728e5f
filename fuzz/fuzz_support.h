// What the fuzz targets share: invariant checks that stop the run in every build, splitting an
// input into sections, deterministic bytes of a message, and a MeasureStore in memory so a target
// can give every input a fresh Monitor seeded with the same data.
#ifndef WERKMONITOR_FUZZ_FUZZ_SUPPORT_H_
#define WERKMONITOR_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/measure_store.h"
#include "domain/testing/memory_measure_store.h"
#include "google/protobuf/message.h"
#include "i18n/catalogs.h"

namespace werkmonitor::fuzz {

// Reports a broken invariant and aborts, which libFuzzer records as a crash and ctest as a
// failure. Not assert(): the replay build is Release (NDEBUG).
[[noreturn]] void Fail(const char* file, int line, const char* condition, const std::string& detail);
#define FUZZ_CHECK(condition, detail) \
  ((condition) ? (void)0 : ::werkmonitor::fuzz::Fail(__FILE__, __LINE__, #condition, (detail)))

// `input` cut at every occurrence of `separator` (which is dropped): at least one section.
std::vector<absl::string_view> SplitSections(absl::string_view input, absl::string_view separator);

// The message's wire format with map entries in key order, so equal messages give equal bytes.
std::string DeterministicBytes(const google::protobuf::Message& message);

// A file of the repository, e.g. SourcePath("data").
std::string SourcePath(absl::string_view relative);

// The repository's catalogs (i18n/catalogs), loaded once.
const Catalogs& RepositoryCatalogs();

// Checks that documents can show `measure`: its summary, a message with the milestones' dates as
// arguments, formats in every locale (a leaflet stops at the first that does not).
void CheckPrintable(const monitor::v1::Measure& measure);

// The in-memory store (domain/testing), for which a refused write is a bug in the domain: a write
// that breaks the MeasureStore contract fails the run instead of returning an error.
class MemoryStore : public MemoryMeasureStore {
 public:
  using MemoryMeasureStore::MemoryMeasureStore;
  absl::Status Commit(const Write& write) override;
};

}  // namespace werkmonitor::fuzz

#endif  // WERKMONITOR_FUZZ_FUZZ_SUPPORT_H_
