#include "tests/support/process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
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

// Reads both pipes until both are closed, whichever the child writes to: reading one to its end
// first would deadlock on a child that fills the other's 64 KiB buffer meanwhile.
void ReadBoth(int out_fd, int err_fd, std::string& out, std::string& err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open_pipes = 2;
  char buffer[4096];
  while (open_pipes > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, n);
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;  // poll ignores negative descriptors
        --open_pipes;
      }
    }
  }
}

int ExitCode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

RefusingPort::RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port_ = ntohs(address.sin_port);
  }
}

RefusingPort::~RefusingPort() {
  if (fd_ >= 0) close(fd_);
}

std::string RefusingPort::address() const { return absl::StrCat("127.0.0.1:", port_); }

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
  ReadBoth(out[0], err[0], result.out, result.err);
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = ExitCode(status);
  return result;
}

absl::StatusOr<ServerProcess> ServerProcess::Start(const std::vector<std::string>& args,
                                                   const std::string& stderr_file) {
  int out[2];
  // Close-on-exec: the read end stays open in this process, and later children must not inherit
  // it (dup2 gives the child's stdout without the flag).
  if (pipe2(out, O_CLOEXEC) != 0) return absl::InternalError("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    if (!stderr_file.empty()) {
      const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (err >= 0) dup2(err, 2);
    }
    close(out[0]);
    execv(args[0].c_str(), Argv(args).data());
    _exit(127);
  }
  close(out[1]);
  ServerProcess server(pid, out[0], "");
  absl::StatusOr<std::string> line = server.ReadLineContaining("listening on ");
  if (!line.ok()) {
    const int exit_code = server.Stop(SIGKILL);
    return absl::UnavailableError(
        absl::StrCat("server did not start (exit ", exit_code, "): ", line.status().message()));
  }
  const std::string marker = "listening on ";
  server.address_ = std::string(absl::StripAsciiWhitespace(line->substr(line->find(marker) + marker.size())));
  return server;
}

absl::StatusOr<std::string> ServerProcess::ReadLineContaining(const std::string& marker, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string line;
  while (true) {
    const int64_t left_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    pollfd wait_for{out_fd_, POLLIN, 0};
    const int ready = left_ms <= 0 ? 0 : poll(&wait_for, 1, static_cast<int>(left_ms));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      return absl::DeadlineExceededError(absl::StrCat("no line with \"", marker, "\" on stdout; last: ", line));
    }
    char c;
    const ssize_t n = read(out_fd_, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) return absl::UnavailableError(absl::StrCat("stdout closed before \"", marker, "\"; last: ", line));
    if (c != '\n') {
      line += c;
    } else if (absl::StrContains(line, marker)) {
      return line;
    } else {
      line.clear();
    }
  }
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(other.pid_), out_fd_(other.out_fd_), address_(std::move(other.address_)) {
  other.pid_ = -1;
  other.out_fd_ = -1;
}

ServerProcess::~ServerProcess() { Stop(SIGKILL); }

int ServerProcess::Stop(int signal) {
  int exit_code = -1;
  if (pid_ > 0) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_code = ExitCode(status);
  }
  // Only now: a server that prints while it stops must not die of a closed pipe.
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
  return exit_code;
}

}  // namespace werkmonitor::testing
