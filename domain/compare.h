// What changed between two published states: per measure the status, texts, milestones and owner;
// measures added or removed; and the dashboard per theme and status. Computed from the two data
// sets alone, so the same pair always gives the same answer (the documents print it, the API and
// `monitorctl diff` return it, a review page shows a draft against the published measure).
//
//   monitor::v1::SnapshotComparison c = CompareSnapshots(base, target);
//   for (const monitor::v1::MeasureChange& m : c.measures()) ...
#ifndef WERKMONITOR_DOMAIN_COMPARE_H_
#define WERKMONITOR_DOMAIN_COMPARE_H_

#include <optional>

#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// The changes from `base` to `target` (see monitor.v1.SnapshotComparison): `base` and `target`
// infos are copied from the snapshots, the dashboards compared from their `dashboard` fields.
[[nodiscard]] monitor::v1::SnapshotComparison CompareSnapshots(const monitor::v1::Snapshot& base,
                                                               const monitor::v1::Snapshot& target);

// The change of one measure (kind CHANGED), or nullopt when nothing a reader sees differs: status,
// Dutch title, summary and body, milestones (ids, dates, reached), owner, progress note.
[[nodiscard]] std::optional<monitor::v1::MeasureChange> CompareMeasures(const monitor::v1::Measure& base,
                                                                        const monitor::v1::Measure& target);

// Whether `to` lies later than `from`: its last possible day is later (see domain/partial_date.h).
[[nodiscard]] bool IsLater(const monitor::v1::PartialDate& to, const monitor::v1::PartialDate& from);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_COMPARE_H_
