#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

namespace werkmonitor::testing {
namespace {

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  return argv;
}

std::string ReadAll(int fd) {
  std::string data;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) data.append(buffer, n);
  return data;
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::string BinaryPath(const std::string& relative) { return absl::StrCat(WERKMONITOR_BINARY_DIR, "/", relative); }

CommandResult RunCommand(const std::vector<std::string>& args) {
  int out[2], err[2];
  CommandResult result;
  if (pipe(out) != 0 || pipe(err) != 0) return result;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    execv(args[0].c_str(), Argv(args).data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  // Outputs are small: read stdout, then stderr (a pipe buffer holds 64 KiB).
  result.out = ReadAll(out[0]);
  result.err = ReadAll(err[0]);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = ExitCode(status);
  return result;
}

absl::StatusOr<ServerProcess> ServerProcess::Start(const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) return absl::InternalError("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    execv(args[0].c_str(), Argv(args).data());
    _exit(127);
  }
  close(out[1]);
  std::string line;
  pollfd wait_for{out[0], POLLIN, 0};
  while (!absl::StrContains(line, "\n") && poll(&wait_for, 1, 30000) > 0) {
    char c;
    if (read(out[0], &c, 1) != 1) break;
    line += c;
  }
  close(out[0]);
  const std::string marker = "listening on ";
  const size_t at = line.find(marker);
  if (at == std::string::npos) {
    kill(pid, SIGKILL);
    int status;
    waitpid(pid, &status, 0);
    return absl::UnavailableError(absl::StrCat("server did not start (exit ", ExitCode(status), "): ", line));
  }
  return ServerProcess(pid, std::string(absl::StripAsciiWhitespace(line.substr(at + marker.size()))));
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept : pid_(other.pid_), address_(std::move(other.address_)) {
  other.pid_ = -1;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitCode(status);
}

}  // namespace werkmonitor::testing
