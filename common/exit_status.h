// How the binaries turn a failure into one line on stderr and an exit code.
//
//   if (!status.ok()) return ExitWith("monitor_server", status);
#ifndef WERKMONITOR_COMMON_EXIT_STATUS_H_
#define WERKMONITOR_COMMON_EXIT_STATUS_H_

#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

// Exit codes shared by the command-line tools.
inline constexpr int kExitFailure = 1;      // the operation failed (the message says why)
inline constexpr int kExitUsage = 2;        // wrong command line
inline constexpr int kExitUnavailable = 3;  // the server could not be reached

inline int ExitWith(absl::string_view program, const absl::Status& status) {
  if (status.ok()) return 0;
  std::cerr << program << ": " << absl::StatusCodeToString(status.code()) << ": " << status.message() << std::endl;
  return status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kDeadlineExceeded
             ? kExitUnavailable
             : kExitFailure;
}

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_EXIT_STATUS_H_
