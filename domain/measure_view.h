// Resource views of a measure (monitor.v1.MeasureView), as Google's API design guide has them: a
// list returns BASIC unless FULL is asked for, so a page of 50 measures costs titles, not bodies.
#ifndef WERKMONITOR_DOMAIN_MEASURE_VIEW_H_
#define WERKMONITOR_DOMAIN_MEASURE_VIEW_H_

#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// UNSPECIFIED (which means BASIC), BASIC or FULL.
[[nodiscard]] bool IsKnownView(monitor::v1::MeasureView view);

// Writes `measure` as `view` shows it into `out` (empty): FULL copies everything; BASIC and
// UNSPECIFIED copy identity, title, status, owner and revision, and no body, summary, milestones
// or reported texts.
void Viewed(const monitor::v1::Measure& measure, monitor::v1::MeasureView view, monitor::v1::Measure& out);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_MEASURE_VIEW_H_
