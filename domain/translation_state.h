// Whether a text's translation into a locale can be shown: it must exist and have been made from the
// current Dutch text (same fingerprint). Otherwise documents show the Dutch text with a notice.
//
//   if (StateOf(measure.title(), "pl") == TranslationState::kStale) ...
#ifndef WERKMONITOR_DOMAIN_TRANSLATION_STATE_H_
#define WERKMONITOR_DOMAIN_TRANSLATION_STATE_H_

#include "absl/strings/string_view.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

enum class TranslationState {
  kSource,   // the locale is Dutch: the text is the source itself
  kCurrent,  // translated from the current Dutch text
  kMissing,  // no translation into the locale
  kStale,    // translated from an earlier Dutch text
};

TranslationState StateOf(const monitor::v1::LocalizedText& text, absl::string_view locale);
TranslationState StateOf(const monitor::v1::LocalizedBody& body, absl::string_view locale);

// "current", "missing", ... for messages.
absl::string_view ToString(TranslationState state);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_TRANSLATION_STATE_H_
