// HTTP over a bare TCP socket from a chosen local address, for tests that play the clients an HTTP
// library will not: one that sends half a request and goes silent, one that trickles bytes, one
// that asks for thousands of ranges. Every read has a deadline, so a stuck server fails the test
// instead of hanging it.
//
//   absl::StatusOr<RawConnection> c = RawConnection::Open(address, /*from=*/"127.0.0.2");
//   ASSERT_TRUE(c->Send("GET / HTTP/1.1\r\nHost: x\r\n").ok());  // and never the blank line
//   absl::StatusOr<RawResponse> r = RawGet(address, "/", "127.0.0.1", absl::Seconds(5));
#ifndef WERKMONITOR_TESTS_SUPPORT_RAW_HTTP_H_
#define WERKMONITOR_TESTS_SUPPORT_RAW_HTTP_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace werkmonitor::testing {

// One TCP connection, closed on destruction.
class RawConnection {
 public:
  // Connects to `server` ("127.0.0.1:8080") from the IPv4 address `from` (any of 127.0.0.0/8 works
  // on Linux loopback, so a test can be two clients).
  [[nodiscard]] static absl::StatusOr<RawConnection> Open(const std::string& server,
                                                          const std::string& from = "127.0.0.1");
  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RawConnection& operator=(RawConnection&& other) noexcept;
  ~RawConnection();

  [[nodiscard]] absl::Status Send(absl::string_view bytes);
  // Everything the server sends until it closes the connection; DEADLINE_EXCEEDED when it has not
  // closed it by `timeout`.
  [[nodiscard]] absl::StatusOr<std::string> ReadToEnd(absl::Duration timeout);

 private:
  explicit RawConnection(int fd) : fd_(fd) {}
  int fd_;
};

struct RawResponse {
  int status = 0;
  std::string head;  // the status line and headers
  std::string body;
  absl::Duration elapsed;  // from connecting to the last byte
};

// A GET of `target` with "Connection: close" (and `headers`, each ending in "\r\n"), read to the end.
[[nodiscard]] absl::StatusOr<RawResponse> RawGet(const std::string& server, const std::string& target,
                                                 const std::string& from, absl::Duration timeout,
                                                 const std::string& headers = "");

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_RAW_HTTP_H_
