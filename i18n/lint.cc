#include "i18n/lint.h"

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/text_proto.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "domain/translation_state.h"
#include "i18n/catalogs.h"
#include "i18n/terms.h"
#include "i18n/v1/catalog.pb.h"
#include "icu/icu_util.h"
#include "icu/message_syntax.h"
#include <unicode/brkiter.h>
#include <unicode/uscript.h>

namespace werkmonitor {
namespace {

using icu_util::ToUnicode;
using icu_util::ToUtf8;

// One line or two in the leaflet's "who is who" box; bytes, so Cyrillic has half the letters of Latin.
constexpr size_t kMaxExplanationBytes = 320;

// The file a finding on a data translation names (a catalog's: CatalogFile, i18n/catalogs.h).
std::string TranslationFile(const std::string& data_dir, absl::string_view locale) {
  return (std::filesystem::path(data_dir) / "translations" / absl::StrCat(locale, ".textproto")).string();
}

// Compares a translated message with its Dutch source: syntax, argument names, plural categories.
void CheckAgainstDutch(absl::string_view locale, const std::string& file, const std::string& key,
                       const std::string& dutch, const std::string& text, std::vector<LintFinding>& findings) {
  for (std::string& problem : CheckTranslatedMessage(dutch, text, locale)) findings.push_back({file, key, problem});
  for (const std::string& problem : CheckScript(locale, text)) findings.push_back({file, key, problem});
}

// The term base of each catalog in `catalogs` that compiles; one that does not is a finding.
std::map<std::string, TermBase> TermBases(const std::map<std::string, i18n::v1::Catalog>& catalogs,
                                          const std::string& catalog_dir, std::vector<LintFinding>& findings) {
  std::map<std::string, TermBase> bases;
  for (const auto& [locale, catalog] : catalogs) {
    const std::string file = CatalogFile(catalog_dir, locale);
    absl::StatusOr<TermBase> base = TermBase::Create(locale, catalog.terms(), file);
    if (!base.ok()) {
      findings.push_back({file, "terms", std::string(base.status().message())});
      continue;
    }
    bases.emplace(locale, std::move(*base));
  }
  return bases;
}

// Every catalog defines the Dutch catalog's terms, no others, each with a name and a short explanation.
void CheckTermsComplete(const std::map<std::string, TermBase>& bases, const std::string& catalog_dir,
                        std::vector<LintFinding>& findings) {
  auto dutch = bases.find(kSourceLocale);
  if (dutch == bases.end()) return;
  for (const auto& [locale, base] : bases) {
    const std::string file = CatalogFile(catalog_dir, locale);
    for (const i18n::v1::Term& term : dutch->second.terms()) {
      if (base.Get(term.id()) == nullptr) findings.push_back({file, absl::StrCat("terms[", term.id(), "]"), "missing (the Dutch catalog has it)"});
    }
    for (const i18n::v1::Term& term : base.terms()) {
      const std::string key = absl::StrCat("terms[", term.id(), "]");
      if (dutch->second.Get(term.id()) == nullptr) findings.push_back({file, key, "not in the Dutch catalog"});
      if (term.explanation().empty()) findings.push_back({file, key, "no explanation"});
      if (term.explanation().size() > kMaxExplanationBytes) {
        findings.push_back({file, key, absl::StrCat("the explanation is longer than the box allows (",
                                                    term.explanation().size(), " bytes, at most ", kMaxExplanationBytes, ")")});
      }
    }
  }
}

}  // namespace

std::vector<std::string> CheckScript(absl::string_view locale, absl::string_view text) {
  std::vector<std::string> problems;
  const icu::UnicodeString unicode = ToUnicode(text);
  if (locale == "ro") {
    static const std::map<UChar32, const char*> kCedillas = {{0x015E, "Ş (U+015E) instead of Ș (U+0218)"},
                                                             {0x015F, "ş (U+015F) instead of ș (U+0219)"},
                                                             {0x0162, "Ţ (U+0162) instead of Ț (U+021A)"},
                                                             {0x0163, "ţ (U+0163) instead of ț (U+021B)"}};
    std::set<UChar32> seen;
    for (int32_t i = 0; i < unicode.length(); i = unicode.moveIndex32(i, 1)) {
      const UChar32 c = unicode.char32At(i);
      if (kCedillas.count(c) && seen.insert(c).second) {
        problems.push_back(absl::StrCat("cedilla ", kCedillas.at(c), ": Romanian uses the comma below"));
      }
    }
  }
  if (locale == "bg") {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale("bg"), status));
    if (U_FAILURE(status)) return problems;
    words->setText(unicode);
    for (int32_t start = words->first(), end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
      std::set<UScriptCode> scripts;
      for (int32_t i = start; i < end; i = unicode.moveIndex32(i, 1)) {
        UErrorCode script_status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(unicode.char32At(i), &script_status);
        if (script != USCRIPT_COMMON && script != USCRIPT_INHERITED) scripts.insert(script);
      }
      if (scripts.size() > 1) {
        icu::UnicodeString word;
        unicode.extractBetween(start, end, word);
        problems.push_back(absl::StrCat("the word \"", ToUtf8(word), "\" mixes Latin and Cyrillic letters"));
      }
    }
  }
  return problems;
}

std::vector<LintFinding> LintCatalogs(const std::string& catalog_dir) {
  std::vector<LintFinding> findings;
  std::map<std::string, std::map<std::string, std::string>> catalogs;  // locale -> key -> text
  std::map<std::string, i18n::v1::Catalog> parsed;
  for (const std::string& locale : SupportedLocales()) {
    const std::string file = CatalogFile(catalog_dir, locale);
    i18n::v1::Catalog& catalog = parsed[locale];
    if (absl::Status s = ParseTextProtoFile(file, catalog); !s.ok()) {
      findings.push_back({file, "", std::string(s.message())});
      parsed.erase(locale);
      continue;
    }
    if (catalog.locale() != locale) findings.push_back({file, "locale", absl::StrCat("is \"", catalog.locale(), "\"")});
    for (const auto& message : catalog.messages()) {
      if (!catalogs[locale].emplace(message.key(), message.text()).second) {
        findings.push_back({file, message.key(), "appears twice"});
      }
    }
  }
  const std::map<std::string, TermBase> terms = TermBases(parsed, catalog_dir, findings);
  CheckTermsComplete(terms, catalog_dir, findings);
  const auto& dutch = catalogs[kSourceLocale];
  const std::string dutch_file = CatalogFile(catalog_dir, kSourceLocale);
  for (const auto& [key, text] : dutch) CheckAgainstDutch(kSourceLocale, dutch_file, key, text, text, findings);
  for (const std::string& locale : SupportedLocales()) {
    if (locale == kSourceLocale || !catalogs.count(locale)) continue;
    const std::string file = CatalogFile(catalog_dir, locale);
    const auto& messages = catalogs[locale];
    for (const auto& [key, text] : dutch) {
      auto found = messages.find(key);
      if (found == messages.end()) {
        findings.push_back({file, key, "missing (the Dutch catalog has it)"});
      } else {
        CheckAgainstDutch(locale, file, key, text, found->second, findings);
        if (terms.count(kSourceLocale) && terms.count(locale)) {
          for (std::string& problem : CheckTermUse(terms.at(kSourceLocale), terms.at(locale), text, found->second)) {
            findings.push_back({file, key, std::move(problem)});
          }
        }
      }
    }
    for (const auto& [key, text] : messages) {
      if (!dutch.count(key)) findings.push_back({file, key, "not in the Dutch catalog"});
    }
  }
  return findings;
}

std::vector<LintFinding> LintDataTranslations(const monitor::v1::DataSet& data, const std::string& data_dir) {
  std::vector<LintFinding> findings;
  const std::string source_file = data_dir;
  auto file_of = [&](const std::string& locale) { return TranslationFile(data_dir, locale); };
  // A short text of the data: present and fresh in every locale, and script rules.
  auto check_text = [&](const std::string& key, const monitor::v1::LocalizedText& text) {
    for (const std::string& locale : SupportedLocales()) {
      const TranslationState state = StateOf(text, locale);
      if (state == TranslationState::kMissing) findings.push_back({file_of(locale), key, "no translation"});
      if (state == TranslationState::kStale) {
        findings.push_back({file_of(locale), key,
                            absl::StrCat("stale: made from Dutch ", text.translations().at(locale).source_fingerprint(),
                                         ", the Dutch text is now ", Fingerprint(text.nl()))});
      }
      if (state == TranslationState::kCurrent || state == TranslationState::kStale) {
        for (const std::string& problem : CheckScript(locale, text.translations().at(locale).text())) {
          findings.push_back({file_of(locale), key, problem});
        }
      }
    }
  };
  for (const auto& theme : data.themes()) {
    check_text(absl::StrCat(theme.id(), ".title"), theme.title());
    for (const std::string& locale : SupportedLocales()) {
      const TranslationState state = StateOf(theme.introduction(), locale);
      if (state == TranslationState::kMissing || state == TranslationState::kStale) {
        findings.push_back({file_of(locale), absl::StrCat(theme.id(), ".introduction"),
                            state == TranslationState::kMissing ? "no translation" : "stale"});
      }
    }
  }
  for (const auto& department : data.departments()) {
    check_text(absl::StrCat("departments.", department.code(), ".name"), department.name());
  }
  for (const auto& measure : data.measures()) {
    check_text(absl::StrCat(measure.id(), ".title"), measure.title());
    if (measure.summary().nl().empty()) {
      findings.push_back({source_file, absl::StrCat(measure.id(), ".summary"), "no Dutch summary"});
    }
    check_text(absl::StrCat(measure.id(), ".summary"), measure.summary());
    for (const auto& milestone : measure.milestones()) {
      check_text(absl::StrCat(measure.id(), ".milestones.", milestone.id(), ".label"), milestone.label());
    }
    // Summaries are messages whose arguments are the measure's milestones.
    std::set<std::string> milestone_ids;
    for (const auto& milestone : measure.milestones()) milestone_ids.insert(milestone.id());
    const std::string key = absl::StrCat(measure.id(), ".summary");
    absl::StatusOr<MessageShape> dutch = AnalyzeMessage(measure.summary().nl());
    if (!dutch.ok()) {
      findings.push_back({source_file, key, std::string(dutch.status().message())});
      continue;
    }
    for (const std::string& argument : dutch->arguments) {
      if (!milestone_ids.count(argument)) {
        findings.push_back({source_file, key, absl::StrCat("{", argument, "} is not a milestone of ", measure.id())});
      }
    }
    for (const auto& [locale, translation] : measure.summary().translations()) {
      CheckAgainstDutch(locale, file_of(locale), key, measure.summary().nl(), translation.text(), findings);
    }
  }
  return findings;
}

std::vector<LintFinding> LintTermUse(const monitor::v1::DataSet& data, const std::string& data_dir,
                                     const Catalogs& catalogs) {
  std::vector<LintFinding> findings;
  const TermBase& dutch = catalogs.Terms(kSourceLocale);
  auto check = [&](const std::string& key, const std::string& source, const std::string& locale,
                   const std::string& translation) {
    if (locale == kSourceLocale) return;
    for (std::string& problem : CheckTermUse(dutch, catalogs.Terms(locale), source, translation)) {
      findings.push_back({TranslationFile(data_dir, locale), key, std::move(problem)});
    }
  };
  auto check_text = [&](const std::string& key, const monitor::v1::LocalizedText& text) {
    for (const auto& [locale, translation] : text.translations()) {
      if (StateOf(text, locale) == TranslationState::kCurrent) check(key, text.nl(), locale, translation.text());
    }
  };
  for (const auto& theme : data.themes()) {
    check_text(absl::StrCat(theme.id(), ".title"), theme.title());
    for (const auto& [locale, translation] : theme.introduction().translations()) {
      if (StateOf(theme.introduction(), locale) != TranslationState::kCurrent) continue;
      const auto& source = theme.introduction().nl().blocks();
      const auto& blocks = translation.body().blocks();
      for (int i = 0; i < source.size() && i < blocks.size(); ++i) {
        check(absl::StrCat(theme.id(), ".introduction.blocks[", i, "]"), source[i].text(), locale, blocks[i].text());
      }
    }
  }
  for (const auto& department : data.departments()) {
    check_text(absl::StrCat("departments.", department.code(), ".name"), department.name());
  }
  for (const auto& measure : data.measures()) {
    check_text(absl::StrCat(measure.id(), ".title"), measure.title());
    check_text(absl::StrCat(measure.id(), ".summary"), measure.summary());
    for (const auto& milestone : measure.milestones()) {
      check_text(absl::StrCat(measure.id(), ".milestones.", milestone.id(), ".label"), milestone.label());
    }
  }
  return findings;
}

}  // namespace werkmonitor
