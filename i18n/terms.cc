#include "i18n/terms.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "icu/icu_util.h"
#include <unicode/regex.h>

namespace werkmonitor {

using icu_util::ToUnicode;
using icu_util::ToUtf8;

// All forms of all terms in one pattern, each form a capturing group, so that a text is searched
// once, not once per form: (?<!\w)(?:(form)|(form)|...)(?!\w). An alternation takes the first
// alternative that matches, so the forms are ordered longest first: at any place the longest form
// wins ("numer BSN" before "BSN").
struct TermBase::Compiled {
  std::unique_ptr<icu::RegexPattern> pattern;  // null without terms
  std::vector<int> term_of_group;              // group number - 1 -> index in terms_
};

namespace {

// A word's letters: "*" may stand for these, and a form must not be glued to them.
constexpr char kWordChar[] = "[\\p{L}\\p{M}\\p{N}]";

// The regular expression of one form: literal text, "*" as a word ending, any run of spaces as
// one or more spaces (a line of a catalog may wrap), straight and typographic apostrophes alike.
std::string FormPattern(const icu::UnicodeString& form) {
  icu::UnicodeString pattern;
  bool in_space = false;
  for (int32_t i = 0; i < form.length(); i = form.moveIndex32(i, 1)) {
    const UChar32 c = form.char32At(i);
    if (u_isUWhiteSpace(c)) {
      if (!in_space) pattern.append(u"\\s+");
      in_space = true;
      continue;
    }
    in_space = false;
    if (c == '*') {
      pattern.append(u"[\\p{L}\\p{M}\\-]*");
    } else if (c == '\'' || c == 0x2019) {
      pattern.append(u"['\u2019]");
    } else if (u_isalnum(c)) {
      pattern.append(c);
    } else {
      pattern.append(u'\\').append(c);
    }
  }
  return ToUtf8(pattern);
}

}  // namespace

TermBase::TermBase() : compiled_(std::make_shared<Compiled>()) {}

absl::StatusOr<TermBase> TermBase::Create(absl::string_view locale,
                                          const google::protobuf::RepeatedPtrField<i18n::v1::Term>& terms,
                                          absl::string_view file) {
  TermBase base;
  base.locale_ = std::string(locale);
  auto compiled = std::make_shared<Compiled>();
  struct Form {
    icu::UnicodeString text;
    int term;
  };
  std::vector<Form> forms;
  std::set<std::string> ids;
  for (const i18n::v1::Term& term : terms) {
    const std::string where = absl::StrCat(file, ":terms[", term.id(), "]");
    if (term.id().empty()) return absl::InvalidArgumentError(absl::StrCat(file, ":terms: a term has no id"));
    if (!ids.insert(term.id()).second) return absl::InvalidArgumentError(absl::StrCat(where, ": the id appears twice"));
    if (term.name().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ".name: empty"));
    if (term.forms().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ".forms: none"));
    for (const std::string& form : term.forms()) {
      const icu::UnicodeString text = ToUnicode(form).trim();
      if (text.isEmpty() || text == icu::UnicodeString(u"*")) {
        return absl::InvalidArgumentError(absl::StrCat(where, ".forms: \"", form, "\" matches any word"));
      }
      forms.push_back({text, static_cast<int>(base.terms_.size())});
    }
    base.terms_.push_back(term);
  }
  if (!forms.empty()) {
    std::stable_sort(forms.begin(), forms.end(),
                     [](const Form& a, const Form& b) { return a.text.length() > b.text.length(); });
    std::vector<std::string> alternatives;
    for (const Form& form : forms) {
      alternatives.push_back(absl::StrCat("(", FormPattern(form.text), ")"));
      compiled->term_of_group.push_back(form.term);
    }
    const std::string pattern = absl::StrCat("(?<!", kWordChar, ")(?:", absl::StrJoin(alternatives, "|"), ")(?!",
                                             kWordChar, ")");
    UParseError parse_error{};
    UErrorCode status = U_ZERO_ERROR;
    compiled->pattern.reset(
        icu::RegexPattern::compile(ToUnicode(pattern), UREGEX_CASE_INSENSITIVE, parse_error, status));
    if (U_FAILURE(status)) {
      return absl::InvalidArgumentError(absl::StrCat(file, ":terms: the forms do not make a pattern (",
                                                     u_errorName(status), " at offset ", parse_error.offset, ")"));
    }
  }
  base.compiled_ = std::move(compiled);
  return base;
}

std::vector<TermBase::Occurrence> TermBase::Find(absl::string_view text) const {
  std::vector<Occurrence> found;
  if (compiled_->pattern == nullptr) return found;
  const icu::UnicodeString unicode = ToUnicode(text);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> matcher(compiled_->pattern->matcher(unicode, status));
  if (U_FAILURE(status)) return found;
  while (matcher->find(status) && U_SUCCESS(status)) {
    for (int32_t group = 1; group <= matcher->groupCount(); ++group) {
      if (matcher->start(group, status) < 0) continue;
      found.push_back({&terms_[compiled_->term_of_group[group - 1]], matcher->start(status), matcher->end(status)});
      break;
    }
  }
  return found;
}

std::vector<const i18n::v1::Term*> TermBase::TermsIn(const std::vector<std::string>& texts) const {
  std::vector<const i18n::v1::Term*> named;
  for (const std::string& text : texts) {
    for (const Occurrence& o : Find(text)) {
      if (std::find(named.begin(), named.end(), o.term) == named.end()) named.push_back(o.term);
    }
  }
  return named;
}

const i18n::v1::Term* TermBase::Get(absl::string_view id) const {
  for (const i18n::v1::Term& term : terms_) {
    if (term.id() == id) return &term;
  }
  return nullptr;
}

std::vector<std::string> CheckTermUse(const TermBase& dutch, const TermBase& translated, absl::string_view source,
                                      absl::string_view translation) {
  std::vector<std::string> problems;
  const std::vector<TermBase::Occurrence> approved = translated.Find(translation);
  auto has_approved = [&](const std::string& id) {
    return std::any_of(approved.begin(), approved.end(), [&](const auto& o) { return o.term->id() == id; });
  };
  auto forms_of = [&](const std::string& id) {
    const i18n::v1::Term* term = translated.Get(id);
    return term == nullptr ? std::string("none: the term is missing from the catalog")
                           : absl::StrCat("\"", absl::StrJoin(term->forms(), "\", \""), "\"");
  };
  std::set<std::string> reported;
  for (const TermBase::Occurrence& named : dutch.Find(source)) {
    if (has_approved(named.term->id()) || !reported.insert(named.term->id()).second) continue;
    problems.push_back(absl::StrCat("the Dutch names ", named.term->id(), " but the text has none of its approved forms (",
                                    forms_of(named.term->id()), ")"));
  }
  const icu::UnicodeString unicode = ToUnicode(translation);
  for (const TermBase::Occurrence& dutch_form : dutch.Find(translation)) {
    const bool inside = std::any_of(approved.begin(), approved.end(), [&](const auto& o) {
      return o.term->id() == dutch_form.term->id() && o.begin <= dutch_form.begin && dutch_form.end <= o.end;
    });
    if (inside) continue;
    icu::UnicodeString word;
    unicode.extractBetween(dutch_form.begin, dutch_form.end, word);
    problems.push_back(absl::StrCat("\"", ToUtf8(word), "\" (", dutch_form.term->id(),
                                    ") stands without its approved rendering (", forms_of(dutch_form.term->id()), ")"));
  }
  return problems;
}

}  // namespace werkmonitor
