// The user-interface catalogs (i18n/catalogs/<locale>.textproto) for translators' CAT tools, offline
// on the repository's files: the missing and stale messages of a locale out as an XLIFF 2.0 file,
// and a translated file back in, checked as the data's translations are (CheckUnits) and written
// into the catalog all or nothing, each message stamped with the Dutch it translates
// (catalog_stamps.h).
//
//   i18n_lint --export-xliff=hu --out=hu.xlf
//   i18n_lint --import-xliff=hu.xlf
#ifndef WERKMONITOR_I18N_CATALOG_XLIFF_H_
#define WERKMONITOR_I18N_CATALOG_XLIFF_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/translation_units.h"

namespace werkmonitor {

// The <file id> of a catalog's translation file.
inline constexpr char kCatalogXliffFileId[] = "catalog";

// Every message of the Dutch catalog in `catalog_dir` as a unit of `locale` (id: the message key),
// with the Dutch message's note as context, the locale's message as target and its state
// (StampState).
[[nodiscard]] absl::StatusOr<std::vector<TranslationUnit>> CatalogTranslationUnits(const std::string& catalog_dir,
                                                                                   absl::string_view locale);

// Writes the missing and stale messages of `locale` to `out` as XLIFF 2.0, each with the glossary of
// the terms its Dutch names (GlossaryOf, i18n/terms.h); how many (with none, no file: XLIFF needs a
// unit). A catalog whose term base does not compile is an error.
[[nodiscard]] absl::StatusOr<int> ExportCatalogXliff(const std::string& catalog_dir, absl::string_view locale,
                                                     const std::string& out);

// Reads the translated file `path` and checks every translated unit, against the term base too
// (CheckUnitTerms); writes the applied ones into the catalog of the file's language when none is
// refused. Reports each unit on `report` (refused
// with the reason, applied, unchanged) and a total line. INVALID_ARGUMENT when a unit is refused
// (nothing written) or the file is not a catalog translation file.
[[nodiscard]] absl::Status ImportCatalogXliff(const std::string& catalog_dir, const std::string& path,
                                              std::ostream& report);

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_CATALOG_XLIFF_H_
