// One small logging facility for the binaries (Abseil 20220623 has no absl/log).
//
//   WM_LOG(INFO) << "listening on " << address;
//   WM_LOG(ERROR) << status;
//
// Lines go to stderr as "I 2026-11-28T18:20:01Z message". The level threshold is process-wide and
// can be raised with SetMinLogLevel(LogLevel::kWarning) (tests and quiet tools do).
#ifndef WERKMONITOR_COMMON_LOG_H_
#define WERKMONITOR_COMMON_LOG_H_

#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
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

// "2026-11-28T18:20:01Z" of `seconds` since 1970 into `out` (20 characters), with arithmetic only.
inline void FormatUtcSignalSafe(int64_t seconds, char* out) noexcept {
  // Days to civil date: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
  const int64_t days = seconds / 86400, in_day = seconds % 86400;
  const int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2);
  auto put = [&out](int64_t value, int digits, char after) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
    out[digits] = after;
    out += digits + 1;
  };
  put(year, 4, '-');
  put(month, 2, '-');
  put(day, 2, 'T');
  put(in_day / 3600, 2, ':');
  put(in_day / 60 % 60, 2, ':');
  put(in_day % 60, 2, 'Z');
}

}  // namespace log_internal

// For signal handlers, where nothing may allocate or take a lock: writes `message` as one line in
// the format above, with async-signal-safe calls only (clock_gettime, write).
inline void LogFromSignalHandler(LogLevel level, const char* message) noexcept {
  if (level < MinLogLevel().load()) return;
  char line[512];
  static constexpr char kLetters[] = {'I', 'W', 'E'};
  line[0] = kLetters[static_cast<int>(level)];
  line[1] = ' ';
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  log_internal::FormatUtcSignalSafe(now.tv_sec, line + 2);  // 20 characters, to line[21]
  line[22] = ' ';
  size_t length = 23;
  for (const char* c = message; *c != '\0' && length < sizeof line - 1; ++c) line[length++] = *c;
  line[length++] = '\n';
  for (size_t written = 0; written < length;) {
    const ssize_t n = ::write(STDERR_FILENO, line + written, length - written);
    if (n <= 0) return;  // nowhere to complain to
    written += static_cast<size_t>(n);
  }
}

}  // namespace werkmonitor

#define WM_LOG_LEVEL_INFO ::werkmonitor::LogLevel::kInfo
#define WM_LOG_LEVEL_WARNING ::werkmonitor::LogLevel::kWarning
#define WM_LOG_LEVEL_ERROR ::werkmonitor::LogLevel::kError
#define WM_LOG(level) ::werkmonitor::log_internal::LogLine(WM_LOG_LEVEL_##level)

#endif  // WERKMONITOR_COMMON_LOG_H_
