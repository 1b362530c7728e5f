// Fuzz target: translation files as translators' tools send them back (i18n/xliff.h) and the checks
// an import makes. An input is an XLIFF file. Invariants:
// - ReadXliff gives a result or INVALID_ARGUMENT, whatever the bytes (a DOCTYPE is refused, no
//   entity is expanded, nothing is fetched);
// - a unit that could not be read is not translated, and a translated one has a target per segment;
// - what was read, written again and read back, gives the same units (ids, fingerprints, sources,
//   targets) when its texts are ones the data may hold (CheckText: UTF-8, no control characters);
// - checking the units for an import against themselves (CheckXliffUnits, with the catalog's
//   messages' rules: ICU syntax, plurals of the locale) never fails but by refusing.
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/locales.h"
#include "domain/text_rules.h"
#include "fuzz/fuzz_support.h"
#include "i18n/xliff.h"

namespace werkmonitor::fuzz {
namespace {

bool StorableTexts(const TranslationUnit& unit) {
  for (const auto* segments : {&unit.source, &unit.target}) {
    for (const std::string& segment : *segments) {
      if (!CheckText("segment", segment, TextRule{1 << 20, false, true}).ok()) return false;
    }
  }
  return CheckText("id", unit.id, kIdRule).ok() && CheckText("fingerprint", unit.source_fingerprint, kIdRule).ok();
}

}  // namespace
}  // namespace werkmonitor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace werkmonitor;
  using namespace werkmonitor::fuzz;
  absl::StatusOr<XliffRead> read = ReadXliff(absl::string_view(reinterpret_cast<const char*>(bytes), size));
  if (!read.ok()) {
    FUZZ_CHECK(read.status().code() == absl::StatusCode::kInvalidArgument, read.status().ToString());
    return 0;
  }
  XliffDocument document{.file_id = read->file_id, .target_locale = read->target_locale, .units = {}};
  bool storable =
      CheckText("file", read->file_id, kIdRule).ok() && CheckText("lang", read->target_locale, kIdRule).ok();
  for (const XliffUnit& unit : read->units) {
    FUZZ_CHECK(unit.problem.empty() || !unit.translated, absl::StrCat(unit.unit.id, ": ", unit.problem));
    FUZZ_CHECK(!unit.translated || unit.unit.target.size() == unit.unit.source.size(), unit.unit.id);
    TranslationUnit& written = document.units.emplace_back(unit.unit);
    written.kind = UnitKind::kMeasureTitle;  // plain text: written back as it was read
    written.state = unit.translated ? TranslationState::kCurrent : TranslationState::kMissing;
    storable = storable && unit.problem.empty() && StorableTexts(unit.unit);
  }
  if (storable && !document.units.empty()) {
    absl::StatusOr<std::string> again = WriteXliff(document);
    FUZZ_CHECK(again.ok(), again.status().ToString());
    absl::StatusOr<XliffRead> reread = ReadXliff(*again);
    FUZZ_CHECK(reread.ok(), reread.status().ToString());
    FUZZ_CHECK(reread->units.size() == read->units.size(), "units lost");
    for (size_t i = 0; i < read->units.size(); ++i) {
      const TranslationUnit& before = read->units[i].unit;
      const TranslationUnit& after = reread->units[i].unit;
      FUZZ_CHECK(after.id == before.id && after.source_fingerprint == before.source_fingerprint &&
                     after.source == before.source && after.target == before.target,
                 absl::StrCat("unit ", before.id, " changed on the way back"));
    }
  }
  if (CheckLocale(read->target_locale).ok()) {
    std::vector<TranslationUnit> current;
    for (const XliffUnit& unit : read->units) {
      TranslationUnit& now = current.emplace_back(unit.unit);
      now.kind = UnitKind::kCatalogMessage;
    }
    const XliffImport checked = CheckXliffUnits(*read, current);
    FUZZ_CHECK(checked.verdicts.size() == checked.translated.size(), "a verdict per translated unit");
  }
  return 0;
}
