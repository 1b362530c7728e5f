#include "icu/message_syntax.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

std::vector<std::string> CheckTranslatedMessage(absl::string_view source, absl::string_view translation,
                                                absl::string_view locale) {
  auto braced = [](const std::set<std::string>& names) { return absl::StrCat("{", absl::StrJoin(names, ", "), "}"); };
  absl::StatusOr<MessageShape> shape = AnalyzeMessage(translation);
  if (!shape.ok()) return {std::string(shape.status().message())};
  std::vector<std::string> problems;
  absl::StatusOr<MessageShape> dutch = AnalyzeMessage(source);
  if (dutch.ok() && dutch->arguments != shape->arguments) {
    problems.push_back(
        absl::StrCat("arguments ", braced(shape->arguments), " differ from the Dutch ", braced(dutch->arguments)));
  }
  std::set<std::string> required = PluralCategories(locale);
  required.insert("other");
  for (const PluralUse& plural : shape->plurals) {
    std::set<std::string> missing;
    for (const std::string& category : required) {
      if (!plural.selectors.count(category)) missing.insert(category);
    }
    if (!missing.empty()) {
      problems.push_back(absl::StrCat("plural {", plural.argument, "} lacks ", absl::StrJoin(missing, ", "), " (",
                                      locale, " needs ", absl::StrJoin(required, ", "), ")"));
    }
  }
  return problems;
}

namespace {

// Cuts a parsed pattern into pieces, walking its parts. Offsets are UTF-16 indices into `text`.
class Splitter {
 public:
  Splitter(const icu::MessagePattern& pattern, const icu::UnicodeString& text) : pattern_(pattern), text_(text) {}

  std::vector<MessagePiece> Split() {
    Message(0);
    return std::move(pieces_);
  }

 private:
  // The (sub-)message whose MSG_START is part `start`, from after its "{": text, and its
  // placeholders, '#' and nested plurals as codes. Returns the index of its MSG_LIMIT.
  int Message(int start) {
    const int limit = pattern_.getLimitPartIndex(start);
    for (int i = start + 1; i < limit; ++i) {
      const icu::MessagePattern::Part& part = pattern_.getPart(i);
      if (part.getType() == UMSGPAT_PART_TYPE_REPLACE_NUMBER) {
        Mark(part.getIndex(), /*code=*/false);
        Mark(part.getLimit(), /*code=*/true);
      } else if (part.getType() == UMSGPAT_PART_TYPE_ARG_START) {
        Mark(part.getIndex(), /*code=*/false);
        i = Argument(i);
      }
    }
    Mark(pattern_.getPart(limit).getIndex(), /*code=*/false);
    return limit;
  }

  // An argument from its ARG_START, part `start`: one code when simple; otherwise its frame up to
  // each sub-message's "{" ("{n, plural, one {", "} other {") and after the last ("}}") as codes
  // around the sub-messages. Returns the index of its ARG_LIMIT.
  int Argument(int start) {
    const int limit = pattern_.getLimitPartIndex(start);
    for (int i = start + 1; i < limit; ++i) {
      if (pattern_.getPart(i).getType() != UMSGPAT_PART_TYPE_MSG_START) continue;
      Mark(pattern_.getPart(i).getLimit(), /*code=*/true);
      i = Message(i);
    }
    Mark(pattern_.getPart(limit).getLimit(), /*code=*/true);
    return limit;
  }

  // The text from the last mark up to `index` is a piece: a code of its own, or text.
  void Mark(int index, bool code) {
    if (index <= from_) return;
    std::string text = ToUtf8(text_.tempSubStringBetween(from_, index));
    from_ = index;
    if (!code && !pieces_.empty() && !pieces_.back().code) {
      pieces_.back().text += text;
    } else {
      pieces_.push_back({code, std::move(text)});
    }
  }

  const icu::MessagePattern& pattern_;
  const icu::UnicodeString& text_;
  int from_ = 0;
  std::vector<MessagePiece> pieces_;
};

}  // namespace

absl::StatusOr<std::vector<MessagePiece>> SplitMessage(absl::string_view pattern) {
  if (absl::Status s = AnalyzeMessage(pattern).status(); !s.ok()) return s;
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString text = ToUnicode(pattern);
  icu::MessagePattern parsed(text, nullptr, status);
  if (U_FAILURE(status)) return icu_util::IcuError("MessagePattern", status);
  return Splitter(parsed, text).Split();
}

}  // namespace werkmonitor
