#include "common/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include <sys/file.h>

namespace werkmonitor {
namespace {

absl::Status Errno(absl::string_view what, const std::string& path) {
  const int error = errno;
  const std::string message = absl::StrCat(path, ": ", what, ": ", std::strerror(error));
  if (error == ENOENT) return absl::NotFoundError(message);
  if (error == EACCES || error == EPERM) return absl::PermissionDeniedError(message);
  // A full disk, a quota, or a file size limit: out of room either way.
  if (error == ENOSPC || error == EDQUOT || error == EFBIG) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Errno("cannot read", path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  const std::string temporary = absl::StrCat(path, ".tmp.", ::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", temporary);
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      absl::Status failed = Errno("cannot write", temporary);
      ::close(fd);
      ::unlink(temporary.c_str());
      return failed;
    }
    written += static_cast<size_t>(n);
  }
  // Closed whether or not fsync worked; either failure means the content may not be on disk.
  absl::Status flushed = ::fsync(fd) == 0 ? absl::OkStatus() : Errno("cannot flush", temporary);
  if (::close(fd) != 0 && flushed.ok()) flushed = Errno("cannot flush", temporary);
  if (flushed.ok() && std::rename(temporary.c_str(), path.c_str()) != 0) {
    flushed = Errno("cannot rename into place", path);
  }
  if (!flushed.ok()) ::unlink(temporary.c_str());
  return flushed;
}

absl::StatusOr<ProcessLock> ProcessLock::Acquire(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot open lock file", path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char owner[32] = {};
    const ssize_t got = ::pread(fd, owner, sizeof owner - 1, 0);
    ::close(fd);
    if (error != EWOULDBLOCK) {
      errno = error;
      return Errno("cannot lock", path);
    }
    return absl::FailedPreconditionError(absl::StrCat(path, " is held by process ",
                                                      got > 0 ? absl::StripAsciiWhitespace(owner) : "?",
                                                      ": another instance is using the same files"));
  }
  const std::string pid = absl::StrCat(::getpid(), "\n");
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    absl::Status error = Errno("cannot write", path);
    ::close(fd);
    return error;
  }
  return ProcessLock(fd);
}

ProcessLock::~ProcessLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace werkmonitor
