#include "domain/text_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/utf8.h"

namespace werkmonitor {

long Utf8Length(absl::string_view text) {
  long count = 0;
  Utf8Decoder decoder(text);
  for (; !decoder.done(); ++count) decoder.Next();
  return decoder.failed() ? -1 : count;
}

absl::Status CheckText(absl::string_view field, absl::string_view text, const TextRule& rule) {
  const long length = Utf8Length(text);
  if (length < 0) return absl::InvalidArgumentError(absl::StrCat(field, ": not valid UTF-8"));
  if (rule.required && absl::StripAsciiWhitespace(text).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must not be empty"));
  }
  if (static_cast<size_t>(length) > rule.max_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than ", rule.max_chars, " characters (", length, ")"));
  }
  for (const char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    const bool line_break = c == '\n' || c == '\r';
    if ((u < 0x20 && c != '\t' && !line_break) || u == 0x7F || (line_break && !rule.multiline)) {
      return absl::InvalidArgumentError(absl::StrFormat("%s: contains control character U+%04X", field, u));
    }
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor
