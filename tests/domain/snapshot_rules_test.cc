#include "domain/snapshot_rules.h"

#include "domain/dashboard.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using monitor::v1::PartialDate;
using monitor::v1::Snapshot;
using ::testing::HasSubstr;

Snapshot SmallSnapshot() {
  Snapshot snapshot;
  snapshot.mutable_info()->set_id(3);
  *snapshot.mutable_data() = testing::SmallDataSet();
  *snapshot.mutable_dashboard() = ComputeDashboard(snapshot.data());
  return snapshot;
}

Measure& FindMeasure(Snapshot& snapshot, absl::string_view id) {
  for (Measure& m : *snapshot.mutable_data()->mutable_measures()) {
    if (m.id() == id) return m;
  }
  ADD_FAILURE() << "no measure " << id;
  return *snapshot.mutable_data()->mutable_measures(0);
}

void ExpectRefused(const Snapshot& snapshot, absl::string_view message) {
  absl::Status s = ValidateSnapshot(snapshot);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(testing::ErrorText(s), HasSubstr(std::string(message)));
}

TEST(SnapshotRulesTest, AcceptsAGoodSnapshot) { EXPECT_TRUE(ValidateSnapshot(SmallSnapshot()).ok()); }

TEST(SnapshotRulesTest, AnUnknownStatusNamesTheMeasure) {
  Snapshot snapshot = SmallSnapshot();
  FindMeasure(snapshot, "registratie-2a").set_status(static_cast<monitor::v1::Status>(9));
  ExpectRefused(snapshot, "measure registratie-2a: status 9 is not a known status");

  // A parent carries no status of its own, but an unknown one is still refused.
  snapshot = SmallSnapshot();
  FindMeasure(snapshot, "registratie-2").set_status(static_cast<monitor::v1::Status>(-3));
  ExpectRefused(snapshot, "measure registratie-2: status -3 is not a known status");
}

TEST(SnapshotRulesTest, AMeasureWithoutSubMeasuresNeedsAStatus) {
  Snapshot snapshot = SmallSnapshot();
  FindMeasure(snapshot, "werk-2").clear_status();
  ExpectRefused(snapshot, "measure werk-2: has no status");
}

TEST(SnapshotRulesTest, UnknownDatePrecisionsAndPeriodsNameTheMilestone) {
  Snapshot snapshot = SmallSnapshot();
  Measure& measure = FindMeasure(snapshot, "werk-1");
  PartialDate* date = measure.add_milestones()->mutable_date();
  date->set_precision(static_cast<PartialDate::Precision>(7));
  date->set_year(2026);
  ExpectRefused(snapshot, "measure werk-1: milestones[" + std::to_string(measure.milestones_size() - 1) +
                              "].date.precision 7 is not a known precision");

  date->set_precision(PartialDate::PRECISION_UNSPECIFIED);
  ExpectRefused(snapshot, "date.precision 0 is not a known precision");

  date->set_precision(PartialDate::PERIOD);
  date->set_period(static_cast<PartialDate::Period>(12));
  ExpectRefused(snapshot, "date.period 12 is not a known period");
}

TEST(SnapshotRulesTest, UnknownBlockKindsAreRefusedInEveryBody) {
  Snapshot snapshot = SmallSnapshot();
  Measure& measure = FindMeasure(snapshot, "werk-2");
  monitor::v1::Block* block = (*measure.mutable_body()->mutable_translations())["pl"].mutable_body()->add_blocks();
  block->set_kind(static_cast<monitor::v1::Block::Kind>(8));
  ExpectRefused(snapshot, "measure werk-2: body.translations[pl].body.blocks[0].kind 8 is not a known block kind");

  snapshot = SmallSnapshot();
  snapshot.mutable_data()->mutable_themes(0)->mutable_introduction()->mutable_nl()->add_blocks()->set_kind(
      static_cast<monitor::v1::Block::Kind>(8));
  ExpectRefused(snapshot, "theme werk: introduction.nl.blocks[");
}

TEST(SnapshotRulesTest, UnknownStatusesInFiguresAreRefused) {
  Snapshot snapshot = SmallSnapshot();
  snapshot.mutable_dashboard()->mutable_total()->mutable_counts(2)->set_status(static_cast<monitor::v1::Status>(9));
  ExpectRefused(snapshot, "dashboard.total.counts[2]: status 9 is not a known status");

  snapshot = SmallSnapshot();
  snapshot.mutable_dashboard()->mutable_themes(1)->mutable_counts(0)->set_status(static_cast<monitor::v1::Status>(0));
  ExpectRefused(snapshot, "dashboard.themes[registratie].counts[0]: status 0 is not a known status");

  snapshot = SmallSnapshot();
  snapshot.mutable_data()->mutable_published()->mutable_rows(0)->mutable_counts(0)->set_status(
      static_cast<monitor::v1::Status>(77));
  ExpectRefused(snapshot, "published.rows[0].counts[0]: status 77 is not a known status");
}

}  // namespace
}  // namespace werkmonitor
