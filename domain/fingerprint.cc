#include "domain/fingerprint.h"

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace werkmonitor {

std::string Fingerprint(absl::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return absl::StrCat(absl::Hex(hash, absl::kZeroPad16));
}

std::string Fingerprint(const monitor::v1::Body& body) {
  std::string canonical;
  for (const monitor::v1::Block& block : body.blocks()) {
    absl::StrAppend(&canonical, static_cast<int>(block.kind()), "\n", block.text(), "\n");
    for (const std::string& item : block.items()) absl::StrAppend(&canonical, item, "\n");
  }
  return Fingerprint(canonical);
}

}  // namespace werkmonitor
