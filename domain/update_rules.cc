#include "domain/update_rules.h"

#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/compare.h"
#include "domain/partial_date.h"
#include "domain/text_rules.h"

namespace werkmonitor {
namespace {

using monitor::v1::Measure;
using monitor::v1::Milestone;
using monitor::v1::PartialDate;
using monitor::v1::Status;
using Fields = std::vector<std::string>;

// The payload under which a rule violation travels in an absl::Status.
constexpr absl::string_view kViolationPayload = "type.werkmonitor.nl/werkmonitor.RuleViolation";

bool Blank(absl::string_view text) { return absl::StripAsciiWhitespace(text).empty(); }

const Milestone* FindMilestone(const Measure& measure, absl::string_view id) {
  for (const Milestone& m : measure.milestones())
    if (m.id() == id) return &m;
  return nullptr;
}

std::string MilestoneField(int index, absl::string_view part) { return absl::StrCat("milestones[", index, "].", part); }

// "A sentence or more": at least two words, and no more than kMaxProgressNoteChars characters.
void ProgressNoteRequired(const UpdateRuleContext& c, Fields& fields) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(c.proposed.progress_note(), absl::ByAnyChar(" \t\r\n"), absl::SkipWhitespace());
  if (words.size() < 2) fields.push_back("progress_note");
}

void ProgressNoteLength(const UpdateRuleContext& c, Fields& fields) {
  if (Utf8Length(c.proposed.progress_note()) > kMaxProgressNoteChars) fields.push_back("progress_note");
}

void DelayNeedsReason(const UpdateRuleContext& c, Fields& fields) {
  if (c.proposed.status() == monitor::v1::VERTRAAGD && Blank(c.proposed.status_reason()))
    fields.push_back("status_reason");
}

// A delayed measure says when it now expects to get there: a milestone still to come.
void DelayNeedsNewDate(const UpdateRuleContext& c, Fields& fields) {
  if (c.proposed.status() != monitor::v1::VERTRAAGD) return;
  for (const Milestone& m : c.proposed.milestones())
    if (!m.reached() && m.has_date() && EarliestDay(m.date()) > c.as_of) return;
  fields.push_back("milestones");
}

void ObstacleNeedsExplanation(const UpdateRuleContext& c, Fields& fields) {
  if (c.proposed.status() == monitor::v1::ERNSTIGE_OBSTAKELS && Blank(c.proposed.status_reason()))
    fields.push_back("status_reason");
}

bool DayOrMonth(const PartialDate& date) {
  return date.precision() == PartialDate::DAY || date.precision() == PartialDate::MONTH;
}

void CompletedNeedsDate(const UpdateRuleContext& c, Fields& fields) {
  if (c.proposed.status() == monitor::v1::AFGEROND && !DayOrMonth(c.proposed.completed_on()))
    fields.push_back("completed_on");
}

void CompletedNotAfterAsOf(const UpdateRuleContext& c, Fields& fields) {
  if (c.proposed.status() == monitor::v1::AFGEROND && DayOrMonth(c.proposed.completed_on()) &&
      EarliestDay(c.proposed.completed_on()) > c.as_of) {
    fields.push_back("completed_on");
  }
}

void LeavingCompletedNeedsAdmin(const UpdateRuleContext& c, Fields& fields) {
  if (c.published.status() == monitor::v1::AFGEROND && c.proposed.status() != monitor::v1::AFGEROND && !c.by_admin)
    fields.push_back("status");
}

// The reason must be given with the move: a reason that was published with an earlier move does not
// explain this one.
void LaterNeedsReason(const UpdateRuleContext& c, Fields& fields) {
  for (int i = 0; i < c.proposed.milestones_size(); ++i) {
    const Milestone& now = c.proposed.milestones(i);
    const Milestone* before = FindMilestone(c.published, now.id());
    if (before == nullptr || !IsLater(now.date(), before->date())) continue;
    if (Blank(now.move_reason()) || now.move_reason() == before->move_reason())
      fields.push_back(MilestoneField(i, "move_reason"));
  }
}

// No promise silently passes its date: a milestone whose every possible day lies before the as-of
// date is marked reached, or moved.
void PassedMustBeReachedOrMoved(const UpdateRuleContext& c, Fields& fields) {
  for (int i = 0; i < c.proposed.milestones_size(); ++i) {
    const Milestone& m = c.proposed.milestones(i);
    if (!m.reached() && m.has_date() && LatestDay(m.date()) < c.as_of) fields.push_back(MilestoneField(i, "date"));
  }
}

constexpr UpdateRule kRules[] = {
    {"voortgang-verplicht", &ProgressNoteRequired},
    {"voortgang-lengte", &ProgressNoteLength},
    {"vertraagd-reden", &DelayNeedsReason},
    {"vertraagd-nieuwe-datum", &DelayNeedsNewDate},
    {"obstakel-toelichting", &ObstacleNeedsExplanation},
    {"afgerond-datum", &CompletedNeedsDate},
    {"afgerond-niet-na-peildatum", &CompletedNotAfterAsOf},
    {"afgerond-verlaten-coordinator", &LeavingCompletedNeedsAdmin},
    {"mijlpaal-later-reden", &LaterNeedsReason},
    {"mijlpaal-verstreken", &PassedMustBeReachedOrMoved},
};

}  // namespace

absl::Span<const UpdateRule> UpdateRules() { return kRules; }

std::vector<RuleViolation> FindRuleViolations(const UpdateRuleContext& context) {
  std::vector<RuleViolation> violations;
  for (const UpdateRule& rule : kRules) {
    Fields fields;
    rule.check(context, fields);
    for (std::string& field : fields) violations.push_back({std::string(rule.id), std::move(field)});
  }
  return violations;
}

absl::Status CheckUpdateRules(const UpdateRuleContext& context) {
  const std::vector<RuleViolation> violations = FindRuleViolations(context);
  if (violations.empty()) return absl::OkStatus();
  const RuleViolation& first = violations.front();
  absl::Status status = absl::FailedPreconditionError(
      absl::StrCat(first.field, ": breaks rule ", first.rule_id,
                   violations.size() > 1 ? absl::StrCat(" (and ", violations.size() - 1, " more)") : ""));
  status.SetPayload(kViolationPayload, absl::Cord(absl::StrCat(first.rule_id, "\n", first.field)));
  return status;
}

std::optional<RuleViolation> RuleViolationFromStatus(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kViolationPayload);
  if (!payload) return std::nullopt;
  const std::vector<std::string> parts = absl::StrSplit(std::string(*payload), absl::MaxSplits('\n', 1));
  if (parts.size() != 2) return std::nullopt;
  return RuleViolation{parts[0], parts[1]};
}

}  // namespace werkmonitor
