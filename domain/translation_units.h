// The data's texts as units that translators translate, and the checks a translated unit passes
// before it is stored. Translation files (XLIFF, i18n/xliff.h) carry the units: monitorctl exports
// the missing and stale ones of a locale, and Monitor::ImportTranslations applies translated ones.
//
//   for (const TranslationUnit& unit : DataTranslationUnits(data, "hu"))
//     if (unit.state == TranslationState::kStale) ...            // made from an earlier Dutch text
//   std::vector<UnitVerdict> verdicts = CheckUnits(DataTranslationUnits(data, "hu"), "hu", incoming);
//
// A unit's id names its text: "theme.<id>.title", "theme.<id>.introduction", "measure.<id>.title",
// "measure.<id>.summary", "milestone.<measure id>.<milestone id>.label", "department.<code>.name".
// Measure bodies are not units: documents print the official Dutch text (with a notice) instead.
#ifndef WERKMONITOR_DOMAIN_TRANSLATION_UNITS_H_
#define WERKMONITOR_DOMAIN_TRANSLATION_UNITS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "domain/text_rules.h"
#include "domain/translation_state.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

enum class UnitKind {
  kThemeTitle,
  kThemeIntroduction,
  kMeasureTitle,
  kMeasureSummary,
  kMilestoneLabel,
  kDepartmentName,
  kCatalogMessage,  // a user-interface message of i18n/catalogs
};

// What a kind of text is, for the translator's note, and the rule each of its segments follows.
struct UnitKindInfo {
  UnitKind kind;
  absl::string_view what;      // "measure summary"
  absl::string_view guidance;  // what the translator should know, or ""
  TextRule rule;               // per segment; max_chars is the length limit the note states
  bool message_format;         // an ICU MessageFormat pattern: its placeholders are kept as they are
};
const UnitKindInfo& InfoOf(UnitKind kind);

// A term of the term base that a unit's Dutch names, as a translator's glossary shows it: the
// translator sees which rendering is approved, and what the term means, beside the text. Filled by
// whoever knows the term base (i18n/terms.h); translation files carry it out, never back in.
struct GlossaryEntry {
  std::string id;                         // the term's, e.g. "bsn"
  std::string term;                       // as the Dutch catalog names it: "BSN (burgerservicenummer)"
  std::vector<std::string> translations;  // the approved renderings in the unit's locale, the name first
  std::string definition;                 // what the term means, in the unit's locale; may be ""
};

// One text in one locale.
struct TranslationUnit {
  std::string id;
  UnitKind kind = UnitKind::kMeasureTitle;
  // The Dutch, as segments: one for a short text; one per block text or list item, in order, for a
  // structured text (a theme's introduction), whose translation keeps the Dutch structure.
  std::vector<std::string> source;
  std::string source_fingerprint;  // of the Dutch text (domain/fingerprint.h)
  // The translation as segments; empty when there is none.
  std::vector<std::string> target;
  // Of the stored translation (for units read from the data).
  TranslationState state = TranslationState::kMissing;
  // What else the translator should know about this text (a catalog message's note), or "".
  std::string context;
  // The terms the Dutch names, in order of first appearance; for translation files only.
  std::vector<GlossaryEntry> glossary;
};

// The translator's note of `unit`: what it is, the guidance, its context and its length limit.
std::string NoteOf(const TranslationUnit& unit);

// Every translatable text of `data` in `locale`, with its Dutch, its stored translation and that
// translation's state: themes (title, introduction), measures in document order (title, summary,
// milestone labels), departments (name). Texts whose Dutch is empty are left out.
std::vector<TranslationUnit> DataTranslationUnits(const monitor::v1::DataSet& data, absl::string_view locale);

struct UnitVerdict {
  enum Outcome { kApply, kUnchanged, kRefused };
  Outcome outcome = kRefused;
  std::string reason;  // kRefused: why, e.g. "stale: made from Dutch 83d3…, the Dutch is now 07fe…"
  bool stale = false;  // refused only because the Dutch changed since the unit was made
};

// Checks each of `incoming` (id, target segments, source_fingerprint) against the unit of the same
// id among `current` (what the data holds now): the id names a text, it appears once, it was made
// from the current Dutch (otherwise stale), it has the Dutch's number of segments, each segment
// follows its kind's rule (UTF-8, no control characters, not empty, the length limit), and a
// message keeps the Dutch's arguments, is ICU MessageFormat with every plural category of the
// locale, and formats wherever the Dutch does (a summary with its milestones' dates as texts).
// A valid unit whose translation is stored already, made from the same Dutch, is kUnchanged.
std::vector<UnitVerdict> CheckUnits(absl::Span<const TranslationUnit> current, absl::string_view locale,
                                    absl::Span<const TranslationUnit> incoming);

// What ApplyUnits changed.
struct AppliedTexts {
  std::set<std::string> themes;       // ids
  std::set<std::string> measures;     // ids
  std::set<std::string> departments;  // codes
};

// Stores each unit's target as the translation into `locale` of the text its id names, with its
// source_fingerprint; a structured text takes the Dutch structure with the target's segments.
// The units must have passed CheckUnits against `data`: INVALID_ARGUMENT naming the unit otherwise.
[[nodiscard]] absl::Status ApplyUnits(monitor::v1::DataSet& data, absl::string_view locale,
                                      absl::Span<const TranslationUnit> units, AppliedTexts& applied);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_TRANSLATION_UNITS_H_
