#include "common/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include <sys/file.h>
#include <sys/stat.h>

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

// "a FIFO", "a directory": what a path names instead of a regular file.
const char* KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a file";
}

std::string Bytes(int64_t bytes) {
  constexpr int64_t kMiB = int64_t{1} << 20;
  return bytes % kMiB == 0 && bytes > 0 ? absl::StrCat(bytes / kMiB, " MiB") : absl::StrCat(bytes, " bytes");
}

absl::Status TooLarge(const std::string& path, int64_t size, int64_t max_bytes) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": ", size, " bytes, more than the limit of ", Bytes(max_bytes)));
}

absl::StatusOr<std::string> ReadOpenFile(int fd, const std::string& path, int64_t max_bytes) {
  struct stat info;
  if (::fstat(fd, &info) != 0) return Errno("cannot read", path);
  if (!S_ISREG(info.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file but ", KindOf(info.st_mode)));
  }
  if (info.st_size > max_bytes) return TooLarge(path, info.st_size, max_bytes);
  std::string contents;
  contents.reserve(static_cast<size_t>(info.st_size));
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) return contents;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("cannot read", path);
    }
    contents.append(buffer, static_cast<size_t>(n));
    // The file may grow while it is read: the limit holds for what is read, not only for fstat.
    if (static_cast<int64_t>(contents.size()) > max_bytes) {
      return TooLarge(path, static_cast<int64_t>(contents.size()), max_bytes);
    }
  }
}

}  // namespace

absl::StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer before fstat could refuse it. It
  // changes nothing for a regular file.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return Errno("cannot read", path);
  absl::StatusOr<std::string> contents = ReadOpenFile(fd, path, max_bytes);
  ::close(fd);
  return contents;
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
