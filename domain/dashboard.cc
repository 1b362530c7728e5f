#include "domain/dashboard.h"

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
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
  absl::flat_hash_set<std::string> parents;
  for (const auto& measure : data.measures()) {
    if (!measure.parent_id().empty()) parents.insert(measure.parent_id());
  }
  Dashboard dashboard;
  absl::flat_hash_map<std::string, DashboardRow*> rows;
  for (const auto& theme : data.themes()) {
    DashboardRow* row = dashboard.add_themes();
    *row = EmptyRow(theme.id());
    rows[theme.id()] = row;
  }
  *dashboard.mutable_total() = EmptyRow("");
  for (const auto& measure : data.measures()) {
    if (parents.contains(measure.id()) || !IsKnownStatus(measure.status())) continue;
    auto row = rows.find(measure.theme_id());
    if (row != rows.end()) Count(*row->second, measure.status());
    Count(*dashboard.mutable_total(), measure.status());
  }
  return dashboard;
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
      int printed_count = 0;
      for (const auto& count : printed.counts()) {
        if (count.status() == info.status) printed_count = count.count();
      }
      compare(std::string(info.label_nl), printed_count, CountOf(actual, info.status));
    }
  }
  return differences;
}

}  // namespace werkmonitor
