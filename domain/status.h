// The six statuses of a measure: enum name, Dutch label and legend text as printed in the appendix,
// and the colour the documents use for them.
//
//   for (const StatusInfo& s : AllStatuses()) table.AddColumn(s.label_nl);
//   absl::StatusOr<monitor::v1::Status> s = ParseStatus("In uitvoering, vertraagd");  // VERTRAAGD
#ifndef WERKMONITOR_DOMAIN_STATUS_H_
#define WERKMONITOR_DOMAIN_STATUS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

struct StatusInfo {
  monitor::v1::Status status;
  absl::string_view enum_name;  // "VERTRAAGD"
  absl::string_view label_nl;   // "In uitvoering, vertraagd"
  absl::string_view legend_nl;  // "De maatregel is in uitvoering maar vertraagd"
  uint32_t rgb;                 // 0xRRGGBB, from the Rijkshuisstijl palette
};

// The six statuses in legend order (which is also enum order).
absl::Span<const StatusInfo> AllStatuses();

// Info of one of the six statuses. Snapshots are checked where they enter the worker
// (ValidateSnapshot), so other values do not reach here; if one does, it gets a neutral entry
// (STATUS_UNSPECIFIED, "Onbekend", grey) whose catalog messages do not exist: rendering fails with
// a Status instead of the process with std::out_of_range.
const StatusInfo& InfoFor(monitor::v1::Status status);

// True for the six statuses, false for STATUS_UNSPECIFIED and values outside the enum.
bool IsKnownStatus(int value);

// Accepts the Dutch label as printed ("In uitvoering, vertraagd"), the enum name ("VERTRAAGD"), in
// any letter case and with surrounding spaces; "_" and "-" may stand for spaces.
// Anything else is INVALID_ARGUMENT listing the accepted names.
[[nodiscard]] absl::StatusOr<monitor::v1::Status> ParseStatus(absl::string_view text);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_STATUS_H_
