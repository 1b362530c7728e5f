// The status rules a measure update must keep before it can be submitted in a reporting round: one
// table, each rule with an id, the field it concerns and a check. A user interface shows a broken
// rule next to its field in the reader's words: the catalog message "rule.<id>" (i18n/catalogs,
// Dutch and English at least; a test checks that every rule has one).
//
//   UpdateRuleContext context{published, proposed, as_of, actor.admin};
//   for (const RuleViolation& v : FindRuleViolations(context)) show(v.field, "rule." + v.rule_id);
//   absl::Status s = CheckUpdateRules(context);  // FAILED_PRECONDITION for the first, see below
#ifndef WERKMONITOR_DOMAIN_UPDATE_RULES_H_
#define WERKMONITOR_DOMAIN_UPDATE_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

struct UpdateRuleContext {
  const monitor::v1::Measure& published;  // the measure as last published
  const monitor::v1::Measure& proposed;   // as the update would publish it
  absl::CivilDay as_of;                   // the round's as-of date (peildatum)
  bool by_admin = false;                  // submitted by the coordinator
};

struct RuleViolation {
  std::string rule_id;  // e.g. "vertraagd-reden"
  std::string field;    // the field of the proposed measure, e.g. "status_reason", "milestones[2].date"
};

struct UpdateRule {
  absl::string_view id;  // stable: catalogs and user interfaces refer to it
  // Appends a violation (its field) for every place the proposed measure breaks the rule.
  void (*check)(const UpdateRuleContext& context, std::vector<std::string>& fields);
};

// Every rule, in the order they are checked.
absl::Span<const UpdateRule> UpdateRules();

// All violations, in rule order.
[[nodiscard]] std::vector<RuleViolation> FindRuleViolations(const UpdateRuleContext& context);

// OK, or FAILED_PRECONDITION for the first violation: message "<field>: breaks rule <id>", with
// the violation as a payload (RuleViolationFromStatus reads it back) so that the transport can
// put the rule's catalog message in the caller's language.
[[nodiscard]] absl::Status CheckUpdateRules(const UpdateRuleContext& context);
[[nodiscard]] std::optional<RuleViolation> RuleViolationFromStatus(const absl::Status& status);

// The longest progress note, in characters.
inline constexpr int kMaxProgressNoteChars = 1500;

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_UPDATE_RULES_H_
