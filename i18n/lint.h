// The translators' linter: checks the catalogs and the data set's translations and reports each
// problem as "file:key: reason". Run by `i18n_lint` and by ctest.
//
// Catalogs: a key in one locale and not in Dutch (or the reverse), a message that is not ICU
// MessageFormat, argument names that differ from the Dutch message, a plural without every
// category the locale's CLDR rules define (and `other`). Texts: Romanian with cedilla ş/ţ instead of
// comma-below ș/ț, Bulgarian words that mix Latin letters into Cyrillic ones. Data: a theme or
// measure without a title, introduction, summary or milestone label in a supported locale, a stale
// translation, and summaries whose arguments are not the measure's milestones. Department names are
// checked like titles. Terms: every catalog lists the Dutch catalog's terms with a name and a short
// explanation, and every translated text uses the approved rendering of each term its Dutch source
// names, and no bare Dutch name of a term (CheckTermUse).
#ifndef WERKMONITOR_I18N_LINT_H_
#define WERKMONITOR_I18N_LINT_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "i18n/catalogs.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

struct LintFinding {
  std::string file;
  std::string key;
  std::string reason;
  std::string ToString() const { return file + ":" + key + ": " + reason; }
};

std::vector<LintFinding> LintCatalogs(const std::string& catalog_dir);

// `data_dir` only names files in the findings; the data set is checked as given.
std::vector<LintFinding> LintDataTranslations(const monitor::v1::DataSet& data, const std::string& data_dir);

// The term base (i18n/terms.h): every translated text of the data set against the terms of
// `catalogs`. The catalogs' own messages are checked by LintCatalogs.
std::vector<LintFinding> LintTermUse(const monitor::v1::DataSet& data, const std::string& data_dir,
                                     const Catalogs& catalogs);

// Script rules for one text of `locale` (Romanian comma-below, Bulgarian single-script words).
std::vector<std::string> CheckScript(absl::string_view locale, absl::string_view text);

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_LINT_H_
