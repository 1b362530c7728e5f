#include "domain/update_rules.h"

#include <string>

#include "absl/algorithm/container.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Measure Parse(const std::string& text) {
  Measure m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << text;
  return m;
}

// The published measure every case starts from: in progress, one milestone ahead of the as-of
// date (1 June 2026) and one behind it, already reached.
const Measure kPublished = Parse(R"pb(
  id: "werk-1" status: IN_UITVOERING
  milestones { id: "invoering" date { precision: MONTH year: 2027 month: 1 } }
  milestones { id: "wet" date { precision: DAY year: 2025 month: 3 day: 1 } reached: true }
)pb");
constexpr absl::CivilDay kAsOf(2026, 6, 1);

// A proposed measure that keeps every rule: `published` with a progress note.
Measure Valid() {
  Measure m = kPublished;
  m.set_progress_note("De wet is door de Tweede Kamer aangenomen.");
  return m;
}

// The violations of `proposed` as "rule@field" strings.
std::vector<std::string> Broken(const Measure& proposed, bool by_admin = false) {
  std::vector<std::string> out;
  for (const RuleViolation& v : FindRuleViolations({kPublished, proposed, kAsOf, by_admin}))
    out.push_back(v.rule_id + "@" + v.field);
  return out;
}

TEST(UpdateRulesTest, AValidUpdateBreaksNothing) { EXPECT_THAT(Broken(Valid()), IsEmpty()); }

TEST(UpdateRulesTest, EveryUpdateHasAProgressNoteOfASentence) {
  Measure m = Valid();
  m.clear_progress_note();
  EXPECT_THAT(Broken(m), ElementsAre("voortgang-verplicht@progress_note"));
  m.set_progress_note("  Klaar.  ");  // one word is not a sentence
  EXPECT_THAT(Broken(m), ElementsAre("voortgang-verplicht@progress_note"));
}

TEST(UpdateRulesTest, AProgressNoteHasAtMost1500Characters) {
  // Counted in characters, not bytes: "ł" takes two bytes.
  std::string note = "Een ";
  for (int i = 0; i < 1497; ++i) note += "ł";
  Measure m = Valid();
  m.set_progress_note(note);  // 1,501 characters
  EXPECT_THAT(Broken(m), ElementsAre("voortgang-lengte@progress_note"));
  note.resize(note.size() - 2);
  m.set_progress_note(note);  // 1,500 characters, 2,998 bytes
  EXPECT_THAT(Broken(m), IsEmpty());
}

TEST(UpdateRulesTest, DelayedNeedsAReasonAndAFutureMilestone) {
  Measure m = Valid();
  m.set_status(monitor::v1::VERTRAAGD);
  m.mutable_milestones(0)->set_reached(true);  // nothing ahead any more
  EXPECT_THAT(Broken(m), ElementsAre("vertraagd-reden@status_reason", "vertraagd-nieuwe-datum@milestones"));
  m.set_status_reason("De aanbesteding liep uit.");
  m.mutable_milestones(0)->set_reached(false);
  EXPECT_THAT(Broken(m), IsEmpty());
}

TEST(UpdateRulesTest, AMilestoneInTheMonthOfTheAsOfDateIsNotAFutureDate) {
  Measure m = Valid();
  m.set_status(monitor::v1::VERTRAAGD);
  m.set_status_reason("Uitloop.");
  *m.mutable_milestones(0)->mutable_date() = Parse(R"pb(milestones { date { precision: MONTH year: 2026 month: 6 } })pb")
                                                  .milestones(0)
                                                  .date();
  m.mutable_milestones(0)->set_move_reason("eerder");
  EXPECT_THAT(Broken(m), ElementsAre("vertraagd-nieuwe-datum@milestones"));
}

TEST(UpdateRulesTest, SeriousObstaclesNeedAnExplanation) {
  Measure m = Valid();
  m.set_status(monitor::v1::ERNSTIGE_OBSTAKELS);
  m.set_status_reason("   ");
  EXPECT_THAT(Broken(m), ElementsAre("obstakel-toelichting@status_reason"));
  m.set_status_reason("Geen wettelijke grondslag.");
  EXPECT_THAT(Broken(m), IsEmpty());
}

TEST(UpdateRulesTest, CompletedNeedsADayOrMonthNotAfterTheAsOfDate) {
  Measure m = Valid();
  m.set_status(monitor::v1::AFGEROND);
  EXPECT_THAT(Broken(m), ElementsAre("afgerond-datum@completed_on"));
  m.mutable_completed_on()->set_precision(monitor::v1::PartialDate::YEAR);
  m.mutable_completed_on()->set_year(2026);
  EXPECT_THAT(Broken(m), ElementsAre("afgerond-datum@completed_on"));
  m.mutable_completed_on()->set_precision(monitor::v1::PartialDate::MONTH);
  m.mutable_completed_on()->set_month(7);  // July 2026 begins after 1 June 2026
  EXPECT_THAT(Broken(m), ElementsAre("afgerond-niet-na-peildatum@completed_on"));
  m.mutable_completed_on()->set_month(6);  // June 2026 may have begun on the as-of date
  EXPECT_THAT(Broken(m), IsEmpty());
}

TEST(UpdateRulesTest, LeavingCompletedNeedsTheCoordinator) {
  Measure published = kPublished;
  published.set_status(monitor::v1::AFGEROND);
  Measure m = Valid();
  m.set_status(monitor::v1::IN_UITVOERING);
  auto broken = [&](bool admin) {
    std::vector<std::string> out;
    for (const RuleViolation& v : FindRuleViolations({published, m, kAsOf, admin})) out.push_back(v.rule_id);
    return out;
  };
  EXPECT_THAT(broken(false), ElementsAre("afgerond-verlaten-coordinator"));
  EXPECT_THAT(broken(true), IsEmpty());
}

TEST(UpdateRulesTest, AMilestoneMovedLaterNeedsItsOwnReason) {
  Measure m = Valid();
  m.mutable_milestones(0)->mutable_date()->set_month(4);  // January 2027 -> April 2027
  EXPECT_THAT(Broken(m), ElementsAre("mijlpaal-later-reden@milestones[0].move_reason"));
  m.mutable_milestones(0)->set_move_reason("Wetgeving vertraagd.");
  EXPECT_THAT(Broken(m), IsEmpty());
  // Moved earlier: no reason asked.
  Measure earlier = Valid();
  earlier.mutable_milestones(0)->mutable_date()->set_year(2026);
  earlier.mutable_milestones(0)->mutable_date()->set_month(12);
  EXPECT_THAT(Broken(earlier), IsEmpty());
}

TEST(UpdateRulesTest, AReasonPublishedWithAnEarlierMoveDoesNotExplainANewOne) {
  Measure published = kPublished;
  published.mutable_milestones(0)->set_move_reason("Eerder uitgesteld.");
  Measure m = published;
  m.set_progress_note("Weer later, helaas.");
  m.mutable_milestones(0)->mutable_date()->set_year(2028);
  std::vector<RuleViolation> v = FindRuleViolations({published, m, kAsOf, false});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule_id, "mijlpaal-later-reden");
}

TEST(UpdateRulesTest, APassedMilestoneIsReachedOrMoved) {
  Measure m = Valid();
  m.mutable_milestones(1)->set_reached(false);  // 1 March 2025 passed unreached
  EXPECT_THAT(Broken(m), ElementsAre("mijlpaal-verstreken@milestones[1].date"));
  m.mutable_milestones(1)->mutable_date()->set_year(2026);
  m.mutable_milestones(1)->mutable_date()->set_month(9);
  m.mutable_milestones(1)->set_move_reason("Nieuwe planning.");
  EXPECT_THAT(Broken(m), IsEmpty());
}

TEST(UpdateRulesTest, CheckNamesTheFirstFieldAndCarriesTheRule) {
  Measure m = Valid();
  m.clear_progress_note();
  m.set_status(monitor::v1::ERNSTIGE_OBSTAKELS);
  absl::Status s = CheckUpdateRules({kPublished, m, kAsOf, false});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "progress_note: breaks rule voortgang-verplicht (and 1 more)");
  std::optional<RuleViolation> v = RuleViolationFromStatus(s);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->rule_id, "voortgang-verplicht");
  EXPECT_EQ(v->field, "progress_note");
  EXPECT_FALSE(RuleViolationFromStatus(absl::FailedPreconditionError("x")).has_value());
}

TEST(UpdateRulesTest, RuleIdsAreUniqueSlugs) {
  std::vector<std::string> ids;
  for (const UpdateRule& rule : UpdateRules()) {
    ids.emplace_back(rule.id);
    EXPECT_TRUE(absl::c_all_of(rule.id, [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; })) << rule.id;
  }
  absl::c_sort(ids);
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(ids.size(), 10u);
}

}  // namespace
}  // namespace werkmonitor
