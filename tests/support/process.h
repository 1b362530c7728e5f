// Running the project's binaries from tests: a server in the background, and one-shot commands.
#ifndef WERKMONITOR_TESTS_SUPPORT_PROCESS_H_
#define WERKMONITOR_TESTS_SUPPORT_PROCESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include <sys/types.h>

namespace werkmonitor::testing {

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

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
  static absl::StatusOr<ServerProcess> Start(const std::vector<std::string>& argv);
  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&&) = delete;
  ~ServerProcess();  // kills it if still running

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }
  // Sends `signal` and waits: the exit code, or 128 + signal when it was killed by one.
  int Stop(int signal);

 private:
  ServerProcess(pid_t pid, std::string address) : pid_(pid), address_(std::move(address)) {}
  pid_t pid_;
  std::string address_;
};

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_PROCESS_H_
