// Opaque page tokens. A token remembers where the next page starts and which query it belongs to,
// so a token from another query is refused instead of silently giving wrong pages.
//
//   std::string token = EncodePageToken("measures|theme=werk|status=0", 50);
//   absl::StatusOr<int64_t> next = DecodePageToken(request.page_token(), "measures|theme=werk|status=0");
#ifndef WERKMONITOR_DOMAIN_PAGE_TOKEN_H_
#define WERKMONITOR_DOMAIN_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

[[nodiscard]] std::string EncodePageToken(absl::string_view query, int64_t position);

// The position from EncodePageToken(query, position); 0 for an empty token. INVALID_ARGUMENT naming
// "page_token" when the token is malformed or was made for another query.
[[nodiscard]] absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view query);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_PAGE_TOKEN_H_
