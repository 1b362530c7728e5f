// The user-interface messages of every supported locale (domain/locales.h, included for callers),
// loaded from i18n/catalogs/<locale>.textproto at start-up and checked: a catalog that cannot be read,
// names another locale, repeats a key or holds a message that is not valid ICU MessageFormat stops
// the program with "file:key: reason".
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

namespace werkmonitor {

// The repository's catalog directory, for programs run from a build tree.
std::string DefaultCatalogDir();
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

 private:
  std::string directory_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_I18N_CATALOGS_H_
