#include "i18n/catalog_xliff.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/text_proto.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "i18n/catalogs.h"
#include "i18n/catalog_stamps.h"
#include "i18n/terms.h"
#include "i18n/v1/catalog.pb.h"
#include "i18n/xliff.h"

namespace werkmonitor {
namespace {

absl::Status CheckTranslatedLocale(absl::string_view locale) {
  if (locale == kSourceLocale) return absl::InvalidArgumentError("nl is the source, not a translation");
  return CheckLocale(locale);
}

// The catalog file of `locale` as text; a locale's first translator starts from none.
absl::StatusOr<std::string> CatalogText(const std::string& catalog_dir, absl::string_view locale) {
  absl::StatusOr<std::string> text = ReadFile(CatalogFile(catalog_dir, locale));
  if (text.status().code() == absl::StatusCode::kNotFound) return absl::StrCat("locale: \"", locale, "\"\n");
  return text;
}

// The Dutch catalog and the catalog of the locale translated into.
struct CatalogPair {
  i18n::v1::Catalog dutch, translated;
};

absl::StatusOr<CatalogPair> ReadCatalogs(const std::string& catalog_dir, absl::string_view locale) {
  if (absl::Status s = CheckTranslatedLocale(locale); !s.ok()) return s;
  CatalogPair catalogs;
  if (absl::Status s = ParseTextProtoFile(CatalogFile(catalog_dir, kSourceLocale), catalogs.dutch); !s.ok()) return s;
  absl::StatusOr<std::string> text = CatalogText(catalog_dir, locale);
  if (!text.ok()) return text.status();
  if (absl::Status s = ParseTextProto(*text, CatalogFile(catalog_dir, locale), catalogs.translated); !s.ok()) return s;
  return catalogs;
}

std::vector<TranslationUnit> UnitsOf(const CatalogPair& catalogs) {
  std::map<std::string, const i18n::v1::Message*> by_key;
  for (const i18n::v1::Message& message : catalogs.translated.messages()) by_key.emplace(message.key(), &message);
  const bool stamped = IsStamped(catalogs.translated);
  std::vector<TranslationUnit> units;
  for (const i18n::v1::Message& message : catalogs.dutch.messages()) {
    TranslationUnit& unit = units.emplace_back();
    unit.id = message.key();
    unit.kind = UnitKind::kCatalogMessage;
    unit.source = {message.text()};
    unit.source_fingerprint = Fingerprint(message.text());
    unit.context = message.note();
    auto found = by_key.find(message.key());
    const i18n::v1::Message* own = found == by_key.end() ? nullptr : found->second;
    unit.state = StampState(own, stamped, unit.source_fingerprint);
    if (own != nullptr) unit.target = {own->text()};
  }
  return units;
}

// The term bases of both catalogs: an export's glossaries and an import's term check need them, so
// one that does not compile stops either (i18n_lint names the same fault).
struct TermBases {
  TermBase dutch, translated;
};

absl::StatusOr<TermBases> TermBasesOf(const CatalogPair& catalogs, const std::string& catalog_dir,
                                      absl::string_view locale) {
  absl::StatusOr<TermBase> dutch =
      TermBase::Create(kSourceLocale, catalogs.dutch.terms(), CatalogFile(catalog_dir, kSourceLocale));
  if (!dutch.ok()) return dutch.status();
  absl::StatusOr<TermBase> translated =
      TermBase::Create(locale, catalogs.translated.terms(), CatalogFile(catalog_dir, locale));
  if (!translated.ok()) return translated.status();
  return TermBases{*std::move(dutch), *std::move(translated)};
}

void Report(std::ostream& report, absl::string_view outcome, absl::string_view id, absl::string_view reason = "") {
  report << "  " << outcome << std::string(outcome.size() < 11 ? 11 - outcome.size() : 1, ' ') << id
         << (reason.empty() ? "" : absl::StrCat(": ", reason)) << "\n";
}

}  // namespace

absl::StatusOr<std::vector<TranslationUnit>> CatalogTranslationUnits(const std::string& catalog_dir,
                                                                     absl::string_view locale) {
  absl::StatusOr<CatalogPair> catalogs = ReadCatalogs(catalog_dir, locale);
  if (!catalogs.ok()) return catalogs.status();
  return UnitsOf(*catalogs);
}

absl::StatusOr<int> ExportCatalogXliff(const std::string& catalog_dir, absl::string_view locale,
                                       const std::string& out) {
  if (out.empty()) return absl::InvalidArgumentError("out: name the XLIFF file to write");
  absl::StatusOr<CatalogPair> catalogs = ReadCatalogs(catalog_dir, locale);
  if (!catalogs.ok()) return catalogs.status();
  absl::StatusOr<TermBases> terms = TermBasesOf(*catalogs, catalog_dir, locale);
  if (!terms.ok()) return terms.status();
  XliffDocument document{.file_id = kCatalogXliffFileId, .target_locale = std::string(locale), .units = {}};
  for (TranslationUnit& unit : UnitsOf(*catalogs)) {
    if (unit.state == TranslationState::kMissing || unit.state == TranslationState::kStale) {
      unit.glossary = GlossaryOf(terms->dutch, terms->translated, unit.source);
      document.units.push_back(std::move(unit));
    }
  }
  if (document.units.empty()) return 0;
  absl::StatusOr<std::string> bytes = WriteXliff(document);
  if (!bytes.ok()) return bytes.status();
  if (absl::Status s = WriteFileAtomically(out, *bytes); !s.ok()) return s;
  return static_cast<int>(document.units.size());
}

absl::Status ImportCatalogXliff(const std::string& catalog_dir, const std::string& path, std::ostream& report) {
  absl::StatusOr<XliffRead> file = ReadXliffFile(path, kCatalogXliffFileId);
  if (!file.ok()) return file.status();
  const std::string& locale = file->target_locale;
  absl::StatusOr<CatalogPair> catalogs = ReadCatalogs(catalog_dir, locale);
  if (!catalogs.ok()) return catalogs.status();
  absl::StatusOr<TermBases> terms = TermBasesOf(*catalogs, catalog_dir, locale);
  if (!terms.ok()) return terms.status();
  const std::vector<TranslationUnit> current = UnitsOf(*catalogs);
  XliffImport checked = CheckXliffUnits(*file, current);
  checked.Refuse(CheckUnitTerms(terms->dutch, terms->translated, current, checked.translated));
  if (!checked.refused.empty()) {
    for (const auto& [id, reason] : checked.refused) Report(report, "refused", id, reason);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", checked.refused.size(), " unit(s) refused (listed above); nothing written"));
  }
  std::vector<MessageEdit> edits;
  for (size_t i = 0; i < checked.verdicts.size(); ++i) {
    const TranslationUnit& unit = checked.translated[i];
    if (checked.verdicts[i].outcome == UnitVerdict::kApply) {
      edits.push_back({unit.id, unit.target[0], unit.source_fingerprint});
    }
  }
  const std::string catalog = CatalogFile(catalog_dir, locale);
  bool was_stamped = true;
  if (!edits.empty()) {
    absl::StatusOr<std::string> text = CatalogText(catalog_dir, locale);
    if (!text.ok()) return text.status();
    i18n::v1::Catalog before;
    if (absl::Status s = ParseTextProto(*text, catalog, before); !s.ok()) return s;
    was_stamped = IsStamped(before) || before.messages().empty();
    absl::StatusOr<std::string> edited = EditCatalogText(*text, catalog, edits);
    if (!edited.ok()) return edited.status();
    if (absl::Status s = WriteFileAtomically(catalog, *edited); !s.ok()) return s;
  }
  for (const MessageEdit& edit : edits) Report(report, "applied", edit.key);
  report << catalog << ": " << edits.size() << " applied, " << checked.Count(UnitVerdict::kUnchanged) << " unchanged, "
         << checked.untranslated << " not translated (no target, or its state is initial)\n";
  if (!was_stamped) {
    // From now on every message of the catalog records its Dutch (see StampState).
    report << catalog << " was not stamped before: i18n_lint now reports its other messages as not stamped; "
           << "once they translate the current Dutch, run i18n_lint --stamp --locales=" << locale << "\n";
  }
  return absl::OkStatus();
}

}  // namespace werkmonitor
