#include "domain/locales.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace werkmonitor {

absl::Span<const std::string> SupportedLocales() {
  static const std::vector<std::string>* const kLocales =
      new std::vector<std::string>{kSourceLocale, "pl", "ro", "bg", "hu", "lt", "en"};
  return *kLocales;
}

absl::Status CheckLocale(absl::string_view locale) {
  for (const std::string& supported : SupportedLocales()) {
    if (supported == locale) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("locale \"", locale, "\" is not supported; use one of ", absl::StrJoin(SupportedLocales(), ", ")));
}

}  // namespace werkmonitor
