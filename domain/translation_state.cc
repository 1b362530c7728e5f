#include "domain/translation_state.h"

#include "domain/fingerprint.h"
#include "domain/locales.h"

namespace werkmonitor {
namespace {

template <typename Translations, typename Source>
TranslationState StateIn(const Translations& translations, const Source& dutch, absl::string_view locale) {
  if (locale == kSourceLocale) return TranslationState::kSource;
  auto found = translations.find(std::string(locale));
  if (found == translations.end()) return TranslationState::kMissing;
  return found->second.source_fingerprint() == Fingerprint(dutch) ? TranslationState::kCurrent
                                                                  : TranslationState::kStale;
}

}  // namespace

TranslationState StateOf(const monitor::v1::LocalizedText& text, absl::string_view locale) {
  return StateIn(text.translations(), text.nl(), locale);
}

TranslationState StateOf(const monitor::v1::LocalizedBody& body, absl::string_view locale) {
  return StateIn(body.translations(), body.nl(), locale);
}

absl::string_view ToString(TranslationState state) {
  switch (state) {
    case TranslationState::kSource:
      return "source";
    case TranslationState::kCurrent:
      return "current";
    case TranslationState::kMissing:
      return "missing";
    case TranslationState::kStale:
      return "stale";
  }
  return "unknown";
}

}  // namespace werkmonitor
