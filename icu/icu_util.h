// ICU plumbing for the two libraries that wrap ICU (icu/ and i18n/) and nothing else, so that ICU
// types never reach their callers: UTF-8 conversion, error codes, locales.
#ifndef WERKMONITOR_ICU_ICU_UTIL_H_
#define WERKMONITOR_ICU_ICU_UTIL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace werkmonitor::icu_util {

inline icu::UnicodeString ToUnicode(absl::string_view utf8) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

inline std::string ToUtf8(const icu::UnicodeString& text) {
  std::string utf8;
  text.toUTF8String(utf8);
  return utf8;
}

inline absl::Status IcuError(absl::string_view what, UErrorCode code) {
  return absl::InternalError(absl::StrCat(what, ": ICU error ", u_errorName(code)));
}

// The ICU locale for one of ours: English is British English (dates "1 January 2027").
inline icu::Locale IcuLocale(absl::string_view locale) {
  if (locale == "en") return icu::Locale("en", "GB");
  return icu::Locale(std::string(locale).c_str());
}

}  // namespace werkmonitor::icu_util

#endif  // WERKMONITOR_ICU_ICU_UTIL_H_
