// The languages werkmonitor speaks, in one place. Dutch is the source of every text (data and
// catalogs); every other locale is a translation of it. Catalogs, documents, the command line, the
// print station and the benchmarks all take their lists from here.
//
//   for (const std::string& locale : SupportedLocales()) ...   // nl pl ro bg hu lt en, in this order
//   if (locale == kSourceLocale) ...                           // Dutch: the source, not a translation
//   if (absl::Status s = CheckLocale(flag); !s.ok()) return s;
#ifndef WERKMONITOR_DOMAIN_LOCALES_H_
#define WERKMONITOR_DOMAIN_LOCALES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace werkmonitor {

// The locale of the source texts, and the fallback of every missing translation.
inline constexpr char kSourceLocale[] = "nl";

// Every locale there are catalogs and documents for: the source first, then the translations in the
// order menus and batches list them.
absl::Span<const std::string> SupportedLocales();

// INVALID_ARGUMENT listing the supported locales when `locale` is not one of them.
[[nodiscard]] absl::Status CheckLocale(absl::string_view locale);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_LOCALES_H_
