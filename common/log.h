// One small logging facility for the binaries (Abseil 20220623 has no absl/log).
//
//   WM_LOG(INFO) << "listening on " << address;
//   WM_LOG(ERROR) << status;
//
// Lines go to stderr as "I 2026-11-28T18:20:01Z message". The level threshold is process-wide and
// can be raised with SetMinLogLevel(LogLevel::kWarning) (tests and quiet tools do).
#ifndef WERKMONITOR_COMMON_LOG_H_
#define WERKMONITOR_COMMON_LOG_H_

#include <atomic>
#include <iostream>
#include <sstream>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace werkmonitor {

enum class LogLevel { kInfo = 0, kWarning = 1, kError = 2 };

inline std::atomic<LogLevel>& MinLogLevel() {
  static std::atomic<LogLevel> level{LogLevel::kInfo};
  return level;
}
inline void SetMinLogLevel(LogLevel level) { MinLogLevel().store(level); }

namespace log_internal {

// Collects one line and writes it whole on destruction, so lines from threads do not interleave.
class LogLine {
 public:
  explicit LogLine(LogLevel level) : enabled_(level >= MinLogLevel().load()) {
    if (enabled_) {
      static constexpr char kLetters[] = {'I', 'W', 'E'};
      buffer_ << kLetters[static_cast<int>(level)] << ' '
              << absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()) << ' ';
    }
  }
  ~LogLine() {
    if (enabled_) {
      buffer_ << '\n';
      std::cerr << buffer_.str() << std::flush;
    }
  }
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  template <typename T>
  LogLine& operator<<(const T& value) {
    if (enabled_) buffer_ << value;
    return *this;
  }

 private:
  bool enabled_;
  std::ostringstream buffer_;
};

}  // namespace log_internal
}  // namespace werkmonitor

#define WM_LOG_LEVEL_INFO ::werkmonitor::LogLevel::kInfo
#define WM_LOG_LEVEL_WARNING ::werkmonitor::LogLevel::kWarning
#define WM_LOG_LEVEL_ERROR ::werkmonitor::LogLevel::kError
#define WM_LOG(level) ::werkmonitor::log_internal::LogLine(WM_LOG_LEVEL_##level)

#endif  // WERKMONITOR_COMMON_LOG_H_
