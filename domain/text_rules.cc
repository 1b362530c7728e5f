#include "domain/text_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace werkmonitor {

long Utf8Length(absl::string_view text) {
  long count = 0;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length;
    char32_t code_point;
    if (lead < 0x80) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return -1;
    }
    if (i + length > text.size()) return -1;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return -1;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinForLength[length] || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return -1;
    }
    i += length;
    ++count;
  }
  return count;
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
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: contains control character U+%04X", field, u));
    }
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor
