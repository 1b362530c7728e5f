// Bounded whole-file reads, crash-safe writes, and a lock that keeps a second process off a file.
//
//   absl::Status s = WriteFileAtomically("out/leaflet-pl.pdf", bytes);
//   absl::StatusOr<ProcessLock> lock = ProcessLock::Acquire("var/monitor.db.lock");
#ifndef WERKMONITOR_COMMON_FILES_H_
#define WERKMONITOR_COMMON_FILES_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

// What ReadFile reads at most unless told otherwise: far more than any input of the project.
inline constexpr int64_t kMaxReadBytes = int64_t{64} << 20;

// The whole of a regular file of at most `max_bytes`. What cannot be read in bounded time and
// memory is refused before reading, as INVALID_ARGUMENT naming the file: a FIFO (which would wait
// for a writer), a device (/dev/zero never ends), a directory, a larger file. NOT_FOUND when the
// file does not exist.
[[nodiscard]] absl::StatusOr<std::string> ReadFile(const std::string& path, int64_t max_bytes = kMaxReadBytes);

// Writes to a temporary file next to `path`, fsyncs it and renames it over `path`: readers see the
// old file or the complete new one, never a truncated one.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents);

// An exclusive flock() on a lock file holding the owner's pid, released when the object is
// destroyed or the process dies (even by kill -9, so a crash never leaves a stale lock).
class ProcessLock {
 public:
  // FAILED_PRECONDITION "... is held by process N" when another process holds it.
  [[nodiscard]] static absl::StatusOr<ProcessLock> Acquire(const std::string& path);
  ProcessLock(ProcessLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ProcessLock& operator=(ProcessLock&&) = delete;
  ~ProcessLock();

 private:
  explicit ProcessLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_FILES_H_
