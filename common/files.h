// Whole-file reads, crash-safe writes, and a lock that keeps a second process off a file.
//
//   absl::Status s = WriteFileAtomically("out/leaflet-pl.pdf", bytes);
//   absl::StatusOr<ProcessLock> lock = ProcessLock::Acquire("var/monitor.db.lock");
#ifndef WERKMONITOR_COMMON_FILES_H_
#define WERKMONITOR_COMMON_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

[[nodiscard]] absl::StatusOr<std::string> ReadFile(const std::string& path);

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
