#include "monitor_service/ctl/translation_commands.h"

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "domain/locales.h"
#include "domain/translation_units.h"
#include "i18n/catalogs.h"
#include "i18n/terms.h"
#include "i18n/xliff.h"
#include "monitor_service/ctl/format.h"

namespace werkmonitor::ctl {
namespace {

using monitor::v1::ImportTranslationsResponse;

// The <file id> of a data translation file; catalogs' files have another.
constexpr char kDataFileId[] = "data";

// The texts as the service holds them now: themes, departments and measures with every translation.
absl::StatusOr<monitor::v1::DataSet> CurrentTexts(MonitorClient& client) {
  absl::StatusOr<monitor::v1::ListThemesResponse> themes = client.ListThemes();
  if (!themes.ok()) return themes.status();
  monitor::v1::ListMeasuresRequest everything;
  everything.set_view(monitor::v1::FULL);  // summaries and milestones are translated too
  absl::StatusOr<std::vector<monitor::v1::Measure>> measures = client.ListAllMeasures(everything);
  if (!measures.ok()) return measures.status();
  monitor::v1::DataSet data;
  *data.mutable_themes() = themes->themes();
  *data.mutable_departments() = themes->departments();
  for (monitor::v1::Measure& measure : *measures) *data.add_measures() = std::move(measure);
  return data;
}

// --locale (or `locale` from a file): a supported locale other than Dutch.
absl::Status CheckTranslationLocale(absl::string_view what, absl::string_view locale) {
  if (locale == kSourceLocale) return Usage(absl::StrCat(what, ": Dutch is the source, not a translation"));
  if (absl::Status s = CheckLocale(locale); !s.ok()) return Usage(absl::StrCat(what, ": ", s.message()));
  return absl::OkStatus();
}

// The term bases a translation into `locale` answers to: the Dutch catalog's and the locale's, from
// --catalogs (the repository's catalogs by default).
absl::StatusOr<Catalogs> TermCatalogs(const CommandArgs& args, const std::string& locale) {
  const std::string dir = args.Flag("catalogs").value_or(DefaultCatalogDir());
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(dir, {std::string(kSourceLocale), locale});
  if (!catalogs.ok()) {
    return absl::Status(catalogs.status().code(), absl::StrCat("--catalogs: ", catalogs.status().message()));
  }
  return catalogs;
}

bool NeedsWork(const TranslationUnit& unit) {
  return unit.state == TranslationState::kMissing || unit.state == TranslationState::kStale;
}

// Lists the texts whose translation is missing or was made from an earlier Dutch text: documents show
// those in Dutch, with a notice.
absl::Status List(MonitorClient& client, const CommandArgs& args) {
  std::vector<std::string> locales;
  if (const std::string only = args.FlagOr("locale"); !only.empty()) {
    if (absl::Status s = CheckTranslationLocale("--locale", only); !s.ok()) return s;
    locales.push_back(only);
  } else {
    for (const std::string& locale : SupportedLocales()) {
      if (locale != kSourceLocale) locales.push_back(locale);
    }
  }
  absl::StatusOr<monitor::v1::DataSet> data = CurrentTexts(client);
  if (!data.ok()) return data.status();
  std::map<TranslationState, int> totals;
  for (const std::string& locale : locales) {
    for (const TranslationUnit& unit : DataTranslationUnits(*data, locale)) {
      if (!NeedsWork(unit)) continue;
      ++totals[unit.state];
      std::cout << Pad(locale, 4) << Pad(unit.id, 64) << ToString(unit.state) << "\n";
    }
  }
  std::cout << totals[TranslationState::kStale] << " stale, " << totals[TranslationState::kMissing]
            << " missing (measure texts are not counted: they may stay Dutch)\n";
  return absl::OkStatus();
}

absl::Status Export(MonitorClient& client, const CommandArgs& args) {
  if (!args.positional().empty()) return Usage("translations export takes --locale and --out, no arguments");
  const std::string locale = args.FlagOr("locale");
  const std::string out = args.FlagOr("out");
  if (locale.empty() || out.empty()) return Usage("translations export needs --locale=LOCALE and --out=FILE");
  if (absl::Status s = CheckTranslationLocale("--locale", locale); !s.ok()) return s;
  absl::StatusOr<Catalogs> catalogs = TermCatalogs(args, locale);
  if (!catalogs.ok()) return catalogs.status();
  absl::StatusOr<monitor::v1::DataSet> data = CurrentTexts(client);
  if (!data.ok()) return data.status();
  XliffDocument document{.file_id = kDataFileId, .target_locale = locale, .units = {}};
  int stale = 0;
  for (TranslationUnit& unit : DataTranslationUnits(*data, locale)) {
    if (!NeedsWork(unit)) continue;
    if (unit.state == TranslationState::kStale) ++stale;
    unit.glossary = GlossaryOf(catalogs->Terms(kSourceLocale), catalogs->Terms(locale), unit.source);
    document.units.push_back(std::move(unit));
  }
  if (document.units.empty()) {
    std::cout << "nothing to translate into " << locale << "; " << out << " not written\n";
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> bytes = WriteXliff(document);
  if (!bytes.ok()) return bytes.status();
  if (absl::Status s = WriteFileAtomically(out, *bytes); !s.ok()) return s;
  std::cout << out << ": " << document.units.size() << " units to translate into " << locale << " (" << stale
            << " stale, " << document.units.size() - stale << " missing)\n";
  return absl::OkStatus();
}

// One line of the import's report.
void Report(absl::string_view outcome, absl::string_view id, absl::string_view reason = "") {
  std::cout << "  " << Pad(outcome, 11) << id << (reason.empty() ? "" : absl::StrCat(": ", reason)) << "\n";
}

absl::string_view OutcomeName(ImportTranslationsResponse::Result::Outcome outcome) {
  switch (outcome) {
    case ImportTranslationsResponse::Result::APPLIED:
      return "applied";
    case ImportTranslationsResponse::Result::UNCHANGED:
      return "unchanged";
    case ImportTranslationsResponse::Result::REFUSED:
      return "refused";
    default:
      return "?";
  }
}

absl::Status Import(MonitorClient& client, const CommandArgs& args) {
  if (args.positional().size() != 1) return Usage("translations import needs the XLIFF file");
  const std::string path = args.positional()[0];
  const bool check_only = args.Switch("check");
  absl::StatusOr<XliffRead> file = ReadXliffFile(path, kDataFileId);
  if (!file.ok()) return file.status();
  const std::string& locale = file->target_locale;
  absl::StatusOr<Catalogs> catalogs = TermCatalogs(args, locale);
  if (!catalogs.ok()) return catalogs.status();
  absl::StatusOr<monitor::v1::DataSet> data = CurrentTexts(client);
  if (!data.ok()) return data.status();
  // Checked here first, so that every bad unit is named at once; the service checks them again,
  // except against the term base, which only the catalogs hold.
  const std::vector<TranslationUnit> current = DataTranslationUnits(*data, locale);
  XliffImport checked = CheckXliffUnits(*file, current);
  checked.Refuse(CheckUnitTerms(catalogs->Terms(kSourceLocale), catalogs->Terms(locale), current, checked.translated));
  if (!checked.refused.empty()) {
    for (const auto& [id, reason] : checked.refused) Report("refused", id, reason);
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", checked.refused.size(), " unit(s) refused (listed above); nothing applied"));
  }
  if (checked.Count(UnitVerdict::kApply) == 0 && !check_only) {
    std::cout << path << ": nothing to apply (" << checked.translated.size() << " unchanged, " << checked.untranslated
              << " not translated: no target, or its state is initial)\n";
    return absl::OkStatus();
  }

  monitor::v1::ImportTranslationsRequest request;
  request.set_locale(locale);
  request.set_validate_only(check_only);
  for (const TranslationUnit& unit : checked.translated) {
    monitor::v1::TranslationUnit& sent = *request.add_units();
    sent.set_id(unit.id);
    sent.mutable_target()->Assign(unit.target.begin(), unit.target.end());
    sent.set_source_fingerprint(unit.source_fingerprint);
  }
  absl::StatusOr<ImportTranslationsResponse> response = client.ImportTranslations(request);
  if (!response.ok()) return response.status();
  std::map<ImportTranslationsResponse::Result::Outcome, int> counts;
  for (const ImportTranslationsResponse::Result& result : response->results()) {
    ++counts[result.outcome()];
    Report(OutcomeName(result.outcome()), result.unit_id(), result.reason());
  }
  std::cout << path << ": " << counts[ImportTranslationsResponse::Result::APPLIED]
            << (check_only ? " would be applied, " : " applied, ")
            << counts[ImportTranslationsResponse::Result::UNCHANGED] << " unchanged, " << checked.untranslated
            << " not translated (revision " << response->revision() << ")\n";
  if (counts[ImportTranslationsResponse::Result::REFUSED] > 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", counts[ImportTranslationsResponse::Result::REFUSED],
                                                   " unit(s) refused by the service (listed above)"));
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<Command> TranslationCommands() {
  return {
      {.name = "translations",
       .summary = "translations that are missing or stale (made from an earlier\nDutch text); documents show "
                  "those texts in Dutch",
       .flags = {{"locale", "LOCALE", "only this locale"}},
       .run = List},
      {.name = "translations export",
       .summary = "write the missing and stale texts of a locale as an XLIFF 2.0 file\nfor a translator's CAT "
                  "tool (Dutch source, notes, fingerprints, a glossary\nof the terms each text names)",
       .flags = {{"locale", "LOCALE", "the language to translate into, e.g. hu"},
                 {"out", "FILE", "the file to write, e.g. hu.xlf"},
                 {"catalogs", "DIR", "the catalogs with the term base (default: the repository's)"}},
       .run = Export},
      {.name = "translations import",
       .arguments = "FILE",
       .summary = "check every translated unit of an XLIFF file (placeholders, ICU\nsyntax, plurals, made from the "
                  "current Dutch, the term base) and\napply them all in one write, or none (editor); lists each "
                  "unit's outcome",
       .flags = {{"check", "", "only check and report; apply nothing"},
                 {"catalogs", "DIR", "the catalogs with the term base (default: the repository's)"}},
       .run = Import},
  };
}

}  // namespace werkmonitor::ctl
