#include "domain/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/fingerprint.h"

namespace werkmonitor {

// The query is kept as its fingerprint: stable across restarts, unlike absl::Hash.

std::string EncodePageToken(absl::string_view query, int64_t position) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", Fingerprint(query), ":", position));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view query) {
  if (token.empty()) return 0;
  std::string plain;
  std::vector<absl::string_view> parts;
  if (absl::WebSafeBase64Unescape(token, &plain)) parts = absl::StrSplit(plain, ':');
  int64_t position = 0;
  if (parts.size() != 3 || parts[0] != "v1" || !absl::SimpleAtoi(parts[2], &position) || position < 0) {
    return absl::InvalidArgumentError("page_token: not a token this service issued");
  }
  if (parts[1] != Fingerprint(query)) {
    return absl::InvalidArgumentError("page_token: issued for a different query; repeat the same filters");
  }
  return position;
}

}  // namespace werkmonitor
