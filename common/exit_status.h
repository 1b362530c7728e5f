// How the binaries turn a failure into one line on stderr and an exit code.
//
//   if (!status.ok()) return ExitWith("monitor_server", status);
#ifndef WERKMONITOR_COMMON_EXIT_STATUS_H_
#define WERKMONITOR_COMMON_EXIT_STATUS_H_

#include <iostream>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

// Exit codes shared by the command-line tools.
inline constexpr int kExitFailure = 1;      // the operation failed (the message says why)
inline constexpr int kExitUsage = 2;        // wrong command line
inline constexpr int kExitUnavailable = 3;  // the server could not be reached

// Marks an error as a wrong command line (exit code 2) rather than a failed operation.
inline constexpr char kUsagePayload[] = "werkmonitor/usage";

inline absl::Status UsageError(absl::string_view program, absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(message, " (see ", program, " --help)"));
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

// Prints a failure as one line and gives the exit code: a usage error as "program: message" with
// 2, an unreachable service with 3, any other failure with its canonical code and 1.
inline int ExitWith(absl::string_view program, const absl::Status& status) {
  if (status.ok()) return 0;
  if (status.GetPayload(kUsagePayload).has_value()) {
    std::cerr << program << ": " << status.message() << std::endl;
    return kExitUsage;
  }
  std::cerr << program << ": " << absl::StatusCodeToString(status.code()) << ": " << status.message() << std::endl;
  return status.code() == absl::StatusCode::kUnavailable || status.code() == absl::StatusCode::kDeadlineExceeded
             ? kExitUnavailable
             : kExitFailure;
}

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_EXIT_STATUS_H_
