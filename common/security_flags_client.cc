#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/files.h"
#include "common/security_flags.h"

ABSL_FLAG(bool, tls, false, "Call the server over TLS (implied by --tls_ca), checking its certificate.");
ABSL_FLAG(std::string, token_file, "",
          "File holding this caller's bearer token (default: the environment variable WERKMONITOR_TOKEN).");

namespace werkmonitor {

ClientTransport ClientTransportFromFlags() {
  ClientTransport transport;
  internal::ReadSharedTlsFlags(transport.cert_file, transport.key_file, transport.ca_file, transport.insecure);
  transport.tls = absl::GetFlag(FLAGS_tls);
  return transport;
}

absl::StatusOr<std::string> ClientTokenFromFlags() {
  std::string token;
  if (const std::string path = absl::GetFlag(FLAGS_token_file); !path.empty()) {
    absl::StatusOr<std::string> text = ReadFile(path);
    if (!text.ok()) return absl::FailedPreconditionError(absl::StrCat("--token_file: ", text.status().message()));
    token = std::string(absl::StripAsciiWhitespace(*text));
    if (token.empty()) return absl::FailedPreconditionError(absl::StrCat("--token_file: ", path, " is empty"));
  } else if (const char* from_environment = std::getenv(kTokenEnvironmentVariable); from_environment != nullptr) {
    token = std::string(absl::StripAsciiWhitespace(from_environment));
  }
  // It travels as a metadata value, which must be printable ASCII.
  for (char c : token) {
    if (c <= ' ' || c > '~') {
      return absl::FailedPreconditionError(
          "the token holds a character other than printable ASCII; is it the right file?");
    }
  }
  return token;
}

}  // namespace werkmonitor
