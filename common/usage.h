// --help for the werkmonitor programs: the usage message, and every flag the program has that is
// not Abseil's own. (Abseil's default lists only flags defined in a file named after the program,
// which misses the shared flags in common/ and every flag of a main.cc.)
//
//   int main(int argc, char** argv) {
//     SetUsage("Serves the werkmonitor measure data ...");
//     absl::ParseCommandLine(argc, argv);
#ifndef WERKMONITOR_COMMON_USAGE_H_
#define WERKMONITOR_COMMON_USAGE_H_

#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace werkmonitor {

inline void SetUsage(absl::string_view message) {
  absl::SetProgramUsageMessage(message);
  absl::FlagsUsageConfig config;
  config.contains_help_flags = [](absl::string_view file) { return !absl::StrContains(file, "absl/"); };
  config.contains_helpshort_flags = config.contains_help_flags;
  absl::SetFlagsUsageConfig(config);
}

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_USAGE_H_
