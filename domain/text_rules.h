// Checks for the texts that people type: valid UTF-8, no control characters, not empty where
// required, not longer than a limit counted in characters (code points). Errors name the field:
//
//   CheckText("measure.title.nl", title, kTitleRule)
//     -> INVALID_ARGUMENT "measure.title.nl: longer than 300 characters (412)"
#ifndef WERKMONITOR_DOMAIN_TEXT_RULES_H_
#define WERKMONITOR_DOMAIN_TEXT_RULES_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

struct TextRule {
  size_t max_chars;
  bool required;   // empty (or only whitespace) is an error
  bool multiline;  // line breaks allowed
};

inline constexpr TextRule kTitleRule{300, /*required=*/true, /*multiline=*/false};
inline constexpr TextRule kLabelRule{200, /*required=*/true, /*multiline=*/false};
inline constexpr TextRule kNoteRule{2000, /*required=*/false, /*multiline=*/true};
inline constexpr TextRule kParagraphRule{20000, /*required=*/true, /*multiline=*/true};
inline constexpr TextRule kSummaryRule{2000, /*required=*/false, /*multiline=*/true};
inline constexpr TextRule kIdRule{100, /*required=*/true, /*multiline=*/false};

// Number of code points in valid UTF-8, or -1 when `text` is not valid UTF-8 (overlong forms,
// surrogates and values above U+10FFFF are invalid).
[[nodiscard]] long Utf8Length(absl::string_view text);

[[nodiscard]] absl::Status CheckText(absl::string_view field, absl::string_view text, const TextRule& rule);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_TEXT_RULES_H_
