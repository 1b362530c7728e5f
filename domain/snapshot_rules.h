// What a snapshot read from outside the process (a file, the monitor service) must satisfy before
// anything renders it. A snapshot written by a newer service, or edited by hand, may hold enum
// values this build does not know; they are refused here, naming the measure and field, so that no
// document code ever meets them.
//
//   if (absl::Status s = ValidateSnapshot(snapshot); !s.ok()) return s;
#ifndef WERKMONITOR_DOMAIN_SNAPSHOT_RULES_H_
#define WERKMONITOR_DOMAIN_SNAPSHOT_RULES_H_

#include "absl/status/status.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// Every enum field holds a value of this build's monitor.proto: measure statuses, milestone date
// precisions and periods, block kinds of every body, the statuses of the dashboard and published
// figures; and every measure without sub-measures has a status. INVALID_ARGUMENT naming where,
// e.g. "measure registratie-2a: status 9 is not a known status".
[[nodiscard]] absl::Status ValidateSnapshot(const monitor::v1::Snapshot& snapshot);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_SNAPSHOT_RULES_H_
