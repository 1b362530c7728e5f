// What an ICU MessageFormat pattern asks for: its argument names and, for each plural argument,
// the categories it covers; and whether it formats. Used to check catalogs, translations and the
// summaries the domain stores.
//
//   absl::StatusOr<MessageShape> shape = AnalyzeMessage("{count, plural, one {# maatregel} other {...}}");
//   shape->arguments == {"count"}; shape->plurals[0].selectors == {"one", "other"}
#ifndef WERKMONITOR_ICU_MESSAGE_SYNTAX_H_
#define WERKMONITOR_ICU_MESSAGE_SYNTAX_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

struct PluralUse {
  std::string argument;
  std::set<std::string> selectors;  // "one", "few", "other", "=0", ...
};

struct MessageShape {
  std::set<std::string> arguments;
  std::vector<PluralUse> plurals;
};

// INVALID_ARGUMENT with ICU's reason and the position (line:column, 1-based) on a syntax error.
[[nodiscard]] absl::StatusOr<MessageShape> AnalyzeMessage(absl::string_view pattern);

// Whether `pattern` formats in `locale` when each of `arguments` is given a text, as documents
// format a measure's summary with its milestones' dates: OK, or INVALID_ARGUMENT with ICU's reason
// (a syntax error, or an argument used as a number or date).
[[nodiscard]] absl::Status CheckFormatsWithTexts(absl::string_view pattern, absl::string_view locale,
                                                 const std::set<std::string>& arguments);

// The plural categories CLDR defines for `locale` (e.g. pl: few, many, one, other).
std::set<std::string> PluralCategories(absl::string_view locale);

// What keeps `translation` from standing in for the Dutch message `source` in `locale`, one reason
// each: not ICU MessageFormat, argument names other than the source's, a plural without every
// category CLDR defines for the locale (and `other`). Empty when it may. The one check of a
// translated message, for the catalogs' linter and for translations imported from translators.
std::vector<std::string> CheckTranslatedMessage(absl::string_view source, absl::string_view translation,
                                                absl::string_view locale);

// A pattern cut into the words a translator translates and the syntax they must keep, so that a
// translation file can show that syntax as protected inline codes:
//   "Vanaf {start} # {n, plural, one {# dag} other {# dagen}}"
//   -> text "Vanaf ", code "{start}", text " # ", code "{n, plural, one {", code "#", text " dag",
//      code "} other {", code "#", text " dagen", code "}}"
// Codes are whole placeholders ("{start}", "{date, date, ::dMMMMy}"), a plural's '#', and the frame
// of a plural or select around its sub-messages, whose words are text again; each is a piece of its
// own, so a translator can move it. Every piece is the pattern's own bytes (ICU quoting included),
// so joining them gives the pattern back exactly.
struct MessagePiece {
  bool code = false;
  std::string text;
};
// INVALID_ARGUMENT as AnalyzeMessage when `pattern` is not ICU MessageFormat.
[[nodiscard]] absl::StatusOr<std::vector<MessagePiece>> SplitMessage(absl::string_view pattern);

}  // namespace werkmonitor

#endif  // WERKMONITOR_ICU_MESSAGE_SYNTAX_H_
