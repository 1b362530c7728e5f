// Fingerprints of Dutch source texts. A translation records the fingerprint of the Dutch text it
// was made from; when the Dutch text changes, the fingerprints differ and the translation is stale.
//
//   translation.set_source_fingerprint(Fingerprint(title.nl()));
//   if (StateOf(title, "pl") == TranslationState::kStale) ...   // domain/translation_state.h
#ifndef WERKMONITOR_DOMAIN_FINGERPRINT_H_
#define WERKMONITOR_DOMAIN_FINGERPRINT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// FNV-1a 64-bit of the UTF-8 bytes, as 16 lower-case hex digits. Not a security measure: it only
// has to change when a text changes.
[[nodiscard]] std::string Fingerprint(absl::string_view text);

// Of a structured text: the fingerprint of the concatenation, block by block, of the block's kind
// number, text and items, each followed by "\n".
[[nodiscard]] std::string Fingerprint(const monitor::v1::Body& body);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_FINGERPRINT_H_
