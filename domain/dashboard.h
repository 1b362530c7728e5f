// The dashboard: how many measures have each status, per theme and in total. Always computed from
// the measures, never typed in: a measure with sub-measures is not counted, its sub-measures are
// (MeasureTree::Leaves).
//
//   Dashboard d = ComputeDashboard(data);
//   for (const FigureDifference& diff : CompareWithPublished(data.published(), d)) ...
#ifndef WERKMONITOR_DOMAIN_DASHBOARD_H_
#define WERKMONITOR_DOMAIN_DASHBOARD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "domain/measure_tree.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// Rows in theme order, each with the six statuses in legend order. `revision` is left 0.
[[nodiscard]] monitor::v1::Dashboard ComputeDashboard(const monitor::v1::DataSet& data);
// The same from themes and measures held apart.
[[nodiscard]] monitor::v1::Dashboard ComputeDashboard(
    const google::protobuf::RepeatedPtrField<monitor::v1::Theme>& themes, const MeasureTree& measures);

// The milestone figures of a dashboard, per row: milestones_overdue counted against `as_of` (the
// dashboard's as_of is set to it), milestones_moved against `previous` (the previous snapshot's
// data; none: zeros). Leaves and parents alike: a milestone belongs to the measure that names it.
void CountMilestones(monitor::v1::Dashboard& dashboard, const monitor::v1::DataSet& data,
                     const monitor::v1::PartialDate& as_of, const monitor::v1::DataSet* previous);

// Count of `status` in a row (0 when absent).
[[nodiscard]] int CountOf(const monitor::v1::DashboardRow& row, monitor::v1::Status status);

// One cell where a published figure differs from the computed one.
struct FigureDifference {
  std::string theme_id;       // empty for the total row
  std::string printed_label;  // the row as the document printed it
  std::string column;         // "Maatregelen totaal" or the status label
  int published = 0;
  int computed = 0;
};

// Every cell (total and per status) of every published row compared with the computed dashboard.
// A published row for a theme the data set does not have is compared with zeros.
[[nodiscard]] std::vector<FigureDifference> CompareWithPublished(const monitor::v1::PublishedFigures& published,
                                                                 const monitor::v1::Dashboard& computed);

// A place where published figures contradict themselves.
struct PublishedInconsistency {
  std::string printed_label;  // the row ("Handhaving en toezicht") or, for a column sum, "Totaal"
  std::string column;         // "Maatregelen totaal" or a status label
  int printed = 0;            // what the document printed there
  int64_t sum = 0;            // what the printed figures it summarizes add up to (any int32s: wide)
};

// Checks the published figures' own arithmetic: per row, the status counts against "Maatregelen
// totaal"; per column, the theme rows against the total row.
[[nodiscard]] std::vector<PublishedInconsistency> CheckPublishedArithmetic(
    const monitor::v1::PublishedFigures& published);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_DASHBOARD_H_
