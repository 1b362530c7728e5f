#include "domain/dashboard.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::DashboardRow;

TEST(DashboardTest, CountsSubMeasuresNotParents) {
  const monitor::v1::Dashboard dashboard = ComputeDashboard(testing::SmallDataSet());
  ASSERT_EQ(dashboard.themes_size(), 2);
  const DashboardRow& registratie = dashboard.themes(1);
  EXPECT_EQ(registratie.theme_id(), "registratie");
  // registratie-1 (VERTRAAGD), registratie-2a (AFGEROND), registratie-2b (IN_UITVOERING);
  // the parent registratie-2 is not a measure of its own.
  EXPECT_EQ(registratie.total(), 3);
  EXPECT_EQ(CountOf(registratie, monitor::v1::AFGEROND), 1);
  EXPECT_EQ(CountOf(registratie, monitor::v1::IN_UITVOERING), 1);
  EXPECT_EQ(CountOf(registratie, monitor::v1::VERTRAAGD), 1);
  EXPECT_EQ(CountOf(registratie, monitor::v1::DOORLOPEND), 0);
}

TEST(DashboardTest, TotalRowAddsUpTheThemes) {
  const monitor::v1::Dashboard dashboard = ComputeDashboard(testing::SmallDataSet());
  EXPECT_EQ(dashboard.total().total(), 5);
  EXPECT_EQ(CountOf(dashboard.total(), monitor::v1::AFGEROND), 2);
  EXPECT_EQ(CountOf(dashboard.total(), monitor::v1::IN_UITVOERING), 2);
  EXPECT_EQ(CountOf(dashboard.total(), monitor::v1::VERTRAAGD), 1);
  // Every row lists all six statuses in legend order, zeros included.
  ASSERT_EQ(dashboard.total().counts_size(), 6);
  EXPECT_EQ(dashboard.total().counts(5).status(), monitor::v1::ANDERS_UITGEVOERD);
  EXPECT_EQ(dashboard.total().counts(5).count(), 0);
}

TEST(DashboardTest, ReportsEveryPublishedCellThatDiffers) {
  const monitor::v1::DataSet data = testing::SmallDataSet();
  const std::vector<FigureDifference> differences = CompareWithPublished(data.published(), ComputeDashboard(data));
  ASSERT_EQ(differences.size(), 2u);
  EXPECT_EQ(differences[0].printed_label, "Registratie");
  EXPECT_EQ(differences[0].column, "Maatregelen totaal");
  EXPECT_EQ(differences[0].published, 4);
  EXPECT_EQ(differences[0].computed, 3);
  EXPECT_EQ(differences[1].column, "In uitvoering");
  EXPECT_EQ(differences[1].published, 2);
  EXPECT_EQ(differences[1].computed, 1);
}

TEST(DashboardTest, FindsPublishedFiguresThatContradictThemselves) {
  monitor::v1::PublishedFigures published;
  auto* total = published.add_rows();
  total->set_printed_label("Totaal");
  total->set_total(3);
  auto* count = total->add_counts();
  count->set_status(monitor::v1::AFGEROND);
  count->set_count(3);
  auto* row = published.add_rows();
  row->set_theme_id("werk");
  row->set_printed_label("Werk");
  row->set_total(2);  // but its counts add up to 3
  count = row->add_counts();
  count->set_status(monitor::v1::AFGEROND);
  count->set_count(3);

  const std::vector<PublishedInconsistency> found = CheckPublishedArithmetic(published);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].printed_label, "Werk");
  EXPECT_EQ(found[0].column, "Maatregelen totaal");
  EXPECT_EQ(found[0].printed, 2);
  EXPECT_EQ(found[0].sum, 3);
  EXPECT_EQ(found[1].printed_label, "Totaal");  // the theme rows' totals add up to 2, not 3
  EXPECT_EQ(found[1].column, "Maatregelen totaal");
  EXPECT_EQ(found[1].printed, 3);
  EXPECT_EQ(found[1].sum, 2);
}

TEST(DashboardTest, AddsUpPublishedFiguresOfAnySize) {
  // Found with the importer fuzz target's build (UBSan): the sums overflowed int.
  constexpr int32_t kLargest = std::numeric_limits<int32_t>::max();
  monitor::v1::PublishedFigures published;
  for (const char* theme : {"", "werk"}) {  // the total row and one theme row, the same figures
    auto* row = published.add_rows();
    row->set_theme_id(theme);
    row->set_printed_label(*theme ? "Werk" : "Totaal");
    row->set_total(kLargest);
    for (monitor::v1::Status status : {monitor::v1::AFGEROND, monitor::v1::DOORLOPEND}) {
      auto* count = row->add_counts();
      count->set_status(status);
      count->set_count(kLargest);
    }
  }
  const std::vector<PublishedInconsistency> found = CheckPublishedArithmetic(published);
  ASSERT_EQ(found.size(), 2u);  // each row's counts against its total; the columns agree
  for (const PublishedInconsistency& inconsistency : found) {
    EXPECT_EQ(inconsistency.printed, 2147483647);
    EXPECT_EQ(inconsistency.sum, int64_t{4294967294});
  }
}

// --- milestones ------------------------------------------------------------------------------------

monitor::v1::PartialDate Day(int year, int month, int day) {
  monitor::v1::PartialDate date;
  date.set_precision(monitor::v1::PartialDate::DAY);
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// werk-1 with one milestone dated `date` (text format), reached or not.
monitor::v1::DataSet WithMilestone(const std::string& date, bool reached = false) {
  monitor::v1::DataSet data = testing::SmallDataSet();
  monitor::v1::Milestone* milestone = data.mutable_measures(0)->mutable_milestones(0);
  milestone->clear_date();
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(date, milestone->mutable_date())) << date;
  milestone->set_reached(reached);
  return data;
}

// Overdue milestones in the total row, counted against `as_of`.
int Overdue(const monitor::v1::DataSet& data, const monitor::v1::PartialDate& as_of) {
  monitor::v1::Dashboard dashboard = ComputeDashboard(data);
  CountMilestones(dashboard, data, as_of, nullptr);
  return dashboard.total().milestones_overdue();
}

TEST(CountMilestonesTest, OverdueOnlyWhenEvenTheLastPossibleDayHasPassed) {
  const auto december = WithMilestone("precision: MONTH year: 2025 month: 12");
  EXPECT_EQ(Overdue(december, Day(2025, 12, 31)), 0);  // "december 2025" can still mean the 31st
  EXPECT_EQ(Overdue(december, Day(2026, 1, 1)), 1);
  const auto end = WithMilestone("precision: PERIOD year: 2025 period: END");
  EXPECT_EQ(Overdue(end, Day(2025, 12, 31)), 0);
  EXPECT_EQ(Overdue(end, Day(2026, 1, 1)), 1);  // "eind 2025"
  const auto day = WithMilestone("precision: DAY year: 2026 month: 3 day: 1");
  EXPECT_EQ(Overdue(day, Day(2026, 3, 1)), 0);  // due today is not overdue
  EXPECT_EQ(Overdue(day, Day(2026, 3, 2)), 1);
  EXPECT_EQ(Overdue(WithMilestone("precision: YEAR year: 2025"), Day(2026, 1, 1)), 1);
}

TEST(CountMilestonesTest, AnAsOfDateOfLowerPrecisionCountsFromItsFirstDay) {
  const auto december = WithMilestone("precision: MONTH year: 2025 month: 12");
  monitor::v1::PartialDate january;
  january.set_precision(monitor::v1::PartialDate::MONTH);
  january.set_year(2026);
  january.set_month(1);
  EXPECT_EQ(Overdue(december, january), 1);
  january.set_month(12);
  january.set_year(2025);
  EXPECT_EQ(Overdue(december, january), 0);
}

TEST(CountMilestonesTest, AReachedMilestoneIsNeverOverdue) {
  EXPECT_EQ(Overdue(WithMilestone("precision: YEAR year: 2020", /*reached=*/true), Day(2026, 1, 1)), 0);
}

TEST(CountMilestonesTest, CountsPerThemeAndTotalAndSetsAsOf) {
  monitor::v1::DataSet data = WithMilestone("precision: YEAR year: 2024");
  // A milestone on the parent registratie-2 counts too, in its theme.
  monitor::v1::Milestone* parent = data.mutable_measures(3)->add_milestones();
  parent->set_id("start");
  *parent->mutable_date() = Day(2025, 1, 1);
  monitor::v1::Dashboard dashboard = ComputeDashboard(data);
  dashboard.mutable_total()->set_milestones_overdue(99);  // stale figures are replaced, not added to
  CountMilestones(dashboard, data, Day(2026, 1, 1), nullptr);
  EXPECT_EQ(dashboard.themes(0).milestones_overdue(), 1);
  EXPECT_EQ(dashboard.themes(1).milestones_overdue(), 1);
  EXPECT_EQ(dashboard.total().milestones_overdue(), 2);
  EXPECT_EQ(dashboard.total().milestones_moved(), 0);  // no previous snapshot
  EXPECT_EQ(dashboard.as_of().year(), 2026);
}

TEST(CountMilestonesTest, MovedCountsOnlyDatesMovedLaterThanInThePrevious) {
  const monitor::v1::DataSet previous = WithMilestone("precision: MONTH year: 2026 month: 12");
  auto moved = [&](const std::string& date) {
    const monitor::v1::DataSet data = WithMilestone(date);
    monitor::v1::Dashboard dashboard = ComputeDashboard(data);
    CountMilestones(dashboard, data, Day(2026, 6, 1), &previous);
    EXPECT_EQ(dashboard.themes(0).milestones_moved(), dashboard.total().milestones_moved());
    return dashboard.total().milestones_moved();
  };
  EXPECT_EQ(moved("precision: MONTH year: 2027 month: 1"), 1);
  EXPECT_EQ(moved("precision: MONTH year: 2026 month: 12"), 0);        // unchanged
  EXPECT_EQ(moved("precision: MONTH year: 2026 month: 6"), 0);         // earlier
  EXPECT_EQ(moved("precision: PERIOD year: 2026 period: END"), 0);     // wider, not later
  EXPECT_EQ(moved("precision: DAY year: 2026 month: 12 day: 31"), 1);  // narrowed to its last day

  // A milestone the previous snapshot did not have has not moved.
  monitor::v1::DataSet data = WithMilestone("precision: YEAR year: 2030");
  data.mutable_measures(0)->mutable_milestones(0)->set_id("nieuw");
  monitor::v1::Dashboard dashboard = ComputeDashboard(data);
  CountMilestones(dashboard, data, Day(2026, 6, 1), &previous);
  EXPECT_EQ(dashboard.total().milestones_moved(), 0);
}

}  // namespace
}  // namespace werkmonitor
