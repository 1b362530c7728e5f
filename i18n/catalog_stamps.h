// Which Dutch message each translated catalog message was made from, for translators who edit the
// catalog files directly: every message of a translated catalog records the fingerprint of its
// Dutch message (i18n.v1.Message.source_fingerprint, domain/fingerprint.h). When the Dutch changes,
// the fingerprints differ and i18n_lint reports the translation as stale; once the translation is
// updated, `i18n_lint --stamp --locales=pl` records the current fingerprints.
//
// Stamping edits the files' text minimally, in place (EditCatalogText, which imports of translated
// messages use too): it inserts `source_fingerprint: "…"` after a message's text, or replaces the
// value already there. Comments, order and layout stay as they are.
//
//   absl::StatusOr<std::vector<StampedFile>> stamped = StampCatalogs("i18n/catalogs", {"pl"});
//   for (const LintFinding& finding : LintCatalogStamps("i18n/catalogs")) ...   // the stale ones
#ifndef WERKMONITOR_I18N_CATALOG_STAMPS_H_
#define WERKMONITOR_I18N_CATALOG_STAMPS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/translation_state.h"
#include "i18n/lint.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor {

// The fingerprint of each Dutch message of the catalogs in `catalog_dir`, by key.
[[nodiscard]] absl::StatusOr<std::map<std::string, std::string>> DutchFingerprints(const std::string& catalog_dir);

// Whether a translated catalog's message was made from the Dutch message whose fingerprint is
// `dutch`: kMissing without one (null), kCurrent when stamped with `dutch`, kStale when stamped with
// another. An unstamped message is kCurrent in a catalog never stamped (nothing is known yet) and
// kStale in a stamped one (stamped catalogs record every message).
TranslationState StampState(const i18n::v1::Message* translated, bool catalog_stamped, absl::string_view dutch);
// Whether any message of `catalog` carries a fingerprint.
bool IsStamped(const i18n::v1::Catalog& catalog);

// A change to one message of a catalog file.
struct MessageEdit {
  std::string key;
  std::optional<std::string> text;  // the new text, or none to keep it
  std::string source_fingerprint;
};

// `text`, a catalog in text format (`name` names it in errors), with each edit made in place: the
// message's text value replaced, its source_fingerprint inserted after its text or replaced; a
// message the file lacks is added after its last message. Every other byte stays as it was.
[[nodiscard]] absl::StatusOr<std::string> EditCatalogText(absl::string_view text, absl::string_view name,
                                                          const std::vector<MessageEdit>& edits);

// `text`, a translated catalog, with each message whose key `dutch` has carrying that fingerprint.
// `changed` counts the messages whose fingerprint was added or replaced; 0 means `text` is returned
// as it was.
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
