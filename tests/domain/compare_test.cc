#include "domain/compare.h"

#include <string>

#include "domain/dashboard.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using monitor::v1::MeasureChange;
using monitor::v1::PartialDate;
using monitor::v1::Snapshot;
using monitor::v1::SnapshotComparison;

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message)) << text;
  return message;
}

// Equal, or a failure that lists every difference.
::testing::AssertionResult SameMessage(const google::protobuf::Message& expected,
                                       const google::protobuf::Message& actual) {
  google::protobuf::util::MessageDifferencer differencer;
  std::string report;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << report << "\nactual:\n" << actual.DebugString();
}

// A snapshot of `data` with its computed dashboard.
Snapshot SnapshotOf(int64_t id, const monitor::v1::DataSet& data) {
  Snapshot snapshot;
  snapshot.mutable_info()->set_id(id);
  *snapshot.mutable_data() = data;
  *snapshot.mutable_dashboard() = ComputeDashboard(data);
  return snapshot;
}

// Every kind of change in one pair: werk-1 changed status, body and milestones and got a progress
// note; werk-2 stayed; werk-3 was removed; werk-4 added; registratie-1 changed title, summary and owner.
// The dashboards are given (not computed), with rows missing on either side.
const char kBase[] = R"pb(
  info {
    id: 1
    label: "Bijlage I Monitoringsoverzicht 2025"
    as_of { precision: MONTH year: 2025 month: 12 }
  }
  data {
    themes { id: "werk" }
    themes { id: "registratie" }
    themes { id: "oud" }
    measures {
      id: "werk-1"
      theme_id: "werk"
      title { nl: "Toelatingsstelsel" }
      body {
        nl {
          blocks { kind: PARAGRAPH text: "Eerste." }
          blocks { kind: PARAGRAPH text: "Tweede." }
          blocks { kind: PARAGRAPH text: "Derde." }
        }
      }
      status: IN_UITVOERING
      owner { department: "SZW" }
      milestones {
        id: "invoering"
        date { precision: DAY year: 2027 month: 1 day: 1 }
      }
      milestones {
        id: "evaluatie"
        date { precision: YEAR year: 2026 }
      }
      milestones {
        id: "oud"
        date { precision: MONTH year: 2026 month: 6 }
      }
      progress_note: "Voorbereiding gestart."
    }
    measures {
      id: "werk-2"
      theme_id: "werk"
      title { nl: "Cao" }
      status: AFGEROND
      owner { department: "SZW" }
    }
    measures {
      id: "werk-3"
      theme_id: "werk"
      title { nl: "Weg" }
      status: DOORLOPEND
      owner { department: "SZW" }
    }
    measures {
      id: "registratie-1"
      theme_id: "registratie"
      title { nl: "Contactgegevens" }
      summary { nl: "Oud." }
      status: VERTRAAGD
      owner { department: "BZK" }
    }
  }
  dashboard {
    themes {
      theme_id: "werk"
      counts { status: AFGEROND count: 1 }
      counts { status: DOORLOPEND count: 1 }
      counts { status: IN_UITVOERING count: 1 }
      total: 3
    }
    themes {
      theme_id: "registratie"
      counts { status: VERTRAAGD count: 1 }
      total: 1
    }
    themes { theme_id: "oud" total: 0 }
    total {
      counts { status: AFGEROND count: 1 }
      counts { status: DOORLOPEND count: 1 }
      counts { status: IN_UITVOERING count: 1 }
      counts { status: VERTRAAGD count: 1 }
      total: 4
    }
  }
)pb";

const char kTarget[] = R"pb(
  info {
    id: 2
    label: "Voortgangsrapportage juni 2026"
    as_of { precision: DAY year: 2026 month: 6 day: 1 }
    round_id: 1
  }
  data {
    themes { id: "werk" }
    themes { id: "registratie" }
    themes { id: "huisvesting" }
    measures {
      id: "werk-1"
      theme_id: "werk"
      title { nl: "Toelatingsstelsel" }
      body {
        nl {
          blocks { kind: PARAGRAPH text: "Eerste." }
          blocks { kind: PARAGRAPH text: "Tweede, herschreven." }
          blocks { kind: PARAGRAPH text: "Derde." }
          blocks { kind: BULLET_LIST items: "nieuw" }
        }
      }
      status: VERTRAAGD
      owner { department: "SZW" }
      milestones {
        id: "invoering"
        date { precision: DAY year: 2027 month: 7 day: 1 }
        move_reason: "Wetsvoorstel later ingediend"
      }
      milestones {
        id: "evaluatie"
        date { precision: YEAR year: 2026 }
        reached: true
      }
      milestones {
        id: "nieuw"
        date { precision: PERIOD year: 2027 period: END }
      }
      progress_note: "Wetsvoorstel ingediend."
    }
    measures {
      id: "werk-2"
      theme_id: "werk"
      title { nl: "Cao" }
      status: AFGEROND
      owner { department: "SZW" }
    }
    measures {
      id: "werk-4"
      theme_id: "werk"
      title { nl: "Nieuw" }
      status: IN_UITVOERING
      owner { department: "SZW" }
    }
    measures {
      id: "registratie-1"
      theme_id: "registratie"
      title { nl: "Contactgegevens en adres" }
      summary { nl: "Nieuw." }
      status: VERTRAAGD
      owner { department: "VRO" }
    }
  }
  dashboard {
    themes {
      theme_id: "werk"
      counts { status: AFGEROND count: 1 }
      counts { status: IN_UITVOERING count: 1 }
      counts { status: VERTRAAGD count: 1 }
      total: 3
    }
    themes {
      theme_id: "registratie"
      counts { status: VERTRAAGD count: 1 }
      total: 1
    }
    total {
      counts { status: AFGEROND count: 1 }
      counts { status: IN_UITVOERING count: 1 }
      counts { status: VERTRAAGD count: 2 }
      total: 4
    }
  }
)pb";

TEST(CompareSnapshotsTest, EveryKindOfChangeInOrder) {
  const SnapshotComparison actual = CompareSnapshots(Parse<Snapshot>(kBase), Parse<Snapshot>(kTarget));
  const auto expected = Parse<SnapshotComparison>(R"pb(
    base {
      id: 1
      label: "Bijlage I Monitoringsoverzicht 2025"
      as_of { precision: MONTH year: 2025 month: 12 }
    }
    target {
      id: 2
      label: "Voortgangsrapportage juni 2026"
      as_of { precision: DAY year: 2026 month: 6 day: 1 }
      round_id: 1
    }
    measures {
      measure_id: "werk-1"
      kind: CHANGED
      from_status: IN_UITVOERING
      to_status: VERTRAAGD
      blocks { kind: CHANGED base_index: 1 target_index: 1 }
      blocks { kind: ADDED base_index: -1 target_index: 3 }
      milestones {
        kind: MOVED
        milestone_id: "invoering"
        from_date { precision: DAY year: 2027 month: 1 day: 1 }
        to_date { precision: DAY year: 2027 month: 7 day: 1 }
        reason: "Wetsvoorstel later ingediend"
        later: true
      }
      milestones {
        kind: REACHED
        milestone_id: "evaluatie"
        from_date { precision: YEAR year: 2026 }
        to_date { precision: YEAR year: 2026 }
      }
      milestones {
        kind: ADDED
        milestone_id: "nieuw"
        to_date { precision: PERIOD year: 2027 period: END }
      }
      milestones {
        kind: REMOVED
        milestone_id: "oud"
        from_date { precision: MONTH year: 2026 month: 6 }
      }
      from_owner: "SZW"
      to_owner: "SZW"
      progress_reported: true
    }
    measures { measure_id: "werk-4" kind: ADDED to_status: IN_UITVOERING to_owner: "SZW" }
    measures {
      measure_id: "registratie-1"
      kind: CHANGED
      from_status: VERTRAAGD
      to_status: VERTRAAGD
      title_changed: true
      summary_changed: true
      from_owner: "BZK"
      to_owner: "VRO"
    }
    measures { measure_id: "werk-3" kind: REMOVED from_status: DOORLOPEND from_owner: "SZW" }
    dashboard {
      theme_id: "werk"
      statuses { status: AFGEROND from_count: 1 to_count: 1 }
      statuses { status: DOORLOPEND from_count: 1 to_count: 0 }
      statuses { status: IN_UITVOERING from_count: 1 to_count: 1 }
      statuses { status: VERTRAAGD from_count: 0 to_count: 1 }
      statuses { status: ERNSTIGE_OBSTAKELS }
      statuses { status: ANDERS_UITGEVOERD }
      from_total: 3
      to_total: 3
    }
    dashboard {
      theme_id: "registratie"
      statuses { status: AFGEROND }
      statuses { status: DOORLOPEND }
      statuses { status: IN_UITVOERING }
      statuses { status: VERTRAAGD from_count: 1 to_count: 1 }
      statuses { status: ERNSTIGE_OBSTAKELS }
      statuses { status: ANDERS_UITGEVOERD }
      from_total: 1
      to_total: 1
    }
    dashboard {
      theme_id: "huisvesting"
      statuses { status: AFGEROND }
      statuses { status: DOORLOPEND }
      statuses { status: IN_UITVOERING }
      statuses { status: VERTRAAGD }
      statuses { status: ERNSTIGE_OBSTAKELS }
      statuses { status: ANDERS_UITGEVOERD }
    }
    dashboard {
      statuses { status: AFGEROND from_count: 1 to_count: 1 }
      statuses { status: DOORLOPEND from_count: 1 to_count: 0 }
      statuses { status: IN_UITVOERING from_count: 1 to_count: 1 }
      statuses { status: VERTRAAGD from_count: 1 to_count: 2 }
      statuses { status: ERNSTIGE_OBSTAKELS }
      statuses { status: ANDERS_UITGEVOERD }
      from_total: 4
      to_total: 4
    }
  )pb");
  EXPECT_TRUE(SameMessage(expected, actual));
}

TEST(CompareSnapshotsTest, UnchangedPairHasNoMeasuresAndFlatDashboard) {
  const monitor::v1::DataSet data = testing::SmallDataSet();
  const SnapshotComparison c = CompareSnapshots(SnapshotOf(1, data), SnapshotOf(2, data));
  EXPECT_EQ(c.measures_size(), 0);
  EXPECT_EQ(c.base().id(), 1);
  EXPECT_EQ(c.target().id(), 2);
  ASSERT_EQ(c.dashboard_size(), 3);  // werk, registratie, total
  EXPECT_EQ(c.dashboard(0).theme_id(), "werk");
  EXPECT_EQ(c.dashboard(1).theme_id(), "registratie");
  EXPECT_EQ(c.dashboard(2).theme_id(), "");
  EXPECT_EQ(c.dashboard(2).from_total(), 5);
  EXPECT_EQ(c.dashboard(2).to_total(), 5);
  for (const auto& row : c.dashboard()) {
    ASSERT_EQ(row.statuses_size(), 6);
    for (const auto& delta : row.statuses()) EXPECT_EQ(delta.from_count(), delta.to_count());
  }
  for (const Measure& m : data.measures()) EXPECT_FALSE(CompareMeasures(m, m).has_value()) << m.id();
}

TEST(CompareSnapshotsTest, MeasuresAndMilestonesInAnotherOrderAreNoChange) {
  monitor::v1::DataSet base = testing::SmallDataSet();
  auto* milestone = base.mutable_measures(0)->add_milestones();
  milestone->set_id("evaluatie");
  milestone->mutable_date()->set_precision(PartialDate::YEAR);
  milestone->mutable_date()->set_year(2028);
  monitor::v1::DataSet target = base;
  target.mutable_measures()->SwapElements(0, 4);
  target.mutable_measures()->SwapElements(1, 2);
  target.mutable_measures(4)->mutable_milestones()->SwapElements(0, 1);
  ASSERT_EQ(target.measures(4).id(), "werk-1");
  EXPECT_EQ(CompareSnapshots(SnapshotOf(1, base), SnapshotOf(2, target)).measures_size(), 0);
  EXPECT_EQ(CompareSnapshots(SnapshotOf(1, target), SnapshotOf(2, base)).measures_size(), 0);
}

TEST(CompareSnapshotsTest, ComputedDashboardsShowTheStatusChange) {
  const monitor::v1::DataSet base = testing::SmallDataSet();
  monitor::v1::DataSet target = base;
  target.mutable_measures(2)->set_status(monitor::v1::AFGEROND);  // registratie-1: VERTRAAGD → AFGEROND
  const SnapshotComparison c = CompareSnapshots(SnapshotOf(1, base), SnapshotOf(2, target));
  EXPECT_TRUE(SameMessage(Parse<monitor::v1::DashboardChange>(R"pb(
                            theme_id: "registratie"
                            statuses { status: AFGEROND from_count: 1 to_count: 2 }
                            statuses { status: DOORLOPEND }
                            statuses { status: IN_UITVOERING from_count: 1 to_count: 1 }
                            statuses { status: VERTRAAGD from_count: 1 to_count: 0 }
                            statuses { status: ERNSTIGE_OBSTAKELS }
                            statuses { status: ANDERS_UITGEVOERD }
                            from_total: 3
                            to_total: 3
                          )pb"),
                          c.dashboard(1)));
  ASSERT_EQ(c.measures_size(), 1);
  EXPECT_EQ(c.measures(0).measure_id(), "registratie-1");
}

// --- one measure -----------------------------------------------------------------------------------

Measure WithBlocks(const std::string& texts) {
  Measure m;
  m.set_id("m");
  for (char c : texts) {
    auto* block = m.mutable_body()->mutable_nl()->add_blocks();
    block->set_kind(monitor::v1::Block::PARAGRAPH);
    block->set_text(std::string(1, c));
  }
  return m;
}

// The block changes of going from blocks named by `from` to blocks named by `to` (one letter each).
std::string BlockChanges(const std::string& from, const std::string& to) {
  std::optional<MeasureChange> change = CompareMeasures(WithBlocks(from), WithBlocks(to));
  if (!change) return "none";
  std::string out;
  for (const auto& b : change->blocks()) {
    out += monitor::v1::BlockChange::Kind_Name(b.kind()) + "(" + std::to_string(b.base_index()) + "," +
           std::to_string(b.target_index()) + ") ";
  }
  return out;
}

TEST(CompareMeasuresTest, BodyEditsByBlock) {
  EXPECT_EQ(BlockChanges("ABCDE", "ABCDE"), "none");
  EXPECT_EQ(BlockChanges("ABCDE", "ABXDE"), "CHANGED(2,2) ");  // an edit in the middle
  EXPECT_EQ(BlockChanges("ABCDE", "ABXYDE"), "CHANGED(2,2) ADDED(-1,3) ");
  EXPECT_EQ(BlockChanges("ABCDE", "ACE"), "REMOVED(1,-1) REMOVED(3,-1) ");
  EXPECT_EQ(BlockChanges("ACE", "ABCDE"), "ADDED(-1,1) ADDED(-1,3) ");
  EXPECT_EQ(BlockChanges("ABC", "BCA"), "REMOVED(0,-1) ADDED(-1,2) ");  // moved to the end
  EXPECT_EQ(BlockChanges("", "AB"), "ADDED(-1,0) ADDED(-1,1) ");
  EXPECT_EQ(BlockChanges("AB", ""), "REMOVED(0,-1) REMOVED(1,-1) ");
  EXPECT_EQ(BlockChanges("AB", "XY"), "CHANGED(0,0) CHANGED(1,1) ");
}

TEST(CompareMeasuresTest, HugeBodiesArePairedByPlace) {
  // 2,000 blocks on each side, beyond what a body may hold: no 2,000 × 2,000 table, so the common
  // "BABA…" is not found and each place counts as changed.
  std::string from, to;
  for (int i = 0; i < 1000; ++i) {
    from += "AB";
    to += "BA";
  }
  to += "C";
  std::optional<MeasureChange> change = CompareMeasures(WithBlocks(from), WithBlocks(to));
  ASSERT_TRUE(change.has_value());
  ASSERT_EQ(change->blocks_size(), 2001);
  EXPECT_EQ(change->blocks(0).kind(), monitor::v1::BlockChange::CHANGED);
  EXPECT_EQ(change->blocks(1999).kind(), monitor::v1::BlockChange::CHANGED);
  EXPECT_EQ(change->blocks(2000).kind(), monitor::v1::BlockChange::ADDED);
  // A body of the allowed size gets the full comparison.
  // A body of the allowed size gets the full comparison: 199 blocks kept, two changes at the ends.
  EXPECT_EQ(CompareMeasures(WithBlocks(from.substr(0, 200)), WithBlocks(to.substr(0, 199) + "C"))->blocks_size(), 2);
}

TEST(CompareMeasuresTest, BlocksDifferByKindAndItems) {
  Measure base = WithBlocks("A");
  Measure target = base;
  target.mutable_body()->mutable_nl()->mutable_blocks(0)->set_kind(monitor::v1::Block::HEADING);
  ASSERT_TRUE(CompareMeasures(base, target).has_value());
  EXPECT_EQ(CompareMeasures(base, target)->blocks(0).kind(), monitor::v1::BlockChange::CHANGED);

  base.mutable_body()->mutable_nl()->mutable_blocks(0)->add_items("een");
  target = base;
  target.mutable_body()->mutable_nl()->mutable_blocks(0)->add_items("twee");
  ASSERT_TRUE(CompareMeasures(base, target).has_value());
  EXPECT_EQ(CompareMeasures(base, target)->blocks_size(), 1);
}

TEST(CompareMeasuresTest, OwnerChangeAlone) {
  const auto base = Parse<Measure>(R"pb(id: "huisvesting-3"
                                        status: IN_UITVOERING
                                        owner { department: "BZK" quote: "" })pb");
  auto target = base;
  target.mutable_owner()->set_department("VRO");
  std::optional<MeasureChange> change = CompareMeasures(base, target);
  ASSERT_TRUE(change.has_value());
  EXPECT_TRUE(SameMessage(Parse<MeasureChange>(R"pb(
                            measure_id: "huisvesting-3"
                            kind: CHANGED
                            from_status: IN_UITVOERING
                            to_status: IN_UITVOERING
                            from_owner: "BZK"
                            to_owner: "VRO"
                          )pb"),
                          *change));
  // Only the quote that names it differs: a reader sees the same department.
  target = base;
  target.mutable_owner()->set_quote("het ministerie van BZK");
  EXPECT_FALSE(CompareMeasures(base, target).has_value());
}

TEST(CompareMeasuresTest, ParentMeasureKeepsUnspecifiedStatus) {
  const auto base = Parse<Measure>(R"pb(id: "registratie-2"
                                        title { nl: "Kwaliteit" })pb");
  auto target = base;
  target.mutable_title()->set_nl("Kwaliteitsmaatregelen");
  std::optional<MeasureChange> change = CompareMeasures(base, target);
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(change->from_status(), monitor::v1::STATUS_UNSPECIFIED);
  EXPECT_EQ(change->to_status(), monitor::v1::STATUS_UNSPECIFIED);
  EXPECT_TRUE(change->title_changed());
}

TEST(CompareMeasuresTest, MilestoneMovedEarlierAndReachedAtOnce) {
  const auto base = Parse<Measure>(R"pb(
    id: "m"
    milestones {
      id: "a"
      date { precision: MONTH year: 2026 month: 9 }
      move_reason: "oud"
    }
  )pb");
  const auto target = Parse<Measure>(R"pb(
    id: "m"
    milestones {
      id: "a"
      date { precision: MONTH year: 2026 month: 5 }
      reached: true
      move_reason: "oud"
    }
  )pb");
  std::optional<MeasureChange> change = CompareMeasures(base, target);
  ASSERT_TRUE(change.has_value());
  ASSERT_EQ(change->milestones_size(), 2);
  EXPECT_EQ(change->milestones(0).kind(), monitor::v1::MilestoneChange::MOVED);
  EXPECT_FALSE(change->milestones(0).later());
  EXPECT_EQ(change->milestones(0).reason(), "oud");  // the target's, whatever it says
  EXPECT_EQ(change->milestones(1).kind(), monitor::v1::MilestoneChange::REACHED);
}

TEST(CompareMeasuresTest, WhatAReaderDoesNotSeeIsNoChange) {
  const auto base = Parse<Measure>(R"pb(
    id: "m"
    revision: 3
    updated_by: "a"
    progress_note: "Gestart."
    title {
      nl: "T"
      translations {
        key: "en"
        value { text: "T" }
      }
    }
    milestones {
      id: "a"
      date { precision: YEAR year: 2026 }
      reached: true
    }
  )pb");
  auto target = base;
  target.set_revision(9);
  target.set_updated_by("b");
  target.mutable_title()->mutable_translations()->at("en").set_text("Title");
  target.mutable_milestones(0)->set_reached(false);  // no kind of change says "unreached"
  EXPECT_FALSE(CompareMeasures(base, target).has_value());
  target.clear_progress_note();  // a note taken away is nothing new
  EXPECT_FALSE(CompareMeasures(base, target).has_value());
  target.set_progress_note("Verder.");
  ASSERT_TRUE(CompareMeasures(base, target).has_value());
  EXPECT_TRUE(CompareMeasures(base, target)->progress_reported());
}

// --- IsLater ---------------------------------------------------------------------------------------

PartialDate Date(const std::string& text) { return Parse<PartialDate>(text); }

TEST(IsLaterTest, ComparesLastPossibleDaysThenFirst) {
  const PartialDate day = Date("precision: DAY year: 2026 month: 12 day: 31");
  const PartialDate december = Date("precision: MONTH year: 2026 month: 12");
  const PartialDate end = Date("precision: PERIOD year: 2026 period: END");
  const PartialDate year = Date("precision: YEAR year: 2026");
  const PartialDate june = Date("precision: MONTH year: 2026 month: 6");
  EXPECT_TRUE(IsLater(december, june));
  EXPECT_FALSE(IsLater(june, december));
  EXPECT_FALSE(IsLater(june, june));
  // The same last day: the narrower span, starting later, is the later date.
  EXPECT_TRUE(IsLater(december, end));
  EXPECT_FALSE(IsLater(end, december));
  EXPECT_TRUE(IsLater(end, year));
  EXPECT_TRUE(IsLater(day, december));
  EXPECT_FALSE(IsLater(year, day));
  // "begin 2027" is later than all of 2026.
  EXPECT_TRUE(IsLater(Date("precision: PERIOD year: 2027 period: BEGIN"), year));
}

}  // namespace
}  // namespace werkmonitor
