// The term base of one locale: the Dutch institutions, registers and terms the texts use
// (i18n.v1.Term in each catalog), compiled so that texts can be searched for them.
//
// A term's forms are matched as whole words, ignoring case; "*" stands for any ending of a word
// (letters or hyphens), so one form covers the inflections: "numer* BSN" matches "numeru BSN",
// "BSN-szám*" matches "BSN-számát". In the Dutch catalog the forms are the Dutch names and
// abbreviations; in the others, the approved rendering.
//
//   absl::StatusOr<TermBase> terms = TermBase::Create("pl", catalog.terms(), "pl.textproto");
//   for (const TermBase::Occurrence& o : terms->Find(text)) ... o.term->id() ...
//   std::vector<std::string> problems = CheckTermUse(dutch_terms, *terms, dutch_text, polish_text);
//
// Translation files apply the same term base to units (domain/translation_units.h): an exported unit
// carries a glossary of the terms its Dutch names (GlossaryOf), and an imported one is refused when
// its translation breaks the term base (CheckUnitTerms).
#ifndef WERKMONITOR_I18N_TERMS_H_
#define WERKMONITOR_I18N_TERMS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "domain/translation_units.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor {

class TermBase {
 public:
  // INVALID_ARGUMENT "<file>:terms[<id>].<field>: reason" for a term without id, name or forms, an
  // id given twice, a form that is empty or has nothing but "*", or a "*" that does not end a word.
  [[nodiscard]] static absl::StatusOr<TermBase> Create(
      absl::string_view locale, const google::protobuf::RepeatedPtrField<i18n::v1::Term>& terms,
      absl::string_view file);
  TermBase();  // no terms

  struct Occurrence {
    const i18n::v1::Term* term;
    // Where the form stands in the text, in code points: only comparable with each other.
    size_t begin, end;
  };
  // Every place in `text` where a form of a term stands, in the order of the text; where forms of
  // one term overlap, the longest.
  std::vector<Occurrence> Find(absl::string_view text) const;
  // The terms that `texts` name, each once, in order of first appearance.
  std::vector<const i18n::v1::Term*> TermsIn(const std::vector<std::string>& texts) const;

  const i18n::v1::Term* Get(absl::string_view id) const;
  const std::string& locale() const { return locale_; }
  const std::vector<i18n::v1::Term>& terms() const { return terms_; }

 private:
  struct Compiled;
  std::string locale_;
  std::vector<i18n::v1::Term> terms_;
  std::shared_ptr<const Compiled> compiled_;  // immutable, so copies share it
};

// The problems of `translation`, a text of `translated`'s locale made from the Dutch `source`:
//  - the Dutch names a term, but the translation has none of its approved forms;
//  - the translation holds a Dutch name or abbreviation of a term (a Dutch form) outside every
//    approved form of that term: "BSN" alone where "numer BSN" is approved.
std::vector<std::string> CheckTermUse(const TermBase& dutch, const TermBase& translated, absl::string_view source,
                                      absl::string_view translation);

// The glossary of a text whose Dutch is `source` (its segments), for a translator into
// `translated`'s locale: each term the Dutch names, once, in order of first appearance, with the
// Dutch catalog's name, the translated catalog's name and forms (as written there: "*" stands for
// any ending) and its explanation. A term `translated` lacks has no entry (i18n_lint names it).
std::vector<GlossaryEntry> GlossaryOf(const TermBase& dutch, const TermBase& translated,
                                      const std::vector<std::string>& source);

// The units among `incoming` (translated into `translated`'s locale) that break the term base, with
// the reason: CheckTermUse of the Dutch segments joined by "\n" against the target segments joined
// likewise. The Dutch is that of the unit of the same id in `current` (what the texts are now, not a
// file's copy, which a tool may have changed); a unit that `current` lacks, or whose Dutch has
// changed since it was made, is left to CheckUnits, which refuses it.
std::vector<std::pair<std::string, std::string>> CheckUnitTerms(const TermBase& dutch, const TermBase& translated,
                                                                absl::Span<const TranslationUnit> current,
                                                                absl::Span<const TranslationUnit> incoming);

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_TERMS_H_
