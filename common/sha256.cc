#include "common/sha256.h"

#include <cstdlib>

#include "absl/strings/escaping.h"
#include <openssl/evp.h>

namespace werkmonitor {

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // EVP_Digest fails only when OpenSSL cannot allocate its context or lacks SHA-256 altogether
  // (a broken installation). Returning a wrong or empty hash would let a token compare equal to
  // garbage or a manifest lie, so that is fatal.
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) std::abort();
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
}

}  // namespace werkmonitor
