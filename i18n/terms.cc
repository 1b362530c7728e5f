#include "i18n/terms.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "icu/icu_util.h"
#include <unicode/uchar.h>

namespace werkmonitor {

namespace {

// A form as a sequence of elements, matched against case-folded code points without backtracking:
// a "*" may only end a word, so what follows it is never something it could have eaten. (An ICU
// regular expression of all forms took a second to compile, ignoring case, and dominated the
// leaflet's rendering time.)
enum class Kind { kChar, kSpace, kApostrophe, kWordEnding };
struct Element {
  Kind kind;
  char32_t c = 0;  // kChar: case-folded
};
struct Form {
  std::vector<Element> elements;
  size_t term;  // index in TermBase::terms_
};

}  // namespace

struct TermBase::Compiled {
  std::map<char32_t, std::vector<Form>> by_first;  // by the form's first (folded) character
};

namespace {

bool IsWordChar(char32_t c) {
  return u_isalnum(static_cast<UChar32>(c)) || (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0;
}
bool IsEndingChar(char32_t c) {  // what "*" stands for
  return u_isalpha(static_cast<UChar32>(c)) || (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0 || c == '-';
}
bool IsApostrophe(char32_t c) { return c == '\'' || c == U'\u2019'; }
bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }

// The code points of `text`, case-folded one for one (so that positions stay those of the text).
std::u32string Folded(absl::string_view text) {
  const icu::UnicodeString unicode = icu_util::ToUnicode(text);
  std::u32string folded;
  folded.reserve(unicode.length());
  for (int32_t i = 0; i < unicode.length(); i = unicode.moveIndex32(i, 1)) {
    folded.push_back(static_cast<char32_t>(u_foldCase(unicode.char32At(i), U_FOLD_CASE_DEFAULT)));
  }
  return folded;
}

std::string ToUtf8(const std::u32string& text, size_t begin, size_t end) {
  icu::UnicodeString unicode;
  for (size_t i = begin; i < end; ++i) unicode.append(static_cast<UChar32>(text[i]));
  return icu_util::ToUtf8(unicode);
}

// The elements of a form; an error says why it cannot be one.
absl::StatusOr<std::vector<Element>> Elements(const std::u32string& form) {
  std::vector<Element> elements;
  for (size_t i = 0; i < form.size(); ++i) {
    const char32_t c = form[i];
    if (IsSpace(c)) {
      if (elements.empty() || elements.back().kind != Kind::kSpace) elements.push_back({Kind::kSpace});
    } else if (c == '*') {
      if (i + 1 < form.size() && (IsEndingChar(form[i + 1]) || form[i + 1] == '*')) {
        return absl::InvalidArgumentError("a \"*\" must end a word");
      }
      elements.push_back({Kind::kWordEnding});
    } else if (IsApostrophe(c)) {
      elements.push_back({Kind::kApostrophe});
    } else {
      elements.push_back({Kind::kChar, c});
    }
  }
  while (!elements.empty() && elements.back().kind == Kind::kSpace) elements.pop_back();
  if (elements.empty() || elements.front().kind != Kind::kChar) {
    return absl::InvalidArgumentError("matches any word");
  }
  return elements;
}

// The end of `form` matched at `start` of `text`, or 0 when it does not match there.
size_t MatchAt(const Form& form, const std::u32string& text, size_t start) {
  size_t at = start;
  for (const Element& e : form.elements) {
    switch (e.kind) {
      case Kind::kChar:
        if (at == text.size() || text[at] != e.c) return 0;
        ++at;
        break;
      case Kind::kApostrophe:
        if (at == text.size() || !IsApostrophe(text[at])) return 0;
        ++at;
        break;
      case Kind::kSpace:
        if (at == text.size() || !IsSpace(text[at])) return 0;
        while (at < text.size() && IsSpace(text[at])) ++at;
        break;
      case Kind::kWordEnding:
        while (at < text.size() && IsEndingChar(text[at])) ++at;
        break;
    }
  }
  // A whole word: not glued to the letters or digits that follow.
  return at < text.size() && IsWordChar(text[at]) ? 0 : at;
}

}  // namespace

TermBase::TermBase() : compiled_(std::make_shared<Compiled>()) {}

absl::StatusOr<TermBase> TermBase::Create(absl::string_view locale,
                                          const google::protobuf::RepeatedPtrField<i18n::v1::Term>& terms,
                                          absl::string_view file) {
  TermBase base;
  base.locale_ = std::string(locale);
  auto compiled = std::make_shared<Compiled>();
  std::set<std::string> ids;
  for (const i18n::v1::Term& term : terms) {
    const std::string where = absl::StrCat(file, ":terms[", term.id(), "]");
    if (term.id().empty()) return absl::InvalidArgumentError(absl::StrCat(file, ":terms: a term has no id"));
    if (!ids.insert(term.id()).second) return absl::InvalidArgumentError(absl::StrCat(where, ": the id appears twice"));
    if (term.name().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ".name: empty"));
    if (term.forms().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ".forms: none"));
    for (const std::string& form : term.forms()) {
      absl::StatusOr<std::vector<Element>> elements = Elements(Folded(form));
      if (!elements.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ".forms: \"", form, "\" ", elements.status().message()));
      }
      compiled->by_first[elements->front().c].push_back({*std::move(elements), base.terms_.size()});
    }
    base.terms_.push_back(term);
  }
  base.compiled_ = std::move(compiled);
  return base;
}

std::vector<TermBase::Occurrence> TermBase::Find(absl::string_view text) const {
  std::vector<Occurrence> found;
  if (compiled_->by_first.empty()) return found;
  const std::u32string folded = Folded(text);
  for (size_t start = 0; start < folded.size();) {
    auto candidates = compiled_->by_first.find(folded[start]);
    if ((start > 0 && IsWordChar(folded[start - 1])) || candidates == compiled_->by_first.end()) {
      ++start;
      continue;
    }
    // The longest form that matches here; the first listed of equally long ones.
    size_t end = 0;
    const Form* longest = nullptr;
    for (const Form& form : candidates->second) {
      const size_t form_end = MatchAt(form, folded, start);
      if (form_end > end) {
        end = form_end;
        longest = &form;
      }
    }
    if (longest == nullptr) {
      ++start;
      continue;
    }
    found.push_back({&terms_[longest->term], start, end});
    start = end;
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
  std::u32string code_points;  // for quoting what was found, in its own case
  const icu::UnicodeString unicode = icu_util::ToUnicode(translation);
  for (int32_t i = 0; i < unicode.length(); i = unicode.moveIndex32(i, 1)) code_points.push_back(unicode.char32At(i));
  for (const TermBase::Occurrence& dutch_form : dutch.Find(translation)) {
    const bool inside = std::any_of(approved.begin(), approved.end(), [&](const auto& o) {
      return o.term->id() == dutch_form.term->id() && o.begin <= dutch_form.begin && dutch_form.end <= o.end;
    });
    if (inside) continue;
    problems.push_back(absl::StrCat("\"", ToUtf8(code_points, dutch_form.begin, dutch_form.end), "\" (",
                                    dutch_form.term->id(), ") stands without its approved rendering (",
                                    forms_of(dutch_form.term->id()), ")"));
  }
  return problems;
}

std::vector<GlossaryEntry> GlossaryOf(const TermBase& dutch, const TermBase& translated,
                                      const std::vector<std::string>& source) {
  std::vector<GlossaryEntry> glossary;
  for (const i18n::v1::Term* named : dutch.TermsIn(source)) {
    const i18n::v1::Term* own = translated.Get(named->id());
    if (own == nullptr) continue;
    GlossaryEntry& entry = glossary.emplace_back();
    entry.id = named->id();
    entry.term = named->name();
    entry.translations.push_back(own->name());
    for (const std::string& form : own->forms()) {
      if (form != own->name()) entry.translations.push_back(form);
    }
    entry.definition = own->explanation();
  }
  return glossary;
}

std::vector<std::pair<std::string, std::string>> CheckUnitTerms(const TermBase& dutch, const TermBase& translated,
                                                                absl::Span<const TranslationUnit> current,
                                                                absl::Span<const TranslationUnit> incoming) {
  std::map<std::string, const TranslationUnit*> by_id;
  for (const TranslationUnit& unit : current) by_id.emplace(unit.id, &unit);
  std::vector<std::pair<std::string, std::string>> refused;
  for (const TranslationUnit& unit : incoming) {
    auto found = by_id.find(unit.id);
    if (found == by_id.end() || found->second->source_fingerprint != unit.source_fingerprint) continue;
    std::vector<std::string> problems =
        CheckTermUse(dutch, translated, absl::StrJoin(found->second->source, "\n"), absl::StrJoin(unit.target, "\n"));
    if (!problems.empty()) refused.emplace_back(unit.id, absl::StrJoin(problems, "; "));
  }
  return refused;
}

}  // namespace werkmonitor
