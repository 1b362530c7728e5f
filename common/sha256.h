// SHA-256 (FIPS 180-4) of a byte string, as 64 lower-case hex digits: the checksum in report
// manifests, so a printed leaflet can be matched to its file, and the form in which the tokens
// file holds access tokens. OpenSSL computes it (libcrypto, which gRPC links anyway): a digest that
// guards access is no place for code of our own.
//
//   std::string hex = Sha256Hex(pdf_bytes);  // "e3b0c442..." for ""
#ifndef WERKMONITOR_COMMON_SHA256_H_
#define WERKMONITOR_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace werkmonitor {

std::string Sha256Hex(absl::string_view bytes);

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_SHA256_H_
