#include "monitor_service/ctl/round_commands.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/status.h"
#include "monitor_service/ctl/diff_text.h"
#include "monitor_service/ctl/format.h"

namespace werkmonitor::ctl {

namespace {

using monitor::v1::MeasureUpdate;
using monitor::v1::Round;

// Rounds and updates the way a command names them: the open round is round 0 in the API.
constexpr int64_t kOpenRound = 0;

std::string StateName(MeasureUpdate::State state) {
  switch (state) {
    case MeasureUpdate::DRAFT:
      return "draft";
    case MeasureUpdate::SUBMITTED:
      return "submitted";
    case MeasureUpdate::APPROVED:
      return "approved";
    case MeasureUpdate::RETURNED:
      return "returned";
    default:
      return "?";
  }
}

absl::StatusOr<MeasureUpdate::State> ParseState(absl::string_view text) {
  for (MeasureUpdate::State state :
       {MeasureUpdate::DRAFT, MeasureUpdate::SUBMITTED, MeasureUpdate::APPROVED, MeasureUpdate::RETURNED}) {
    if (absl::EqualsIgnoreCase(text, StateName(state))) return state;
  }
  return Usage(absl::StrCat("--state: \"", text, "\" is not a state (draft, submitted, approved or returned)"));
}

std::string RoundStateName(Round::State state) {
  return state == Round::OPEN ? "open" : state == Round::PUBLISHED ? "published" : "?";
}

// --round=ID, or the open round.
absl::StatusOr<int64_t> RoundFlag(const CommandArgs& args) {
  const std::optional<std::string> text = args.Flag("round");
  return text.has_value() ? ParseId("--round", *text) : absl::StatusOr<int64_t>(kOpenRound);
}

// The one measure id a command takes.
absl::StatusOr<std::string> OneMeasure(absl::string_view command, const CommandArgs& args) {
  if (args.positional().size() != 1) return Usage(absl::StrCat(command, " needs one measure id"));
  return args.positional()[0];
}

// --expected_revision=N, if given: the update's revision, as `update show` prints it.
absl::StatusOr<std::optional<int64_t>> ExpectedRevision(const CommandArgs& args) {
  const std::optional<std::string> text = args.Flag("expected_revision");
  if (!text.has_value()) return std::optional<int64_t>();
  int64_t revision = 0;
  if (!absl::SimpleAtoi(*text, &revision) || revision < 0) {
    return Usage(absl::StrCat("--expected_revision: \"", *text, "\" is not a revision (a number from 0)"));
  }
  return std::optional<int64_t>(revision);
}

std::string Edited(const MeasureUpdate& update) {
  if (update.unchanged()) return "unchanged";
  if (update.edited().paths().empty()) return "-";
  return absl::StrJoin(update.edited().paths(), ", ");
}

// "3 draft, 1 submitted, 35 approved"
std::string CountByState(const monitor::v1::ListMeasureUpdatesResponse& updates) {
  std::map<int, int> counts;
  for (const MeasureUpdate& update : updates.updates()) ++counts[update.state()];
  std::vector<std::string> parts;
  for (const auto& [state, count] : counts) {
    parts.push_back(absl::StrCat(count, " ", StateName(static_cast<MeasureUpdate::State>(state))));
  }
  return parts.empty() ? "none" : absl::StrJoin(parts, ", ");
}

// --- round ---------------------------------------------------------------------------------------

absl::Status RoundOpen(MonitorClient& client, const CommandArgs& args) {
  if (!args.positional().empty()) return Usage("round open takes --label, --as_of and --deadline, no arguments");
  for (const char* flag : {"label", "as_of", "deadline"}) {
    if (args.FlagOr(flag).empty()) {
      return Usage(absl::StrCat("round open needs --", flag, " (see monitorctl help round open)"));
    }
  }
  monitor::v1::OpenRoundRequest request;
  request.set_label(args.FlagOr("label"));
  absl::StatusOr<monitor::v1::PartialDate> as_of = ParseDate("as_of", args.FlagOr("as_of"));
  if (!as_of.ok()) return as_of.status();
  absl::StatusOr<monitor::v1::PartialDate> deadline = ParseDate("deadline", args.FlagOr("deadline"));
  if (!deadline.ok()) return deadline.status();
  *request.mutable_as_of() = *as_of;
  *request.mutable_deadline() = *deadline;
  absl::StatusOr<Round> round = client.OpenRound(request);
  if (!round.ok()) return round.status();
  std::cout << "round " << round->id() << " \"" << round->label() << "\" opened: as of " << FormatDate(round->as_of())
            << ", deadline " << FormatDate(round->deadline()) << ", base snapshot " << round->base_snapshot_id()
            << "\n";
  return absl::OkStatus();
}

absl::Status RoundShow(MonitorClient& client, const CommandArgs& args) {
  if (args.positional().size() > 1) return Usage("round show takes at most one round id");
  absl::StatusOr<int64_t> id =
      args.positional().empty() ? absl::StatusOr<int64_t>(kOpenRound) : ParseId("round", args.positional()[0]);
  if (!id.ok()) return id.status();
  absl::StatusOr<Round> round = client.GetRound(*id);
  if (!round.ok()) return round.status();
  std::cout << "round " << round->id() << ": " << round->label() << "\n"
            << "  state:      " << RoundStateName(round->state()) << "\n"
            << "  as of:      " << FormatDate(round->as_of()) << "\n"
            << "  deadline:   " << FormatDate(round->deadline()) << "\n"
            << "  opened:     " << FormatTime(round->opened_at()) << " by " << round->opened_by() << "\n"
            << "  base:       snapshot " << round->base_snapshot_id() << "\n";
  if (round->state() == Round::PUBLISHED) {
    std::cout << "  published:  " << FormatTime(round->published_at()) << " by " << round->published_by()
              << ", snapshot " << round->snapshot_id() << "\n";
  }
  // The updates are the staff's: a reader's token sees the round without them.
  monitor::v1::ListMeasureUpdatesRequest list;
  list.set_round_id(round->id());
  if (absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> updates = client.ListMeasureUpdates(list); updates.ok()) {
    std::cout << "  updates:    " << CountByState(*updates) << "\n";
  }
  return absl::OkStatus();
}

absl::Status RoundList(MonitorClient& client, const CommandArgs& args) {
  if (!args.positional().empty()) return Usage("round list takes no arguments");
  absl::StatusOr<monitor::v1::ListRoundsResponse> rounds = client.ListRounds();
  if (!rounds.ok()) return rounds.status();
  for (const Round& round : rounds->rounds()) {
    std::cout << PadLeft(std::to_string(round.id()), 4) << "  " << Pad(RoundStateName(round.state()), 11) << "as of "
              << Pad(FormatDate(round.as_of()), 12) << "deadline " << Pad(FormatDate(round.deadline()), 12)
              << (round.snapshot_id() > 0 ? Pad(absl::StrCat("snapshot ", round.snapshot_id()), 13) : Pad("", 13))
              << round.label() << "\n";
  }
  std::cout << rounds->rounds_size() << " rounds\n";
  return absl::OkStatus();
}

absl::Status RoundPublish(MonitorClient& client, const CommandArgs& args) {
  if (args.positional().size() != 1) return Usage("round publish needs the round's id (see round show)");
  absl::StatusOr<int64_t> id = ParseId("round", args.positional()[0]);
  if (!id.ok()) return id.status();
  absl::StatusOr<Round> round = client.PublishRound(*id);
  if (!round.ok()) return round.status();
  std::cout << "round " << round->id() << " \"" << round->label() << "\" published as snapshot " << round->snapshot_id()
            << " (as of " << FormatDate(round->as_of()) << ")\n";
  return absl::OkStatus();
}

// --- update --------------------------------------------------------------------------------------

absl::Status UpdateList(MonitorClient& client, const CommandArgs& args) {
  if (!args.positional().empty()) return Usage("update list takes flags only");
  monitor::v1::ListMeasureUpdatesRequest request;
  absl::StatusOr<int64_t> round = RoundFlag(args);
  if (!round.ok()) return round.status();
  request.set_round_id(*round);
  request.set_owner(args.FlagOr("owner"));
  if (const std::string state = args.FlagOr("state"); !state.empty()) {
    absl::StatusOr<MeasureUpdate::State> parsed = ParseState(state);
    if (!parsed.ok()) return parsed.status();
    request.set_state(*parsed);
  }
  absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> updates = client.ListMeasureUpdates(request);
  if (!updates.ok()) return updates.status();
  for (const MeasureUpdate& update : updates->updates()) {
    std::cout << Pad(update.measure_id(), 34) << Pad(update.owner(), 7) << Pad(StateName(update.state()), 11)
              << Pad(Label(update.proposed().status()), 27) << Edited(update) << "\n";
  }
  std::cout << updates->updates_size() << " updates: " << CountByState(*updates) << "\n";
  return absl::OkStatus();
}

absl::Status UpdateShow(MonitorClient& client, const CommandArgs& args) {
  absl::StatusOr<std::string> id = OneMeasure("update show", args);
  if (!id.ok()) return id.status();
  absl::StatusOr<int64_t> round = RoundFlag(args);
  if (!round.ok()) return round.status();
  absl::StatusOr<MeasureUpdate> update = client.GetMeasureUpdate(*round, *id);
  if (!update.ok()) return update.status();
  const monitor::v1::Measure& proposed = update->proposed();
  std::cout << update->measure_id() << " in round " << update->round_id() << ": " << StateName(update->state())
            << "\n  owner:      " << update->owner() << "\n  revision:   " << update->revision() << " ("
            << FormatTime(update->updated_at()) << ", " << update->updated_by() << ")"
            << "\n  edited:     " << Edited(*update) << "\n  status:     " << Label(proposed.status()) << "\n";
  if (!proposed.status_reason().empty()) std::cout << "  reason:     " << proposed.status_reason() << "\n";
  if (proposed.has_completed_on()) std::cout << "  completed:  " << FormatDate(proposed.completed_on()) << "\n";
  if (!proposed.progress_note().empty()) std::cout << "  progress:   " << proposed.progress_note() << "\n";
  size_t id_width = 0;
  for (const monitor::v1::Milestone& milestone : proposed.milestones()) {
    id_width = std::max(id_width, milestone.id().size() + 2);
  }
  for (const monitor::v1::Milestone& milestone : proposed.milestones()) {
    std::cout << "  milestone:  " << Pad(milestone.id(), id_width) << Pad(FormatDate(milestone.date()), 12)
              << milestone.label().nl() << (milestone.reached() ? " [reached]" : "")
              << (milestone.move_reason().empty() ? "" : absl::StrCat(" (moved: ", milestone.move_reason(), ")"))
              << "\n";
  }
  if (!update->return_comment().empty()) std::cout << "  returned:   " << update->return_comment() << "\n";
  return absl::OkStatus();
}

// --milestone=ID=DATE[:REASON] on `milestones`: moves an existing milestone.
absl::Status MoveMilestone(absl::string_view measure_id, absl::string_view spec,
                           google::protobuf::RepeatedPtrField<monitor::v1::Milestone>& milestones) {
  const size_t equals = spec.find('=');
  if (equals == absl::string_view::npos) {
    return Usage(absl::StrCat("--milestone: \"", spec, "\" is not ID=DATE or ID=DATE:REASON"));
  }
  const absl::string_view id = spec.substr(0, equals);
  absl::string_view date_text = spec.substr(equals + 1), reason;
  if (const size_t colon = date_text.find(':'); colon != absl::string_view::npos) {
    reason = date_text.substr(colon + 1);
    date_text = date_text.substr(0, colon);
  }
  absl::StatusOr<monitor::v1::PartialDate> date = ParseDate("milestone", date_text);
  if (!date.ok()) return date.status();
  std::vector<std::string> ids;
  for (monitor::v1::Milestone& milestone : milestones) {
    ids.push_back(milestone.id());
    if (milestone.id() != id) continue;
    *milestone.mutable_date() = *date;
    milestone.set_as_written(DutchDate(*date));  // the old wording would contradict the new date
    milestone.set_move_reason(std::string(reason));
    return absl::OkStatus();
  }
  return Usage(
      absl::StrCat("--milestone: ", measure_id, " has no milestone \"", id, "\"",
                   ids.empty() ? " (it has none)" : absl::StrCat(" (it has: ", absl::StrJoin(ids, ", "), ")")));
}

absl::Status UpdateSave(MonitorClient& client, const CommandArgs& args) {
  absl::StatusOr<std::string> id = OneMeasure("update save", args);
  if (!id.ok()) return id.status();
  const bool status_edited = args.Flag("status") || args.Flag("reason") || args.Flag("completed_on");
  const std::vector<std::string> moves = args.Flags("milestone"), reached = args.Flags("reached");
  const bool milestones_edited = !moves.empty() || !reached.empty();
  if (!status_edited && !milestones_edited && !args.Flag("note")) {
    return Usage(
        "update save needs something to save: --status, --reason, --completed_on, --note, --milestone or "
        "--reached");
  }
  monitor::v1::SaveDraftRequest request;
  request.set_measure_id(*id);
  absl::StatusOr<std::optional<int64_t>> expected = ExpectedRevision(args);
  if (!expected.ok()) return expected.status();
  if (expected->has_value()) request.set_expected_revision(**expected);
  // The draft so far: what is not given on this command line stays as it is.
  absl::StatusOr<MeasureUpdate> current = client.GetMeasureUpdate(kOpenRound, *id);
  if (!current.ok()) return current.status();
  monitor::v1::Measure& draft = *request.mutable_draft();
  draft.set_id(*id);
  if (status_edited) {
    request.mutable_update_mask()->add_paths("status");
    draft.set_status(current->proposed().status());
    draft.set_status_reason(current->proposed().status_reason());
    if (current->proposed().has_completed_on()) *draft.mutable_completed_on() = current->proposed().completed_on();
    if (const std::optional<std::string> text = args.Flag("status"); text.has_value()) {
      absl::StatusOr<monitor::v1::Status> status = ParseStatus(*text);
      if (!status.ok()) return Usage(absl::StrCat("--status: ", status.status().message()));
      draft.set_status(*status);
    }
    if (const std::optional<std::string> reason = args.Flag("reason"); reason.has_value()) {
      draft.set_status_reason(*reason);
    }
    if (const std::optional<std::string> text = args.Flag("completed_on"); text.has_value()) {
      if (text->empty()) {
        draft.clear_completed_on();
      } else {
        absl::StatusOr<monitor::v1::PartialDate> date = ParseDate("completed_on", *text);
        if (!date.ok()) return date.status();
        *draft.mutable_completed_on() = *date;
      }
    }
  }
  if (const std::optional<std::string> note = args.Flag("note"); note.has_value()) {
    request.mutable_update_mask()->add_paths("progress_note");
    draft.set_progress_note(*note);
  }
  if (milestones_edited) {
    request.mutable_update_mask()->add_paths("milestones");
    *draft.mutable_milestones() = current->proposed().milestones();
    for (const std::string& move : moves) {
      if (absl::Status s = MoveMilestone(*id, move, *draft.mutable_milestones()); !s.ok()) return s;
    }
    for (const std::string& milestone_id : reached) {
      bool found = false;
      for (monitor::v1::Milestone& milestone : *draft.mutable_milestones()) {
        if (milestone.id() != milestone_id) continue;
        milestone.set_reached(true);
        found = true;
      }
      if (!found) return Usage(absl::StrCat("--reached: ", *id, " has no milestone \"", milestone_id, "\""));
    }
  }
  absl::StatusOr<MeasureUpdate> saved = client.SaveDraft(request);
  if (!saved.ok()) return saved.status();
  std::cout << saved->measure_id() << ": draft saved in round " << saved->round_id() << " (revision "
            << saved->revision() << "); edited: " << Edited(*saved) << "\n";
  return absl::OkStatus();
}

absl::Status UpdateSubmit(MonitorClient& client, const CommandArgs& args) {
  absl::StatusOr<std::string> id = OneMeasure("update submit", args);
  if (!id.ok()) return id.status();
  monitor::v1::SubmitUpdateRequest request;
  request.set_measure_id(*id);
  absl::StatusOr<std::optional<int64_t>> expected = ExpectedRevision(args);
  if (!expected.ok()) return expected.status();
  if (expected->has_value()) request.set_expected_revision(**expected);
  absl::StatusOr<MeasureUpdate> update = client.SubmitUpdate(request);
  if (!update.ok()) return update.status();
  std::cout << update->measure_id() << ": submitted for review (revision " << update->revision() << ")\n";
  return absl::OkStatus();
}

absl::Status UpdateApprove(MonitorClient& client, const CommandArgs& args) {
  absl::StatusOr<std::string> id = OneMeasure("update approve", args);
  if (!id.ok()) return id.status();
  monitor::v1::ApproveUpdateRequest request;
  request.set_measure_id(*id);
  absl::StatusOr<std::optional<int64_t>> expected = ExpectedRevision(args);
  if (!expected.ok()) return expected.status();
  if (expected->has_value()) request.set_expected_revision(**expected);
  absl::StatusOr<MeasureUpdate> update = client.ApproveUpdate(request);
  if (!update.ok()) return update.status();
  std::cout << update->measure_id() << ": approved (revision " << update->revision() << ")\n";
  return absl::OkStatus();
}

absl::Status UpdateReturn(MonitorClient& client, const CommandArgs& args) {
  absl::StatusOr<std::string> id = OneMeasure("update return", args);
  if (!id.ok()) return id.status();
  if (args.FlagOr("comment").empty())
    return Usage("update return needs --comment=TEXT: what the department should fix");
  monitor::v1::ReturnUpdateRequest request;
  request.set_measure_id(*id);
  request.set_comment(args.FlagOr("comment"));
  absl::StatusOr<std::optional<int64_t>> expected = ExpectedRevision(args);
  if (!expected.ok()) return expected.status();
  if (expected->has_value()) request.set_expected_revision(**expected);
  absl::StatusOr<MeasureUpdate> update = client.ReturnUpdate(request);
  if (!update.ok()) return update.status();
  std::cout << update->measure_id() << ": returned to " << update->owner() << " (revision " << update->revision()
            << "): " << update->return_comment() << "\n";
  return absl::OkStatus();
}

absl::Status UpdateApproveUnchanged(MonitorClient& client, const CommandArgs& args) {
  const bool all = args.Switch("all-untouched");
  if (all == !args.positional().empty()) {
    return Usage("update approve-unchanged needs measure ids or --all-untouched (not both)");
  }
  std::vector<std::string> ids = args.positional();
  if (all) {
    // Untouched: a draft, or a returned update, without a single edit.
    absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> updates = client.ListMeasureUpdates({});
    if (!updates.ok()) return updates.status();
    for (const MeasureUpdate& update : updates->updates()) {
      const bool open = update.state() == MeasureUpdate::DRAFT || update.state() == MeasureUpdate::RETURNED;
      if (open && update.edited().paths().empty()) ids.push_back(update.measure_id());
    }
    if (ids.empty()) {
      std::cout << "no untouched updates: each has edits or was submitted or approved\n";
      return absl::OkStatus();
    }
  }
  absl::StatusOr<monitor::v1::ApproveUnchangedResponse> approved = client.ApproveUnchanged(ids);
  if (!approved.ok()) return approved.status();
  for (const MeasureUpdate& update : approved->updates()) std::cout << update.measure_id() << "\n";
  std::cout << approved->updates_size() << " updates approved as unchanged\n";
  return absl::OkStatus();
}

// --- diff ----------------------------------------------------------------------------------------

absl::Status Diff(MonitorClient& client, const CommandArgs& args) {
  if (args.positional().size() != 2) return Usage("diff needs two snapshot ids: BASE TARGET (TARGET may be latest)");
  int64_t ids[2];
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<int64_t> id = ParseSnapshotId(args.positional()[i]);
    if (!id.ok()) return id.status();
    if (*id == 0) id = client.LatestSnapshotId();
    if (!id.ok()) return id.status();
    ids[i] = *id;
  }
  absl::StatusOr<monitor::v1::SnapshotComparison> comparison = client.CompareSnapshots(ids[0], ids[1]);
  if (!comparison.ok()) return comparison.status();
  absl::StatusOr<monitor::v1::Snapshot> base = client.GetSnapshot(ids[0]);
  if (!base.ok()) return base.status();
  absl::StatusOr<monitor::v1::Snapshot> target = client.GetSnapshot(ids[1]);
  if (!target.ok()) return target.status();
  std::cout << FormatComparison(*comparison, base->data(), target->data());
  return absl::OkStatus();
}

constexpr CommandFlag kExpectedRevisionFlag = {
    "expected_revision", "N", "only if the update is still at this revision (see update show);\nelse ABORTED"};
constexpr CommandFlag kRoundFlag = {"round", "ID", "a published round's id (default: the open round)"};

}  // namespace

std::vector<Command> RoundCommands() {
  return {
      {.name = "round open",
       .summary = "open a reporting round (admin): every leaf measure gets an update\nfor its department; at most "
                  "one round is open",
       .flags = {{"label", "TEXT", "e.g. \"Voortgangsrapportage juni 2026\""},
                 {"as_of", "YYYY-MM-DD", "the date the round reports the state for (peildatum)"},
                 {"deadline", "YYYY-MM-DD", "when the departments' updates are due"}},
       .run = RoundOpen},
      {.name = "round show",
       .arguments = "[ID]",
       .summary = "one round (default: the open one), with its updates per state",
       .run = RoundShow},
      {.name = "round list", .summary = "every round, newest first", .run = RoundList},
      {.name = "round publish",
       .arguments = "ID",
       .summary = "publish a round whose updates are all approved (admin): applies\nthem and creates its snapshot; "
                  "publishing again changes nothing",
       .run = RoundPublish},
      {.name = "update list",
       .summary = "the updates of the open round: measure, owner, state, proposed\nstatus and what was edited",
       .flags = {{"owner", "CODE", "only this department's measures, e.g. BZK"},
                 {"state", "STATE", "only draft, submitted, approved or returned"},
                 kRoundFlag},
       .run = UpdateList},
      {.name = "update show",
       .arguments = "MEASURE",
       .summary = "one measure's update: state, revision, proposed status, reason,\nprogress note, milestones",
       .flags = {kRoundFlag},
       .run = UpdateShow},
      {.name = "update save",
       .arguments = "MEASURE",
       .summary = "save a draft of a measure of your department; what is not given\nstays as the draft has it. "
                  "Dates: YYYY-MM-DD, YYYY-MM or YYYY",
       .flags = {{"status", "STATUS", "the new status, as printed or as enum name (VERTRAAGD)"},
                 {"reason", "TEXT", "why delayed, or the obstacle (for those statuses)"},
                 {"completed_on", "DATE", "when it was completed (Afgerond): a day or a month"},
                 {"note", "TEXT", "the progress note: what happened since the last report"},
                 {"milestone", "ID=DATE[:REASON]",
                  "move a milestone; a later date needs the reason.\nMay be given more than once"},
                 {"reached", "ID", "mark a milestone reached; may be given more than once"},
                 kExpectedRevisionFlag},
       .run = UpdateSave},
      {.name = "update submit",
       .arguments = "MEASURE",
       .summary = "submit a draft for review; the status rules are checked now",
       .flags = {kExpectedRevisionFlag},
       .run = UpdateSubmit},
      {.name = "update approve",
       .arguments = "MEASURE",
       .summary = "approve a submitted update (admin)",
       .flags = {kExpectedRevisionFlag},
       .run = UpdateApprove},
      {.name = "update return",
       .arguments = "MEASURE",
       .summary = "return a submitted update to its department (admin)",
       .flags = {{"comment", "TEXT", "what to fix (required)"}, kExpectedRevisionFlag},
       .run = UpdateReturn},
      {.name = "update approve-unchanged",
       .arguments = "[MEASURE...]",
       .summary = "approve updates without edits as unchanged (admin), all or none",
       .flags = {{"all-untouched", "", "every draft or returned update without edits"}},
       .run = UpdateApproveUnchanged},
      {.name = "diff",
       .arguments = "BASE TARGET",
       .summary = "what changed from snapshot BASE to TARGET (an id or latest):\nstatuses, milestones, texts, "
                  "the dashboard",
       .run = Diff},
  };
}

}  // namespace werkmonitor::ctl
