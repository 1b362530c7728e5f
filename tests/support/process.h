// Running the project's binaries from tests: a server in the background, and one-shot commands.
#ifndef WERKMONITOR_TESTS_SUPPORT_PROCESS_H_
#define WERKMONITOR_TESTS_SUPPORT_PROCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include <sys/types.h>

namespace werkmonitor::testing {

// A TCP port on 127.0.0.1 that refuses connections for as long as this object lives: it is bound
// (so no other test can take it) but never listens. For "the server is unreachable" tests. Servers
// under test bind port 0 and report the port they got, never a port chosen in advance.
class RefusingPort {
 public:
  RefusingPort();
  ~RefusingPort();
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  int port() const { return port_; }
  std::string address() const;  // "127.0.0.1:<port>"

 private:
  int fd_ = -1;
  int port_ = 0;
};

// The path of a binary built by this project, e.g. BinaryPath("monitor_service/monitor_server").
std::string BinaryPath(const std::string& relative);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `argv` to completion (no shell), capturing its output.
CommandResult RunCommand(const std::vector<std::string>& argv);

// A server started with --listen=127.0.0.1:0 that prints "<name>: listening on HOST:PORT" on stdout.
class ServerProcess {
 public:
  // With `stderr_file`, the server's stderr (its log) goes to that file instead of the test's.
  static absl::StatusOr<ServerProcess> Start(const std::vector<std::string>& argv, const std::string& stderr_file = "");
  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&&) = delete;
  ~ServerProcess();  // kills it if still running

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // Reads the server's stdout on, up to a line containing `marker`, and returns that line without
  // its newline (e.g. report_worker's "report_worker: print station on http://HOST:PORT/");
  // DEADLINE_EXCEEDED after `timeout`, UNAVAILABLE when stdout closes first. Lines before it are
  // skipped. (stdout stays a pipe until Stop: a server should print a few lines there, not 64 KiB.)
  [[nodiscard]] absl::StatusOr<std::string> ReadLineContaining(const std::string& marker,
                                                               absl::Duration timeout = absl::Seconds(30));
  // Sends `signal` and waits: the exit code, or 128 + signal when it was killed by one.
  int Stop(int signal);

 private:
  ServerProcess(pid_t pid, int out_fd, std::string address)
      : pid_(pid), out_fd_(out_fd), address_(std::move(address)) {}
  pid_t pid_;
  int out_fd_;  // its stdout
  std::string address_;
};

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_PROCESS_H_
