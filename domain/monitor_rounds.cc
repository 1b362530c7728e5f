// The reporting rounds of the Monitor: opening a round, the life of a measure update (draft ->
// submitted -> approved, or returned -> submitted again), publishing, and adopting the reference
// data a data set imported by an older release lacks. The status rules live in domain/update_rules.
#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/compare.h"
#include "domain/data_set_rules.h"
#include "domain/measure_view.h"
#include "domain/monitor.h"
#include "domain/partial_date.h"
#include "domain/proto_time.h"
#include "domain/status.h"
#include "domain/text_rules.h"
#include "domain/update_rules.h"
#include "google/protobuf/util/message_differencer.h"

namespace werkmonitor {
namespace {

using monitor::v1::ChangeEvent;
using monitor::v1::Measure;
using monitor::v1::MeasureUpdate;
using monitor::v1::PartialDate;
using monitor::v1::Round;
using monitor::v1::RoundEvent;

constexpr TextRule kCommentRule{2000, /*required=*/true, /*multiline=*/true};
constexpr TextRule kReportedTextRule{2000, /*required=*/false, /*multiline=*/true};

// A round's as-of date and deadline are days.
absl::Status CheckDay(absl::string_view field, const PartialDate& date) {
  if (date.precision() == PartialDate::PRECISION_UNSPECIFIED && date.year() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  }
  if (date.precision() != PartialDate::DAY) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must be a day (precision DAY)"));
  }
  return ValidatePartialDate(field, date);
}

std::string StateName(MeasureUpdate::State state) {
  switch (state) {
    case MeasureUpdate::DRAFT:
      return "a draft";
    case MeasureUpdate::SUBMITTED:
      return "submitted";
    case MeasureUpdate::APPROVED:
      return "approved";
    case MeasureUpdate::RETURNED:
      return "returned";
    default:
      return absl::StrCat("in state ", static_cast<int>(state));
  }
}

absl::Status WrongState(const MeasureUpdate& update, absl::string_view what) {
  return absl::FailedPreconditionError(absl::StrCat("measure_id: the update of \"", update.measure_id(), "\" is ",
                                                    StateName(update.state()), "; ", what));
}

absl::Status CheckUpdateRevision(const MeasureUpdate& update, bool has_expected, int64_t expected) {
  if (!has_expected || expected == update.revision()) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("expected_revision: the update of \"", update.measure_id(),
                                         "\" is at revision ", update.revision(), ", not ", expected,
                                         "; read it again and retry"));
}

absl::Status RequireAdmin(const Actor& actor, absl::string_view what) {
  if (actor.admin) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only the coordinator (an admin) may ", what));
}

absl::Status CheckMayChange(const Actor& actor, const Measure& measure) {
  if (actor.MayChange(measure.owner().department())) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "measure_id: measure \"", measure.id(), "\" is owned by ",
      measure.owner().department().empty() ? "no department" : measure.owner().department(), "; ", actor.name,
      " may change measures of ", actor.departments.empty() ? "no department" : absl::StrJoin(actor.departments, ", ")));
}

// The paths SaveDraft accepts; each copies from the request's draft into the proposed measure and
// records the part edited (what Applied copies on publish).
struct DraftPath {
  absl::string_view path;
  absl::string_view edited;
  void (*apply)(const Measure& from, Measure& to);
};
constexpr DraftPath kDraftPaths[] = {
    {"status", "status",
     [](const Measure& f, Measure& t) {
       t.set_status(f.status());
       t.set_status_reason(f.status_reason());
       if (f.has_completed_on()) {
         *t.mutable_completed_on() = f.completed_on();
       } else {
         t.clear_completed_on();
       }
     }},
    {"progress_note", "progress_note", [](const Measure& f, Measure& t) { t.set_progress_note(f.progress_note()); }},
    {"milestones", "milestones", [](const Measure& f, Measure& t) { *t.mutable_milestones() = f.milestones(); }},
    {"title", "title", [](const Measure& f, Measure& t) { *t.mutable_title() = f.title(); }},
    {"title.nl", "title", [](const Measure& f, Measure& t) { t.mutable_title()->set_nl(f.title().nl()); }},
    {"body", "body", [](const Measure& f, Measure& t) { *t.mutable_body() = f.body(); }},
    {"body.nl", "body", [](const Measure& f, Measure& t) { *t.mutable_body()->mutable_nl() = f.body().nl(); }},
    {"summary", "summary", [](const Measure& f, Measure& t) { *t.mutable_summary() = f.summary(); }},
    {"summary.nl", "summary", [](const Measure& f, Measure& t) { t.mutable_summary()->set_nl(f.summary().nl()); }},
};

absl::StatusOr<std::vector<const DraftPath*>> ResolveDraftMask(const google::protobuf::FieldMask& mask) {
  std::vector<std::string> known;
  for (const DraftPath& p : kDraftPaths) known.emplace_back(p.path);
  if (mask.paths().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("update_mask: name at least one of ", absl::StrJoin(known, ", ")));
  }
  std::vector<const DraftPath*> resolved;
  for (int i = 0; i < mask.paths_size(); ++i) {
    const auto* found = std::find_if(std::begin(kDraftPaths), std::end(kDraftPaths),
                                     [&](const DraftPath& p) { return p.path == mask.paths(i); });
    if (found == std::end(kDraftPaths)) {
      return absl::InvalidArgumentError(absl::StrCat("update_mask.paths[", i, "]: unknown path \"", mask.paths(i),
                                                     "\"; use ", absl::StrJoin(known, ", ")));
    }
    resolved.push_back(found);
  }
  return resolved;
}

// Copies the edited part `edited` of `from` into `to`.
void ApplyEdited(absl::string_view edited, const Measure& from, Measure& to) {
  for (const DraftPath& p : kDraftPaths) {
    if (p.path == edited) {  // the whole-field path of each part is listed under its own name
      p.apply(from, to);
      return;
    }
  }
}

const monitor::v1::Milestone* FindMilestone(const Measure& measure, absl::string_view id) {
  for (const auto& m : measure.milestones())
    if (m.id() == id) return &m;
  return nullptr;
}

// Checks what SaveDraft lets people type beyond what ValidateMeasureContent checks.
absl::Status CheckReported(const Measure& draft) {
  if (!IsKnownStatus(draft.status())) {
    return absl::InvalidArgumentError(
        absl::StrCat("draft.status: ", draft.status() == 0 ? "is required" : "is not a status",
                     " (AFGEROND, DOORLOPEND, IN_UITVOERING, VERTRAAGD, ERNSTIGE_OBSTAKELS or ANDERS_UITGEVOERD)"));
  }
  if (absl::Status s = CheckText("draft.progress_note", draft.progress_note(), kReportedTextRule); !s.ok()) return s;
  if (absl::Status s = CheckText("draft.status_reason", draft.status_reason(), kReportedTextRule); !s.ok()) return s;
  if (draft.has_completed_on()) {
    if (absl::Status s = ValidatePartialDate("draft.completed_on", draft.completed_on()); !s.ok()) return s;
  }
  for (int i = 0; i < draft.milestones_size(); ++i) {
    if (absl::Status s = CheckText(absl::StrCat("draft.milestones[", i, "].move_reason"),
                                   draft.milestones(i).move_reason(), kReportedTextRule);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

const Round* Monitor::RoundBook::Find(int64_t id) const {
  if (id < 1 || id > static_cast<int64_t>(rounds.size())) return nullptr;
  return &rounds[static_cast<size_t>(id - 1)];
}

const Round* Monitor::RoundBook::Open() const {
  if (rounds.empty() || rounds.back().state() != Round::OPEN) return nullptr;
  return &rounds.back();
}

Measure Monitor::Applied(const Measure& published, const MeasureUpdate& update) {
  Measure applied = published;
  // A round asks for a new progress note: the previous round's is not carried into this one.
  applied.clear_progress_note();
  for (const std::string& edited : update.edited().paths()) ApplyEdited(edited, update.proposed(), applied);
  return applied;
}

absl::StatusOr<Monitor::OpenUpdate> Monitor::FindOpenUpdate(const State& state, absl::string_view field,
                                                            absl::string_view measure_id) {
  const Round* round = state.rounds->Open();
  if (round == nullptr) return absl::FailedPreconditionError("no round is open; the coordinator opens one");
  absl::StatusOr<const Measure*> published = Find(state, field, measure_id);
  if (!published.ok()) return published.status();
  const auto& updates = state.rounds->updates.at(round->id());
  for (size_t i = 0; i < updates.size(); ++i) {
    if (updates[i]->measure_id() == measure_id) return OpenUpdate{round, *published, updates[i], i};
  }
  return absl::FailedPreconditionError(
      absl::StrCat(field, ": measure \"", measure_id, "\" has sub-measures and no update of its own"));
}

MeasureUpdate Monitor::Presented(const State& state, const MeasureUpdate& update, monitor::v1::MeasureView view) {
  MeasureUpdate presented = update;
  Measure proposed;
  if (auto found = state.measure_index.find(update.measure_id()); found != state.measure_index.end()) {
    proposed = Applied(*state.measures[static_cast<size_t>(found->second)], update);
  } else {
    proposed = update.proposed();
  }
  presented.clear_proposed();
  // The owner as it is now: an admin may have corrected it since the round opened.
  presented.set_owner(proposed.owner().department());
  Viewed(proposed, view, *presented.mutable_proposed());
  return presented;
}

absl::StatusOr<std::vector<MeasureUpdate>> Monitor::CommitUpdates(const State& current,
                                                                  std::vector<std::pair<size_t, MeasureUpdate>> updates,
                                                                  RoundEvent event, absl::string_view actor) {
  const absl::Time now = clock_();
  const int64_t revision = current.revision + 1;
  Write write;
  ChangeEvent& change = write.events.emplace_back(NewEvent(revision, now, actor));
  *change.mutable_round() = std::move(event);
  auto book = std::make_shared<RoundBook>(*current.rounds);
  auto& list = book->updates[change.round().round_id()];
  std::vector<MeasureUpdate> done;
  for (auto& [index, update] : updates) {
    update.set_revision(revision);
    *update.mutable_updated_at() = ToProtoTime(now);
    update.set_updated_by(std::string(actor));
    update.DiscardUnknownFields();
    list[index] = std::make_shared<const MeasureUpdate>(update);
    write.updates.push_back(update);
    done.push_back(std::move(update));
  }
  Parts parts = current;
  parts.rounds = std::move(book);
  parts.revision = revision;
  if (absl::Status s = CommitAndPublish(write, Derive(std::move(parts))); !s.ok()) return s;
  return done;
}

absl::StatusOr<MeasureUpdate> Monitor::CommitOne(const State& current, const OpenUpdate& found, MeasureUpdate next,
                                                 RoundEvent::Kind kind, const Actor& actor, absl::string_view comment) {
  RoundEvent event;
  event.set_round_id(found.round->id());
  event.set_kind(kind);
  event.add_measure_ids(next.measure_id());
  event.set_comment(std::string(comment));
  absl::StatusOr<std::vector<MeasureUpdate>> done =
      CommitUpdates(current, {{found.index, std::move(next)}}, std::move(event), actor.name);
  if (!done.ok()) return done.status();
  return Presented(*Current(), done->front(), monitor::v1::FULL);
}

absl::StatusOr<Round> Monitor::OpenRound(const monitor::v1::OpenRoundRequest& request, const Actor& actor) {
  if (absl::Status s = RequireAdmin(actor, "open a round"); !s.ok()) return s;
  if (absl::Status s = CheckText("label", request.label(), kLabelRule); !s.ok()) return s;
  if (absl::Status s = CheckDay("as_of", request.as_of()); !s.ok()) return s;
  if (absl::Status s = CheckDay("deadline", request.deadline()); !s.ok()) return s;
  if (EarliestDay(request.deadline()) < EarliestDay(request.as_of())) {
    return absl::InvalidArgumentError("deadline: must not be before as_of");
  }
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  if (current->frame->themes().empty()) {
    return absl::FailedPreconditionError("no data has been imported: nothing to report on");
  }
  if (const Round* open = current->rounds->Open()) {
    return absl::FailedPreconditionError(
        absl::StrCat("round ", open->id(), " \"", open->label(), "\" is open; publish it before opening another"));
  }
  if (current->latest_snapshot != nullptr) {
    const PartialDate& previous = current->latest_snapshot->info().as_of();
    if (previous.year() != 0 && EarliestDay(request.as_of()) <= LatestDay(previous)) {
      return absl::InvalidArgumentError(absl::StrCat("as_of: must be after the as-of date of snapshot ",
                                                     current->latest_snapshot->info().id(), ", the latest report"));
    }
  }
  const absl::Time now = clock_();
  const int64_t revision = current->revision + 1;
  Round round;
  round.set_id(static_cast<int64_t>(current->rounds->rounds.size()) + 1);
  round.set_label(request.label());
  *round.mutable_as_of() = request.as_of();
  *round.mutable_deadline() = request.deadline();
  round.set_state(Round::OPEN);
  *round.mutable_opened_at() = ToProtoTime(now);
  round.set_opened_by(actor.name);
  round.set_base_snapshot_id(current->last_snapshot_id);
  round.set_revision(revision);
  round.DiscardUnknownFields();

  Write write;
  ChangeEvent& event = write.events.emplace_back(NewEvent(revision, now, actor.name));
  event.mutable_round()->set_round_id(round.id());
  event.mutable_round()->set_kind(RoundEvent::OPENED);
  auto book = std::make_shared<RoundBook>(*current->rounds);
  book->rounds.push_back(round);
  auto& updates = book->updates[round.id()];
  for (const Measure* leaf : current->tree.Leaves()) {
    MeasureUpdate update;
    update.set_round_id(round.id());
    update.set_measure_id(leaf->id());
    update.set_state(MeasureUpdate::DRAFT);
    update.set_owner(leaf->owner().department());
    update.set_revision(revision);
    *update.mutable_updated_at() = ToProtoTime(now);
    update.set_updated_by(actor.name);
    updates.push_back(std::make_shared<const MeasureUpdate>(update));
    write.updates.push_back(std::move(update));
  }
  write.rounds.push_back(round);
  Parts parts = *current;
  parts.rounds = std::move(book);
  parts.revision = revision;
  if (absl::Status s = CommitAndPublish(write, Derive(std::move(parts))); !s.ok()) return s;
  return round;
}

absl::StatusOr<Round> Monitor::GetRound(const monitor::v1::GetRoundRequest& request) const {
  if (request.id() < 0) return absl::InvalidArgumentError("id: must not be negative");
  std::shared_ptr<const State> state = Current();
  const Round* round = request.id() == 0 ? state->rounds->Open() : state->rounds->Find(request.id());
  if (round == nullptr) {
    return absl::NotFoundError(request.id() == 0 ? "id: no round is open" : absl::StrCat("id: no round ", request.id()));
  }
  return *round;
}

monitor::v1::ListRoundsResponse Monitor::ListRounds() const {
  std::shared_ptr<const State> state = Current();
  monitor::v1::ListRoundsResponse response;
  for (auto it = state->rounds->rounds.rbegin(); it != state->rounds->rounds.rend(); ++it) *response.add_rounds() = *it;
  return response;
}

absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> Monitor::ListMeasureUpdates(
    const monitor::v1::ListMeasureUpdatesRequest& request) const {
  if (request.round_id() < 0) return absl::InvalidArgumentError("round_id: must not be negative");
  if (!MeasureUpdate::State_IsValid(request.state())) {
    return absl::InvalidArgumentError(absl::StrCat("state: ", request.state(), " is not an update state"));
  }
  if (!IsKnownView(request.view())) return absl::InvalidArgumentError("view: not a view (BASIC or FULL)");
  std::shared_ptr<const State> state = Current();
  const Round* round = request.round_id() == 0 ? state->rounds->Open() : state->rounds->Find(request.round_id());
  if (round == nullptr) {
    return absl::NotFoundError(request.round_id() == 0 ? "round_id: no round is open"
                                                       : absl::StrCat("round_id: no round ", request.round_id()));
  }
  monitor::v1::ListMeasureUpdatesResponse response;
  for (const auto& update : state->rounds->updates.at(round->id())) {
    if (request.state() != MeasureUpdate::STATE_UNSPECIFIED && update->state() != request.state()) continue;
    MeasureUpdate presented = Presented(*state, *update, request.view());
    if (!request.owner().empty() && presented.owner() != request.owner()) continue;
    *response.add_updates() = std::move(presented);
  }
  return response;
}

absl::StatusOr<MeasureUpdate> Monitor::GetMeasureUpdate(const monitor::v1::GetMeasureUpdateRequest& request) const {
  if (request.round_id() < 0) return absl::InvalidArgumentError("round_id: must not be negative");
  std::shared_ptr<const State> state = Current();
  const Round* round = request.round_id() == 0 ? state->rounds->Open() : state->rounds->Find(request.round_id());
  if (round == nullptr) {
    return absl::NotFoundError(request.round_id() == 0 ? "round_id: no round is open"
                                                       : absl::StrCat("round_id: no round ", request.round_id()));
  }
  absl::StatusOr<const Measure*> measure = Find(*state, "measure_id", request.measure_id());
  if (!measure.ok()) return measure.status();
  for (const auto& update : state->rounds->updates.at(round->id())) {
    if (update->measure_id() == request.measure_id()) return Presented(*state, *update, monitor::v1::FULL);
  }
  return absl::NotFoundError(absl::StrCat("measure_id: measure \"", request.measure_id(),
                                          "\" has no update in round ", round->id(), " (it has sub-measures)"));
}

absl::StatusOr<MeasureUpdate> Monitor::SaveDraft(const monitor::v1::SaveDraftRequest& request, const Actor& actor) {
  absl::StatusOr<std::vector<const DraftPath*>> paths = ResolveDraftMask(request.update_mask());
  if (!paths.ok()) return paths.status();
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  absl::StatusOr<OpenUpdate> found = FindOpenUpdate(*current, "measure_id", request.measure_id());
  if (!found.ok()) return found.status();
  if (absl::Status s = CheckMayChange(actor, *found->published); !s.ok()) return s;
  const MeasureUpdate& before = *found->update;
  if (absl::Status s = CheckUpdateRevision(before, request.has_expected_revision(), request.expected_revision());
      !s.ok()) {
    return s;
  }
  if (before.state() != MeasureUpdate::DRAFT && before.state() != MeasureUpdate::RETURNED) {
    return WrongState(before, before.state() == MeasureUpdate::SUBMITTED
                                  ? "it is under review; the coordinator returns it if it needs changes"
                                  : "ask the coordinator to return it to change it");
  }
  Measure proposed = Applied(*found->published, before);
  std::vector<std::string> edited(before.edited().paths().begin(), before.edited().paths().end());
  for (const DraftPath* path : *paths) {
    path->apply(request.draft(), proposed);
    edited.emplace_back(path->edited);
  }
  // A reason belongs to a move: a milestone whose date did not change keeps its published reason.
  for (auto& milestone : *proposed.mutable_milestones()) {
    const monitor::v1::Milestone* published = FindMilestone(*found->published, milestone.id());
    if (published != nullptr && google::protobuf::util::MessageDifferencer::Equals(published->date(), milestone.date()))
      milestone.set_move_reason(published->move_reason());
  }
  proposed.DiscardUnknownFields();
  if (absl::Status s = CheckReported(proposed); !s.ok()) return s;
  if (absl::Status s = ValidateMeasureContent("draft", proposed); !s.ok()) return s;

  std::sort(edited.begin(), edited.end());
  edited.erase(std::unique(edited.begin(), edited.end()), edited.end());
  MeasureUpdate next = before;
  *next.mutable_proposed() = std::move(proposed);
  next.mutable_edited()->clear_paths();
  for (std::string& e : edited) next.mutable_edited()->add_paths(std::move(e));
  if (google::protobuf::util::MessageDifferencer::Equals(Applied(*found->published, next),
                                                         Applied(*found->published, before)) &&
      next.edited().paths_size() == before.edited().paths_size()) {
    return Presented(*current, before, monitor::v1::FULL);  // nothing to write
  }
  return CommitOne(*current, *found, std::move(next), RoundEvent::DRAFT_SAVED, actor);
}

absl::StatusOr<MeasureUpdate> Monitor::SubmitUpdate(const monitor::v1::SubmitUpdateRequest& request,
                                                    const Actor& actor) {
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  absl::StatusOr<OpenUpdate> found = FindOpenUpdate(*current, "measure_id", request.measure_id());
  if (!found.ok()) return found.status();
  if (absl::Status s = CheckMayChange(actor, *found->published); !s.ok()) return s;
  const MeasureUpdate& before = *found->update;
  if (absl::Status s = CheckUpdateRevision(before, request.has_expected_revision(), request.expected_revision());
      !s.ok()) {
    return s;
  }
  if (before.state() != MeasureUpdate::DRAFT && before.state() != MeasureUpdate::RETURNED) {
    return WrongState(before, "only a draft or a returned update can be submitted");
  }
  const Measure proposed = Applied(*found->published, before);
  const UpdateRuleContext context{*found->published, proposed, EarliestDay(found->round->as_of()), actor.admin};
  if (absl::Status s = CheckUpdateRules(context); !s.ok()) return s;
  MeasureUpdate next = before;
  next.set_state(MeasureUpdate::SUBMITTED);
  next.set_submitted_by(actor.name);
  return CommitOne(*current, *found, std::move(next), RoundEvent::SUBMITTED, actor);
}

absl::StatusOr<MeasureUpdate> Monitor::ApproveUpdate(const monitor::v1::ApproveUpdateRequest& request,
                                                     const Actor& actor) {
  if (absl::Status s = RequireAdmin(actor, "approve an update"); !s.ok()) return s;
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  absl::StatusOr<OpenUpdate> found = FindOpenUpdate(*current, "measure_id", request.measure_id());
  if (!found.ok()) return found.status();
  const MeasureUpdate& before = *found->update;
  if (absl::Status s = CheckUpdateRevision(before, request.has_expected_revision(), request.expected_revision());
      !s.ok()) {
    return s;
  }
  if (before.state() != MeasureUpdate::SUBMITTED) {
    return WrongState(before, "only a submitted update can be approved (one without changes: ApproveUnchanged)");
  }
  MeasureUpdate next = before;
  next.set_state(MeasureUpdate::APPROVED);
  next.set_unchanged(false);
  return CommitOne(*current, *found, std::move(next), RoundEvent::APPROVED, actor);
}

absl::StatusOr<MeasureUpdate> Monitor::ReturnUpdate(const monitor::v1::ReturnUpdateRequest& request,
                                                    const Actor& actor) {
  if (absl::Status s = RequireAdmin(actor, "return an update"); !s.ok()) return s;
  if (absl::Status s = CheckText("comment", request.comment(), kCommentRule); !s.ok()) return s;
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  absl::StatusOr<OpenUpdate> found = FindOpenUpdate(*current, "measure_id", request.measure_id());
  if (!found.ok()) return found.status();
  const MeasureUpdate& before = *found->update;
  if (absl::Status s = CheckUpdateRevision(before, request.has_expected_revision(), request.expected_revision());
      !s.ok()) {
    return s;
  }
  if (before.state() != MeasureUpdate::SUBMITTED && before.state() != MeasureUpdate::APPROVED) {
    return WrongState(before, "only a submitted or approved update can be returned");
  }
  MeasureUpdate next = before;
  next.set_state(MeasureUpdate::RETURNED);
  next.set_unchanged(false);
  next.set_return_comment(request.comment());
  return CommitOne(*current, *found, std::move(next), RoundEvent::RETURNED, actor, request.comment());
}

absl::StatusOr<monitor::v1::ApproveUnchangedResponse> Monitor::ApproveUnchanged(
    const monitor::v1::ApproveUnchangedRequest& request, const Actor& actor) {
  if (absl::Status s = RequireAdmin(actor, "approve updates"); !s.ok()) return s;
  if (request.measure_ids().empty()) return absl::InvalidArgumentError("measure_ids: name at least one measure");
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  std::vector<std::pair<size_t, MeasureUpdate>> approved;
  absl::flat_hash_set<std::string> seen;
  RoundEvent event;
  event.set_kind(RoundEvent::APPROVED);
  for (int i = 0; i < request.measure_ids_size(); ++i) {
    const std::string field = absl::StrCat("measure_ids[", i, "]");
    absl::StatusOr<OpenUpdate> found = FindOpenUpdate(*current, field, request.measure_ids(i));
    if (!found.ok()) return found.status();
    if (!seen.insert(request.measure_ids(i)).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": \"", request.measure_ids(i), "\" is named twice"));
    }
    const MeasureUpdate& before = *found->update;
    if (before.state() != MeasureUpdate::DRAFT && before.state() != MeasureUpdate::RETURNED) {
      return absl::FailedPreconditionError(absl::StrCat(field, ": the update of \"", before.measure_id(), "\" is ",
                                                        StateName(before.state()), "; approve or return it instead"));
    }
    if (!before.edited().paths().empty()) {
      return absl::FailedPreconditionError(absl::StrCat(field, ": the update of \"", before.measure_id(),
                                                        "\" has edits (", absl::StrJoin(before.edited().paths(), ", "),
                                                        "); it is reviewed once submitted"));
    }
    MeasureUpdate next = before;
    next.set_state(MeasureUpdate::APPROVED);
    next.set_unchanged(true);
    approved.emplace_back(found->index, std::move(next));
    event.set_round_id(found->round->id());
    event.add_measure_ids(request.measure_ids(i));
  }
  absl::StatusOr<std::vector<MeasureUpdate>> done =
      CommitUpdates(*current, std::move(approved), std::move(event), actor.name);
  if (!done.ok()) return done.status();
  monitor::v1::ApproveUnchangedResponse response;
  std::shared_ptr<const State> now = Current();
  for (const MeasureUpdate& update : *done) *response.add_updates() = Presented(*now, update, monitor::v1::BASIC);
  return response;
}

absl::StatusOr<Round> Monitor::PublishRound(const monitor::v1::PublishRoundRequest& request, const Actor& actor) {
  if (absl::Status s = RequireAdmin(actor, "publish a round"); !s.ok()) return s;
  if (request.round_id() <= 0) {
    return absl::InvalidArgumentError(request.round_id() == 0 ? "round_id: is required" : "round_id: must be positive");
  }
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  const Round* found = current->rounds->Find(request.round_id());
  if (found == nullptr) return absl::NotFoundError(absl::StrCat("round_id: no round ", request.round_id()));
  // A retried publish finds its round published and gets the same answer: never a second snapshot.
  if (found->state() == Round::PUBLISHED) return *found;
  const auto& updates = current->rounds->updates.at(found->id());
  std::vector<std::string> waiting;
  for (const auto& update : updates) {
    if (update->state() != MeasureUpdate::APPROVED)
      waiting.push_back(absl::StrCat(update->measure_id(), " (", StateName(update->state()), ")"));
  }
  if (!waiting.empty()) {
    const size_t shown = std::min<size_t>(waiting.size(), 5);
    return absl::FailedPreconditionError(
        absl::StrCat("round_id: ", waiting.size(), " of ", updates.size(), " updates are not approved yet: ",
                     absl::StrJoin(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                     waiting.size() > shown ? ", …" : ""));
  }

  const absl::Time now = clock_();
  int64_t revision = current->revision;
  Write write;
  Parts parts = *current;
  for (const auto& update : updates) {
    if (update->unchanged()) continue;
    const size_t index = static_cast<size_t>(current->measure_index.at(update->measure_id()));
    const Measure& published = *current->measures[index];
    Measure next = Applied(published, *update);
    if (google::protobuf::util::MessageDifferencer::Equals(next, published)) continue;
    ++revision;
    next.set_revision(revision);
    *next.mutable_updated_at() = ToProtoTime(now);
    next.set_updated_by(update->submitted_by());
    ChangeEvent& event = write.events.emplace_back(NewEvent(revision, now, actor.name));
    if (next.status() != published.status()) {
      monitor::v1::StatusChange change;
      change.set_revision(revision);
      change.set_measure_id(next.id());
      change.set_from_status(published.status());
      change.set_to_status(next.status());
      *change.mutable_changed_at() = ToProtoTime(now);
      change.set_changed_by(update->submitted_by());
      change.set_note(next.progress_note());
      change.set_round_id(found->id());
      *event.mutable_status_changed() = change;
      write.status_changes.push_back(std::move(change));
    } else {
      event.mutable_measure_updated()->set_measure_id(next.id());
      *event.mutable_measure_updated()->mutable_update_mask() = update->edited();
      event.mutable_measure_updated()->set_round_id(found->id());
    }
    parts.measures[index] = std::make_shared<const Measure>(next);
    write.measures.push_back(std::move(next));
  }
  parts.revision = revision;
  monitor::v1::Snapshot snapshot =
      MakeSnapshot(*Derive(parts), found->label(), now, actor.name, found->as_of(), found->id());
  *write.events.emplace_back(NewEvent(++revision, now, actor.name)).mutable_snapshot_created() = snapshot.info();

  Round round = *found;
  round.set_state(Round::PUBLISHED);
  *round.mutable_published_at() = ToProtoTime(now);
  round.set_published_by(actor.name);
  round.set_snapshot_id(snapshot.info().id());
  round.set_revision(++revision);
  RoundEvent& published_event = *write.events.emplace_back(NewEvent(revision, now, actor.name)).mutable_round();
  published_event.set_round_id(round.id());
  published_event.set_kind(RoundEvent::PUBLISHED);
  published_event.set_snapshot_id(round.snapshot_id());
  write.rounds.push_back(round);

  auto book = std::make_shared<RoundBook>(*current->rounds);
  book->rounds[static_cast<size_t>(round.id() - 1)] = round;
  parts.rounds = std::move(book);
  parts.revision = revision;
  parts.last_snapshot_id = snapshot.info().id();
  parts.latest_snapshot = std::make_shared<const monitor::v1::Snapshot>(snapshot);
  write.snapshots.push_back(std::move(snapshot));
  if (absl::Status s = CommitAndPublish(write, Derive(std::move(parts))); !s.ok()) return s;
  return round;
}

absl::StatusOr<monitor::v1::SnapshotComparison> Monitor::CompareSnapshots(
    const monitor::v1::CompareSnapshotsRequest& request) const {
  if (request.base_snapshot_id() == 0) return absl::InvalidArgumentError("base_snapshot_id: is required");
  absl::StatusOr<int64_t> base_id = ResolveSnapshotId("base_snapshot_id", request.base_snapshot_id());
  if (!base_id.ok()) return base_id.status();
  absl::StatusOr<int64_t> target_id = ResolveSnapshotId("target_snapshot_id", request.target_snapshot_id());
  if (!target_id.ok()) return target_id.status();
  absl::StatusOr<monitor::v1::Snapshot> base = store_->GetSnapshot(*base_id);
  if (!base.ok()) return absl::Status(base.status().code(), absl::StrCat("base_snapshot_id: ", base.status().message()));
  absl::StatusOr<monitor::v1::Snapshot> target = store_->GetSnapshot(*target_id);
  if (!target.ok()) {
    return absl::Status(target.status().code(), absl::StrCat("target_snapshot_id: ", target.status().message()));
  }
  return werkmonitor::CompareSnapshots(*base, *target);
}

absl::Status Monitor::AdoptReferenceData(const monitor::v1::DataSet& data, absl::string_view actor) {
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  if (current->frame->themes().empty()) return absl::FailedPreconditionError("no data has been imported");
  if (!current->frame->departments().empty() || data.departments().empty()) return absl::OkStatus();
  if (absl::Status s = ValidateDataSet(data); !s.ok()) return s;

  ReferenceData reference;
  reference.departments.assign(data.departments().begin(), data.departments().end());
  auto frame = std::make_shared<monitor::v1::DataSet>(*current->frame);
  *frame->mutable_departments() = data.departments();
  for (monitor::v1::Theme& theme : *frame->mutable_themes()) {
    auto given = std::find_if(data.themes().begin(), data.themes().end(),
                              [&](const monitor::v1::Theme& t) { return t.id() == theme.id(); });
    if (given == data.themes().end()) {
      return absl::FailedPreconditionError(absl::StrCat("themes[", theme.id(), "]: not in the data set files"));
    }
    theme.set_default_owner(given->default_owner());
    reference.theme_default_owners.emplace_back(theme.id(), theme.default_owner());
  }
  if (!frame->source().has_as_of()) {
    *frame->mutable_source()->mutable_as_of() = data.source().as_of();
    frame->mutable_source()->set_as_of_reason(data.source().as_of_reason());
  }
  reference.source = frame->source();

  const absl::Time now = clock_();
  const int64_t revision = current->revision + 1;
  Write write;
  ChangeEvent& event = write.events.emplace_back(NewEvent(revision, now, actor));
  Parts parts = *current;
  int owned = 0;
  for (size_t i = 0; i < parts.measures.size(); ++i) {
    const Measure& stored = *parts.measures[i];
    if (!stored.owner().department().empty()) continue;
    auto given = std::find_if(data.measures().begin(), data.measures().end(),
                              [&](const Measure& m) { return m.id() == stored.id(); });
    if (given == data.measures().end()) {
      return absl::FailedPreconditionError(absl::StrCat("measures[", stored.id(), "]: not in the data set files"));
    }
    Measure next = stored;
    *next.mutable_owner() = given->owner();
    next.set_revision(revision);
    *next.mutable_updated_at() = ToProtoTime(now);
    next.set_updated_by(std::string(actor));
    parts.measures[i] = std::make_shared<const Measure>(next);
    write.measures.push_back(std::move(next));
    ++owned;
  }
  event.mutable_data_imported()->set_source_title(
      absl::StrCat("reference data: ", reference.departments.size(), " departments and the owners of measures"));
  event.mutable_data_imported()->set_measure_count(owned);
  write.reference_data = std::move(reference);
  parts.frame = std::move(frame);
  parts.revision = revision;
  return CommitAndPublish(write, Derive(std::move(parts)));
}

}  // namespace werkmonitor
