// What changed between two snapshots, as monitorctl prints it: a header naming both snapshots, one
// line per changed, added or removed measure, and the dashboard rows whose figures changed. Dutch,
// like the rest of monitorctl's output; dates at the precision the source gave them.
//
//   std::cout << FormatComparison(CompareSnapshots(base, target), base.data(), target.data());
#ifndef WERKMONITOR_MONITOR_SERVICE_CTL_DIFF_TEXT_H_
#define WERKMONITOR_MONITOR_SERVICE_CTL_DIFF_TEXT_H_

#include <string>

#include "monitor/v1/monitor.pb.h"

namespace werkmonitor::ctl {

// `comparison` as computed from the two data sets (their titles name the measures and themes).
[[nodiscard]] std::string FormatComparison(const monitor::v1::SnapshotComparison& comparison,
                                           const monitor::v1::DataSet& base, const monitor::v1::DataSet& target);

// A date in Dutch at its precision: "1 oktober 2027", "juni 2025", "eind 2025", "2026".
[[nodiscard]] std::string DutchDate(const monitor::v1::PartialDate& date);

}  // namespace werkmonitor::ctl

#endif  // WERKMONITOR_MONITOR_SERVICE_CTL_DIFF_TEXT_H_
