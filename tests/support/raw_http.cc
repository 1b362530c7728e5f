#include "tests/support/raw_http.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace werkmonitor::testing {
namespace {

absl::StatusOr<sockaddr_in> Ipv4(const std::string& host, int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("not an IPv4 address: ", host));
  }
  return address;
}

}  // namespace

absl::StatusOr<RawConnection> RawConnection::Open(const std::string& server, const std::string& from) {
  const size_t colon = server.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(server.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError(absl::StrCat("not HOST:PORT: ", server));
  }
  absl::StatusOr<sockaddr_in> to = Ipv4(server.substr(0, colon), port);
  absl::StatusOr<sockaddr_in> local = Ipv4(from, 0);
  if (!to.ok()) return to.status();
  if (!local.ok()) return local.status();
  RawConnection connection(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (connection.fd_ < 0) return absl::InternalError(absl::StrCat("socket: errno ", errno));
  if (bind(connection.fd_, reinterpret_cast<const sockaddr*>(&*local), sizeof *local) != 0) {
    return absl::InternalError(absl::StrCat("bind to ", from, ": errno ", errno));
  }
  if (connect(connection.fd_, reinterpret_cast<const sockaddr*>(&*to), sizeof *to) != 0) {
    return absl::UnavailableError(absl::StrCat("connect to ", server, ": errno ", errno));
  }
  return connection;
}

RawConnection& RawConnection::operator=(RawConnection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

absl::Status RawConnection::Send(absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return absl::UnavailableError(absl::StrCat("send: errno ", errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RawConnection::ReadToEnd(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string out;
  char buffer[16384];
  while (true) {
    const int64_t left_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (left_ms <= 0) {
      return absl::DeadlineExceededError(absl::StrCat("no end of the response after ", absl::FormatDuration(timeout),
                                                      " (", out.size(), " bytes read)"));
    }
    pollfd readable{fd_, POLLIN, 0};
    const int ready = poll(&readable, 1, static_cast<int>(left_ms));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above ends it
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ECONNRESET) return out;  // closed, the answer (if any) already read
    if (n < 0) return absl::UnavailableError(absl::StrCat("recv: errno ", errno));
    if (n == 0) return out;
    out.append(buffer, static_cast<size_t>(n));
  }
}

absl::StatusOr<RawResponse> RawGet(const std::string& server, const std::string& target, const std::string& from,
                                   absl::Duration timeout, const std::string& headers) {
  const absl::Time start = absl::Now();
  absl::StatusOr<RawConnection> connection = RawConnection::Open(server, from);
  if (!connection.ok()) return connection.status();
  if (absl::Status sent = connection->Send(
          absl::StrCat("GET ", target, " HTTP/1.1\r\nHost: ", server, "\r\nConnection: close\r\n", headers, "\r\n"));
      !sent.ok()) {
    return sent;
  }
  absl::StatusOr<std::string> read = connection->ReadToEnd(timeout);
  if (!read.ok()) return read.status();
  RawResponse response;
  response.elapsed = absl::Now() - start;
  const size_t end_of_head = read->find("\r\n\r\n");
  if (end_of_head == std::string::npos || !absl::StartsWith(*read, "HTTP/1.") || read->size() < 12 ||
      !absl::SimpleAtoi(read->substr(9, 3), &response.status)) {
    return absl::DataLossError(absl::StrCat("not an HTTP response: \"", read->substr(0, 200), "\""));
  }
  response.head = read->substr(0, end_of_head);
  response.body = read->substr(end_of_head + 4);
  return response;
}

}  // namespace werkmonitor::testing
