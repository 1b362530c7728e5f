#include "icu/message_syntax.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "icu/icu_util.h"
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>

namespace werkmonitor {

using icu_util::ToUnicode;
using icu_util::ToUtf8;

absl::StatusOr<MessageShape> AnalyzeMessage(absl::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where{};
  icu::MessagePattern pattern(ToUnicode(text), &where, status);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(absl::StrCat("not an ICU MessageFormat pattern (", u_errorName(status), " at ",
                                                   where.line + 1, ":", where.offset + 1, ")"));
  }
  MessageShape shape;
  const int count = pattern.countParts();
  for (int i = 0; i < count; ++i) {
    const icu::MessagePattern::Part& part = pattern.getPart(i);
    if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME) {
      shape.arguments.insert(ToUtf8(pattern.getSubstring(part)));
    }
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_START || part.getArgType() != UMSGPAT_ARG_TYPE_PLURAL) continue;
    // ARG_START, ARG_NAME, [offset], then (ARG_SELECTOR, MSG_START ... MSG_LIMIT)* up to ARG_LIMIT.
    PluralUse use;
    use.argument = ToUtf8(pattern.getSubstring(pattern.getPart(i + 1)));
    const int limit = pattern.getLimitPartIndex(i);
    for (int k = i + 2; k < limit; ++k) {
      const icu::MessagePattern::Part& inner = pattern.getPart(k);
      if (inner.getType() == UMSGPAT_PART_TYPE_ARG_SELECTOR) {
        use.selectors.insert(ToUtf8(pattern.getSubstring(inner)));
      } else if (inner.getType() == UMSGPAT_PART_TYPE_MSG_START) {
        k = pattern.getLimitPartIndex(k);  // skip the sub-message; nested plurals are found by the outer loop
      }
    }
    shape.plurals.push_back(std::move(use));
  }
  return shape;
}

absl::Status CheckFormatsWithTexts(absl::string_view pattern, absl::string_view locale,
                                   const std::set<std::string>& arguments) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where{};
  icu::MessageFormat format(ToUnicode(pattern), icu_util::IcuLocale(locale), where, status);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not valid ICU MessageFormat (", u_errorName(status), " at offset ", where.offset + 1, ")"));
  }
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  for (const std::string& name : arguments) {
    names.push_back(ToUnicode(name));
    values.emplace_back(ToUnicode(name));
  }
  icu::UnicodeString result;
  format.format(names.data(), values.data(), static_cast<int32_t>(values.size()), result, status);
  if (U_FAILURE(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("does not format with its arguments as texts (", u_errorName(status), ")"));
  }
  return absl::OkStatus();
}

std::set<std::string> PluralCategories(absl::string_view locale) {
  std::set<std::string> categories;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(icu_util::IcuLocale(locale), status));
  if (U_FAILURE(status)) return categories;
  std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(status));
  if (U_FAILURE(status)) return categories;
  while (const icu::UnicodeString* keyword = keywords->snext(status)) categories.insert(ToUtf8(*keyword));
  return categories;
}

}  // namespace werkmonitor
