// What monitorctl's commands share to read and print values: column padding, status labels,
// times, and dates at their precision.
#ifndef WERKMONITOR_MONITOR_SERVICE_CTL_FORMAT_H_
#define WERKMONITOR_MONITOR_SERVICE_CTL_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor::ctl {

// Pads to `width` characters (code points, not bytes, so "één" lines up), after or before the text.
std::string Pad(absl::string_view text, size_t width);
std::string PadLeft(absl::string_view text, size_t width);

// The Dutch label of a status, or "(deelmaatregelen)" for a parent's unspecified one.
std::string Label(monitor::v1::Status status);

// "2026-06-01 09:30:00 UTC"
std::string FormatTime(const google::protobuf::Timestamp& time);

// A date at its precision: "2026-06-01" (DAY), "2026-06" (MONTH), "2026" (YEAR), "najaar 2026"
// (PERIOD); "-" when unset.
std::string FormatDate(const monitor::v1::PartialDate& date);

// "YYYY-MM-DD" (DAY), "YYYY-MM" (MONTH) or "YYYY" (YEAR); a usage error naming `flag` otherwise,
// and for a day that does not exist.
[[nodiscard]] absl::StatusOr<monitor::v1::PartialDate> ParseDate(absl::string_view flag, absl::string_view text);

// A snapshot id, or 0 for "latest" (and for "", which the caller gives its own meaning).
[[nodiscard]] absl::StatusOr<int64_t> ParseSnapshotId(absl::string_view text);

// A positive id, or a usage error naming `what`.
[[nodiscard]] absl::StatusOr<int64_t> ParseId(absl::string_view what, absl::string_view text);

}  // namespace werkmonitor::ctl

#endif  // WERKMONITOR_MONITOR_SERVICE_CTL_FORMAT_H_
