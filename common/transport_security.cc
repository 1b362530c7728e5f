#include "common/transport_security.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/files.h"

namespace werkmonitor {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view what) {
  absl::StatusOr<std::string> pem = ReadFile(path);
  if (!pem.ok()) return absl::FailedPreconditionError(absl::StrCat(what, ": ", pem.status().message()));
  if (!absl::StrContains(*pem, "-----BEGIN ")) {
    return absl::FailedPreconditionError(absl::StrCat(what, ": ", path, " is not a PEM file"));
  }
  return pem;
}

absl::Status CheckPlaintextAllowed(bool insecure, absl::string_view address, absl::string_view side) {
  if (insecure || IsLoopbackAddress(address)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to ", side, " ", address,
      " in plaintext: tokens and data would cross the network unencrypted. Give --tls_cert and --tls_key (server) "
      "or --tls/--tls_ca (client), or --insecure if the network is protected otherwise"));
}

}  // namespace

bool IsLoopbackAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:")) return true;
  absl::ConsumePrefix(&address, "ipv4:");
  absl::ConsumePrefix(&address, "ipv6:");
  absl::ConsumePrefix(&address, "dns:");
  absl::ConsumePrefix(&address, "///");
  absl::string_view host = address.substr(0, address.rfind(':'));
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");
  return host == "localhost" || host == "::1" || absl::StartsWith(host, "127.");
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(const ServerTransport& transport,
                                                                               absl::string_view address) {
  if (transport.cert_file.empty() != transport.key_file.empty()) {
    return absl::FailedPreconditionError("--tls_cert and --tls_key go together");
  }
  if (transport.verify_clients && (transport.cert_file.empty() || transport.ca_file.empty())) {
    return absl::FailedPreconditionError("--tls_verify_clients needs --tls_cert, --tls_key and --tls_ca");
  }
  if (transport.cert_file.empty()) {
    if (absl::Status s = CheckPlaintextAllowed(transport.insecure, address, "serve on"); !s.ok()) return s;
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions options(transport.verify_clients
                                                ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                                                : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  absl::StatusOr<std::string> cert = ReadPem(transport.cert_file, "--tls_cert");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(transport.key_file, "--tls_key");
  if (!key.ok()) return key.status();
  pair.cert_chain = std::move(*cert);
  pair.private_key = std::move(*key);
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (transport.verify_clients) {
    absl::StatusOr<std::string> ca = ReadPem(transport.ca_file, "--tls_ca");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = std::move(*ca);
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(const ClientTransport& transport,
                                                                                 absl::string_view address) {
  if (transport.cert_file.empty() != transport.key_file.empty()) {
    return absl::FailedPreconditionError("--tls_cert and --tls_key go together");
  }
  if (!transport.tls && transport.ca_file.empty()) {
    if (absl::Status s = CheckPlaintextAllowed(transport.insecure, address, "call"); !s.ok()) return s;
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  if (!transport.ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadPem(transport.ca_file, "--tls_ca");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = std::move(*ca);
  }
  if (!transport.cert_file.empty()) {
    absl::StatusOr<std::string> cert = ReadPem(transport.cert_file, "--tls_cert");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPem(transport.key_file, "--tls_key");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = std::move(*cert);
    options.pem_private_key = std::move(*key);
  }
  return grpc::SslCredentials(options);
}

}  // namespace werkmonitor
