// Whole-file reads and crash-safe writes.
//
//   absl::Status s = WriteFileAtomically("out/leaflet-pl.pdf", bytes);
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

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_FILES_H_
