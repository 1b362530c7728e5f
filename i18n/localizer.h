// Everything a document needs to speak one locale: catalog messages formatted with ICU
// MessageFormat (plurals, dates, numbers per CLDR), dates at the precision the source gave, euro
// amounts, locale-aware sorting, and the choice between a translation and its Dutch source.
// ICU stays inside: callers pass and get UTF-8 strings.
//
//   absl::StatusOr<Localizer> pl = Localizer::Create(catalogs, "pl");
//   pl->Message("count.measures", MessageArgs().Number("count", 22))->text;  // "22 działania"
//   pl->Date(milestone.date());                                              // "początek 2026 r."
//   Localized title = pl->Text(measure.title());  // Dutch, with fell_back, when not (freshly) translated
//
// ICU's formatters are cached per thread behind the scenes, so a Localizer is cheap to make and may
// be used from any thread.
#ifndef WERKMONITOR_I18N_LOCALIZER_H_
#define WERKMONITOR_I18N_LOCALIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "i18n/catalogs.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// Named arguments of a message.
class MessageArgs {
 public:
  MessageArgs& Number(absl::string_view name, int64_t value);
  MessageArgs& Text(absl::string_view name, absl::string_view value);
  MessageArgs& Date(absl::string_view name, absl::CivilDay day);

  struct Arg {
    std::string name;
    std::variant<int64_t, std::string, absl::CivilDay> value;
  };
  const std::vector<Arg>& args() const { return args_; }

 private:
  std::vector<Arg> args_;
};

// A text for the reader. `fell_back`: it is the Dutch text, because the locale has no (current)
// translation; documents then show the localized "untranslated" notice.
struct Localized {
  std::string text;
  bool fell_back = false;
};

struct LocalizedBodyRef {
  const monitor::v1::Body* body;
  bool fell_back = false;
};

class Localizer {
 public:
  // INVALID_ARGUMENT listing the supported locales for an unknown one. `catalogs` must outlive the
  // Localizer.
  [[nodiscard]] static absl::StatusOr<Localizer> Create(const Catalogs& catalogs, absl::string_view locale);
  Localizer(Localizer&&) noexcept;
  Localizer& operator=(Localizer&&) noexcept;
  ~Localizer();

  const std::string& locale() const;
  // The term base of this locale (i18n/terms.h): the Dutch institutions its texts name, explained;
  // and the Dutch one, whose forms find them in a text shown in Dutch (fell_back).
  const TermBase& Terms() const;
  const TermBase& SourceTerms() const;

  // A catalog message. Falls back to the Dutch message (fell_back) when this locale lacks the key;
  // NOT_FOUND when no catalog has it; INVALID_ARGUMENT when the arguments do not fit the pattern.
  [[nodiscard]] absl::StatusOr<Localized> Message(absl::string_view key, const MessageArgs& args = MessageArgs());

  // A date at its precision: "1 januari 2027", "juni 2025", "begin 2026", "2026" (in this locale).
  [[nodiscard]] absl::StatusOr<std::string> Date(const monitor::v1::PartialDate& date);
  // "day", "month", "period" or "year": the select argument by which messages word a date.
  static std::string PrecisionName(const monitor::v1::PartialDate& date);
  // The state a snapshot reports and its name: "Stand van zaken per 1 juni 2026 · <label>" (the
  // catalog's document.snapshot_line), at the as-of date's precision; the label alone for a
  // snapshot without an as-of date (made before reporting rounds), never the day it was made.
  [[nodiscard]] absl::StatusOr<std::string> SnapshotLine(const monitor::v1::SnapshotInfo& info);
  // A day, in full: "1 stycznia 2027 r.".
  [[nodiscard]] absl::StatusOr<std::string> Day(absl::CivilDay day);
  std::string Integer(int64_t value);
  std::string Euros(double amount);

  // Where a line may break in `utf8` by this locale's line-break rules (UAX #14 with CLDR tailoring):
  // byte offsets after which a new line may start, ascending, ending with utf8.size(). `hard` marks
  // mandatory breaks (after a line feed).
  struct LineBreak {
    size_t offset;
    bool hard;
  };
  std::vector<LineBreak> LineBreaks(absl::string_view utf8);

  // Collation order of this locale: negative, zero or positive like strcmp.
  int Compare(absl::string_view a, absl::string_view b);
  void Sort(std::vector<std::string>& texts);

  // The text to show for a data text: its current translation, or the Dutch source (fell_back).
  Localized Text(const monitor::v1::LocalizedText& text) const;
  LocalizedBodyRef Body(const monitor::v1::LocalizedBody& body) const;
  // A measure's plain-language summary with its milestone arguments filled in as dates, in the
  // language of the text shown (Dutch dates in a Dutch fallback).
  [[nodiscard]] absl::StatusOr<Localized> Summary(const monitor::v1::Measure& measure);

 private:
  struct Impl;
  explicit Localizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_LOCALIZER_H_
