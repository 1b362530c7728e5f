#include "domain/dashboard.h"

#include <cstdint>
#include <limits>

#include "gmock/gmock.h"
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

}  // namespace
}  // namespace werkmonitor
