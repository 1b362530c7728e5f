// i18n_lint: checks the catalogs in i18n/catalogs and the translations in data/; prints one
// "file:key: reason" line per problem and exits 1 when there is any.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/exit_status.h"
#include "common/usage.h"
#include "domain/data_set_files.h"
#include "i18n/catalog_stamps.h"
#include "i18n/catalog_xliff.h"
#include "i18n/catalogs.h"
#include "i18n/lint.h"

ABSL_FLAG(std::string, catalogs, werkmonitor::DefaultCatalogDir(), "Directory of the <locale>.textproto catalogs.");
ABSL_FLAG(std::string, data, WERKMONITOR_DEFAULT_DATA_DIR, "Data set directory (with translations/).");
ABSL_FLAG(bool, stamp, false, "First record in the translated catalogs which Dutch message each translates.");
ABSL_FLAG(std::vector<std::string>, locales, {}, "With --stamp: only these translated locales (default: all).");
ABSL_FLAG(std::string, export_xliff, "",
          "Instead: write the missing and stale messages of this locale to --out (XLIFF, with the glossary of "
          "the terms each names).");
ABSL_FLAG(std::string, out, "", "With --export_xliff: the XLIFF file to write.");
ABSL_FLAG(std::string, import_xliff, "",
          "Instead: check a translated XLIFF file (the term base too) and write it into its catalog.");

int main(int argc, char** argv) {
  werkmonitor::SetUsage(
      "Checks the user-interface catalogs and the data set's translations for translators.\n\n"
      "  i18n_lint [--catalogs=i18n/catalogs] [--data=data] [--stamp [--locales=pl,ro]]\n"
      "  i18n_lint --export_xliff=hu --out=hu.xlf    i18n_lint --import_xliff=hu.xlf\n\n"
      "Prints file:key: reason for each problem; exit code 1 when there are problems.");
  absl::ParseCommandLine(argc, argv);
  if (const std::string locale = absl::GetFlag(FLAGS_export_xliff); !locale.empty()) {
    auto count = werkmonitor::ExportCatalogXliff(absl::GetFlag(FLAGS_catalogs), locale, absl::GetFlag(FLAGS_out));
    if (count.ok()) std::cout << absl::GetFlag(FLAGS_out) << ": " << *count << " messages to translate\n";
    return werkmonitor::ExitWith("i18n_lint", count.status());
  }
  if (const std::string file = absl::GetFlag(FLAGS_import_xliff); !file.empty()) {
    return werkmonitor::ExitWith("i18n_lint",
                                 werkmonitor::ImportCatalogXliff(absl::GetFlag(FLAGS_catalogs), file, std::cout));
  }
  if (absl::GetFlag(FLAGS_stamp)) {
    auto stamped = werkmonitor::StampCatalogs(absl::GetFlag(FLAGS_catalogs), absl::GetFlag(FLAGS_locales));
    if (!stamped.ok()) return werkmonitor::ExitWith("i18n_lint", stamped.status());
    for (const auto& file : *stamped) std::cerr << "i18n_lint: " << file.file << ": " << file.changed << " stamped\n";
  }
  std::vector<werkmonitor::LintFinding> findings = werkmonitor::LintCatalogs(absl::GetFlag(FLAGS_catalogs));
  for (auto& finding : werkmonitor::LintCatalogStamps(absl::GetFlag(FLAGS_catalogs))) findings.push_back(finding);
  absl::StatusOr<monitor::v1::DataSet> data = werkmonitor::LoadDataSetDir(absl::GetFlag(FLAGS_data));
  if (!data.ok()) return werkmonitor::ExitWith("i18n_lint", data.status());
  for (auto& finding : werkmonitor::LintDataTranslations(*data, absl::GetFlag(FLAGS_data))) {
    findings.push_back(std::move(finding));
  }
  // Catalogs that do not load are reported above; the data's terms are checked against those that do.
  if (absl::StatusOr<werkmonitor::Catalogs> catalogs = werkmonitor::Catalogs::Load(absl::GetFlag(FLAGS_catalogs));
      catalogs.ok()) {
    for (auto& finding : werkmonitor::LintTermUse(*data, absl::GetFlag(FLAGS_data), *catalogs)) {
      findings.push_back(std::move(finding));
    }
  }
  for (const auto& finding : findings) std::cout << finding.ToString() << "\n";
  if (!findings.empty()) {
    std::cerr << "i18n_lint: " << findings.size() << " problem(s)\n";
    return werkmonitor::kExitFailure;
  }
  std::cerr << "i18n_lint: " << werkmonitor::SupportedLocales().size() << " catalogs and " << data->measures_size()
            << " measures checked: no problems\n";
  return 0;
}
