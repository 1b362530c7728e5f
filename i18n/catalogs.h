// The user-interface messages of every supported locale (domain/locales.h, included for callers),
// and their term bases, loaded from i18n/catalogs/<locale>.textproto at start-up and checked: a
// catalog that cannot be read, names another locale, repeats a key, holds a message that is not
// valid ICU MessageFormat or a term that cannot be compiled stops the program with "file:key: reason".
//
//   absl::StatusOr<Catalogs> catalogs = Catalogs::Load("i18n/catalogs");
//   const std::string* text = catalogs->Find("pl", "leaflet.title");
#ifndef WERKMONITOR_I18N_CATALOGS_H_
#define WERKMONITOR_I18N_CATALOGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/locales.h"
#include "i18n/terms.h"
#include "i18n/v1/catalog.pb.h"

namespace werkmonitor {

// The repository's catalog directory, for programs run from a build tree.
std::string DefaultCatalogDir();
// The file of `locale`'s catalog in `directory`: "<directory>/<locale>.textproto".
std::string CatalogFile(const std::string& directory, absl::string_view locale);
// The staff's catalogs (DefaultCatalogDir()/staff) and their locales: Dutch first, English complete.
std::string DefaultStaffCatalogDir();
const std::vector<std::string>& StaffLocales();

class Catalogs {
 public:
  [[nodiscard]] static absl::StatusOr<Catalogs> Load(const std::string& directory);
  // The catalogs of `locales` only: the staff's messages (status rules, and later the staff web
  // application) exist in Dutch and English, not in every language of the documents.
  [[nodiscard]] static absl::StatusOr<Catalogs> Load(const std::string& directory,
                                                     absl::Span<const std::string> locales);
  // The same from catalog texts in memory, by locale (every supported locale needs one); errors name
  // "<locale>.textproto".
  [[nodiscard]] static absl::StatusOr<Catalogs> FromTexts(const std::map<std::string, std::string>& texts);

  // The pattern of `key` in `locale`, or nullptr when that catalog lacks it.
  const std::string* Find(absl::string_view locale, absl::string_view key) const;
  // The file a locale was loaded from (for messages).
  std::string FileOf(absl::string_view locale) const;
  // The term base of `locale`: empty for a locale not loaded.
  const TermBase& Terms(absl::string_view locale) const;

 private:
  absl::Status Add(const std::string& file, const std::string& locale, const i18n::v1::Catalog& catalog);

  std::string directory_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
  std::map<std::string, TermBase, std::less<>> terms_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_CATALOGS_H_
