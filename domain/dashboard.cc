#include "domain/dashboard.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "domain/compare.h"
#include "domain/partial_date.h"
#include "domain/status.h"

namespace werkmonitor {
namespace {

using monitor::v1::Dashboard;
using monitor::v1::DashboardRow;
using monitor::v1::Status;

DashboardRow EmptyRow(const std::string& theme_id) {
  DashboardRow row;
  row.set_theme_id(theme_id);
  for (const StatusInfo& info : AllStatuses()) {
    auto* count = row.add_counts();
    count->set_status(info.status);
    count->set_count(0);
  }
  return row;
}

void Count(DashboardRow& row, Status status) {
  row.mutable_counts(static_cast<int>(status) - 1)->set_count(CountOf(row, status) + 1);
  row.set_total(row.total() + 1);
}

}  // namespace

int CountOf(const DashboardRow& row, Status status) {
  for (const auto& count : row.counts()) {
    if (count.status() == status) return count.count();
  }
  return 0;
}

Dashboard ComputeDashboard(const monitor::v1::DataSet& data) {
  return ComputeDashboard(data.themes(), MeasureTree(data));
}

Dashboard ComputeDashboard(const google::protobuf::RepeatedPtrField<monitor::v1::Theme>& themes,
                           const MeasureTree& measures) {
  Dashboard dashboard;
  absl::flat_hash_map<std::string, DashboardRow*> rows;
  for (const auto& theme : themes) {
    DashboardRow* row = dashboard.add_themes();
    *row = EmptyRow(theme.id());
    rows[theme.id()] = row;
  }
  *dashboard.mutable_total() = EmptyRow("");
  for (const monitor::v1::Measure* measure : measures.Leaves()) {
    if (!IsKnownStatus(measure->status())) continue;
    auto row = rows.find(measure->theme_id());
    if (row != rows.end()) Count(*row->second, measure->status());
    Count(*dashboard.mutable_total(), measure->status());
  }
  return dashboard;
}

void CountMilestones(Dashboard& dashboard, const monitor::v1::DataSet& data, const monitor::v1::PartialDate& as_of,
                     const monitor::v1::DataSet* previous) {
  *dashboard.mutable_as_of() = as_of;
  absl::flat_hash_map<std::string, DashboardRow*> rows;
  for (DashboardRow& row : *dashboard.mutable_themes()) {
    row.set_milestones_overdue(0);
    row.set_milestones_moved(0);
    rows[row.theme_id()] = &row;
  }
  DashboardRow& total = *dashboard.mutable_total();
  total.set_milestones_overdue(0);
  total.set_milestones_moved(0);

  // (measure id, milestone id) -> the previous date.
  absl::flat_hash_map<std::pair<std::string, std::string>, const monitor::v1::PartialDate*> previous_dates;
  if (previous != nullptr) {
    for (const monitor::v1::Measure& measure : previous->measures()) {
      for (const monitor::v1::Milestone& milestone : measure.milestones()) {
        previous_dates[{measure.id(), milestone.id()}] = &milestone.date();
      }
    }
  }
  // Overdue only when even the milestone's last possible day lies before the as-of date's first.
  const absl::CivilDay as_of_day = EarliestDay(as_of);
  for (const monitor::v1::Measure& measure : data.measures()) {
    auto found = rows.find(measure.theme_id());
    DashboardRow* row = found == rows.end() ? nullptr : found->second;
    for (const monitor::v1::Milestone& milestone : measure.milestones()) {
      const int overdue = !milestone.reached() && LatestDay(milestone.date()) < as_of_day ? 1 : 0;
      int moved = 0;
      if (auto before = previous_dates.find({measure.id(), milestone.id()}); before != previous_dates.end()) {
        moved = IsLater(milestone.date(), *before->second) ? 1 : 0;
      }
      for (DashboardRow* r : {row, &total}) {
        if (r == nullptr) continue;
        r->set_milestones_overdue(r->milestones_overdue() + overdue);
        r->set_milestones_moved(r->milestones_moved() + moved);
      }
    }
  }
}

namespace {

int PrintedCount(const monitor::v1::PublishedFigures::Row& row, Status status) {
  for (const auto& count : row.counts()) {
    if (count.status() == status) return count.count();
  }
  return 0;
}

}  // namespace

std::vector<PublishedInconsistency> CheckPublishedArithmetic(const monitor::v1::PublishedFigures& published) {
  std::vector<PublishedInconsistency> found;
  const monitor::v1::PublishedFigures::Row* total_row = nullptr;
  for (const auto& row : published.rows()) {
    if (row.theme_id().empty()) total_row = &row;
    int64_t sum = 0;
    for (const StatusInfo& info : AllStatuses()) sum += PrintedCount(row, info.status);
    if (sum != row.total()) found.push_back({row.printed_label(), "Maatregelen totaal", row.total(), sum});
  }
  if (total_row == nullptr) return found;
  auto check_column = [&](std::string column, int printed, auto value_of) {
    int64_t sum = 0;
    for (const auto& row : published.rows()) {
      if (!row.theme_id().empty()) sum += value_of(row);
    }
    if (sum != printed) found.push_back({total_row->printed_label(), std::move(column), printed, sum});
  };
  check_column("Maatregelen totaal", total_row->total(), [](const auto& row) { return row.total(); });
  for (const StatusInfo& info : AllStatuses()) {
    check_column(std::string(info.label_nl), PrintedCount(*total_row, info.status),
                 [&](const auto& row) { return PrintedCount(row, info.status); });
  }
  return found;
}

std::vector<FigureDifference> CompareWithPublished(const monitor::v1::PublishedFigures& published,
                                                   const Dashboard& computed) {
  absl::flat_hash_map<std::string, const DashboardRow*> rows;
  for (const auto& row : computed.themes()) rows[row.theme_id()] = &row;
  rows[""] = &computed.total();
  const DashboardRow no_measures = EmptyRow("");

  std::vector<FigureDifference> differences;
  for (const auto& printed : published.rows()) {
    auto found = rows.find(printed.theme_id());
    const DashboardRow& actual = found == rows.end() ? no_measures : *found->second;
    auto compare = [&](std::string column, int published_value, int computed_value) {
      if (published_value != computed_value) {
        differences.push_back(
            {printed.theme_id(), printed.printed_label(), std::move(column), published_value, computed_value});
      }
    };
    compare("Maatregelen totaal", printed.total(), actual.total());
    for (const StatusInfo& info : AllStatuses()) {
      compare(std::string(info.label_nl), PrintedCount(printed, info.status), CountOf(actual, info.status));
    }
  }
  return differences;
}

}  // namespace werkmonitor
