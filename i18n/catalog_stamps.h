// Which Dutch message each translated catalog message was made from, for translators who edit the
// catalog files directly: every message of a translated catalog records the fingerprint of its
// Dutch message (i18n.v1.Message.source_fingerprint, domain/fingerprint.h). When the Dutch changes,
// the fingerprints differ and i18n_lint reports the translation as stale; once the translation is
// updated, `i18n_lint --stamp --locales=pl` records the current fingerprints.
//
// Stamping edits the files' text minimally, in place: it inserts `source_fingerprint: "…"` after a
// message's text, or replaces the value already there. Comments, order and layout stay as they are.
//
//   absl::StatusOr<std::vector<StampedFile>> stamped = StampCatalogs("i18n/catalogs", {"pl"});
//   for (const LintFinding& finding : LintCatalogStamps("i18n/catalogs")) ...   // the stale ones
#ifndef WERKMONITOR_I18N_CATALOG_STAMPS_H_
#define WERKMONITOR_I18N_CATALOG_STAMPS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "i18n/lint.h"

namespace werkmonitor {

// The fingerprint of each Dutch message of the catalogs in `catalog_dir`, by key.
[[nodiscard]] absl::StatusOr<std::map<std::string, std::string>> DutchFingerprints(const std::string& catalog_dir);

// `text`, a translated catalog (text format; `name` names it in errors), with each message whose
// key `dutch` has carrying that fingerprint. `changed` counts the messages whose fingerprint was
// added or replaced; 0 means `text` is returned as it was.
[[nodiscard]] absl::StatusOr<std::string> StampCatalogText(absl::string_view text, absl::string_view name,
                                                           const std::map<std::string, std::string>& dutch,
                                                           int& changed);

struct StampedFile {
  std::string file;
  int changed = 0;  // messages whose fingerprint was added or replaced
};

// Stamps the catalogs of `locales` (translated locales; every one of them when empty) in
// `catalog_dir`, writing each file that changes atomically.
[[nodiscard]] absl::StatusOr<std::vector<StampedFile>> StampCatalogs(const std::string& catalog_dir,
                                                                     const std::vector<std::string>& locales);

// "file:key: stale: …" for each translated message whose fingerprint is not its Dutch message's
// (a message without one has not been stamped yet, and is not reported).
std::vector<LintFinding> LintCatalogStamps(const std::string& catalog_dir);

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_CATALOG_STAMPS_H_
