#include "domain/monitor.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/compare.h"
#include "domain/dashboard.h"
#include "domain/data_set_rules.h"
#include "domain/measure_view.h"
#include "domain/page_token.h"
#include "domain/proto_time.h"
#include "domain/status.h"
#include "domain/text_rules.h"
#include "google/protobuf/util/message_differencer.h"

namespace werkmonitor {
namespace {

using monitor::v1::ChangeEvent;
using monitor::v1::DataSet;
using monitor::v1::Measure;

// A correction outside a round says why it is made.
constexpr TextRule kCorrectionNoteRule{kNoteRule.max_chars, /*required=*/true, /*multiline=*/true};

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;
constexpr int kDefaultHistoryPageSize = 100;
constexpr int kMaxHistoryPageSize = 1000;

// A page token whose position lies beyond anything the service could have issued was forged or
// mangled; saying so beats answering with a silently empty page.
absl::Status CheckPagePosition(int64_t position, int64_t highest_issuable) {
  if (position <= highest_issuable) return absl::OkStatus();
  return absl::InvalidArgumentError("page_token: not a token this service issued");
}

// The store commits a write before the new state is published to readers, so for a moment it holds
// history the measures do not show yet. Readers see history only up to the published revision, and
// so never a change that GetMeasure and GetDashboard do not reflect. Entries are oldest first.
template <typename Entry>
void DropUnpublished(std::vector<Entry>& entries, int64_t published) {
  while (!entries.empty() && entries.back().revision() > published) entries.pop_back();
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

// A measure's owner is one of the data set's departments (none before departments exist).
absl::Status CheckOwner(const DataSet& frame, const monitor::v1::Ownership& owner) {
  if (absl::Status s = CheckText("measure.owner.quote", owner.quote(), TextRule{300, false, false}); !s.ok()) return s;
  if (owner.department().empty() && frame.departments().empty()) return absl::OkStatus();
  for (const monitor::v1::Department& d : frame.departments())
    if (d.code() == owner.department()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("measure.owner.department: ",
                   owner.department().empty() ? "is required" : absl::StrCat("no department \"", owner.department(), "\"")));
}

absl::Status CheckKnownStatus(absl::string_view field, int status) {
  if (IsKnownStatus(status)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": ",
                                                 status == 0 ? "is required" : absl::StrCat(status, " is not a status"),
                                                 " (AFGEROND, DOORLOPEND, IN_UITVOERING, VERTRAAGD, "
                                                 "ERNSTIGE_OBSTAKELS or ANDERS_UITGEVOERD)"));
}

// The paths UpdateMeasure accepts, and how each copies from the request into the measure.
struct UpdatablePath {
  absl::string_view path;
  void (*apply)(const Measure& from, Measure& to);
};
constexpr UpdatablePath kUpdatablePaths[] = {
    {"title", [](const Measure& f, Measure& t) { *t.mutable_title() = f.title(); }},
    {"title.nl", [](const Measure& f, Measure& t) { t.mutable_title()->set_nl(f.title().nl()); }},
    {"body", [](const Measure& f, Measure& t) { *t.mutable_body() = f.body(); }},
    {"body.nl", [](const Measure& f, Measure& t) { *t.mutable_body()->mutable_nl() = f.body().nl(); }},
    {"summary", [](const Measure& f, Measure& t) { *t.mutable_summary() = f.summary(); }},
    {"summary.nl", [](const Measure& f, Measure& t) { t.mutable_summary()->set_nl(f.summary().nl()); }},
    {"milestones", [](const Measure& f, Measure& t) { *t.mutable_milestones() = f.milestones(); }},
    // The lead department, when the assignment from the source text or the theme default was wrong.
    {"owner", [](const Measure& f, Measure& t) { *t.mutable_owner() = f.owner(); }},
};

absl::StatusOr<std::vector<const UpdatablePath*>> ResolveUpdateMask(const google::protobuf::FieldMask& mask) {
  if (mask.paths().empty()) {
    return absl::InvalidArgumentError("update_mask: name at least one of title, body, summary, milestones, owner");
  }
  std::vector<const UpdatablePath*> resolved;
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    const auto* found = std::find_if(std::begin(kUpdatablePaths), std::end(kUpdatablePaths),
                                     [&](const UpdatablePath& p) { return p.path == path; });
    if (found != std::end(kUpdatablePaths)) {
      resolved.push_back(found);
      continue;
    }
    const std::string field = absl::StrCat("update_mask.paths[", i, "]");
    if (path == "status") {
      return absl::InvalidArgumentError(absl::StrCat(field, ": the status is changed with SetMeasureStatus"));
    }
    if (path == "id" || path == "theme_id" || path == "number" || path == "parent_id" || path == "revision" ||
        path == "updated_at" || path == "updated_by") {
      return absl::InvalidArgumentError(absl::StrCat(field, ": \"", path, "\" cannot be changed"));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": unknown path \"", path, "\"; use title, title.nl, body, body.nl, summary, summary.nl, milestones or owner"));
  }
  return resolved;
}

}  // namespace

Monitor::Monitor(std::unique_ptr<MeasureStore> store, Clock clock, std::shared_ptr<const State> state,
                 int recent_events)
    : store_(std::move(store)),
      clock_(std::move(clock)),
      state_(std::move(state)),
      recent_capacity_(static_cast<size_t>(std::max(recent_events, 1))) {
  // The feed starts empty: it holds what is published from now on.
  const int64_t loaded = state_->revision;
  absl::MutexLock lock(&feed_mu_);
  recent_after_ = fed_revision_ = announced_revision_ = loaded;
}

Monitor::~Monitor() {
  {
    absl::MutexLock lock(&feed_mu_);
    stopping_ = true;
  }
  std::thread feed_thread;
  {
    absl::MutexLock lock(&subscribers_mu_);
    feed_thread = std::move(feed_thread_);
  }
  if (feed_thread.joinable()) feed_thread.join();
}

absl::StatusOr<std::unique_ptr<Monitor>> Monitor::Open(std::unique_ptr<MeasureStore> store, Clock clock,
                                                       int recent_events) {
  absl::StatusOr<StoredState> stored = store->Load();
  if (!stored.ok()) return stored.status();
  Parts parts = PartsOf(std::move(stored->data), stored->revision, stored->last_snapshot_id);
  auto book = std::make_shared<RoundBook>();
  book->rounds = std::move(stored->rounds);
  for (monitor::v1::MeasureUpdate& update : stored->updates) {
    const int64_t round_id = update.round_id();
    book->updates[round_id].push_back(std::make_shared<const monitor::v1::MeasureUpdate>(std::move(update)));
  }
  parts.rounds = std::move(book);
  if (parts.last_snapshot_id > 0) {
    absl::StatusOr<monitor::v1::Snapshot> latest = store->GetSnapshot(parts.last_snapshot_id);
    if (!latest.ok()) return latest.status();
    parts.latest_snapshot = std::make_shared<const monitor::v1::Snapshot>(std::move(*latest));
  }
  std::shared_ptr<const State> state = Derive(std::move(parts));
  return std::unique_ptr<Monitor>(new Monitor(std::move(store), std::move(clock), std::move(state), recent_events));
}

std::shared_ptr<Monitor::State> Monitor::Derive(Parts parts) {
  auto state = std::make_shared<State>();
  static_cast<Parts&>(*state) = std::move(parts);
  if (state->rounds == nullptr) state->rounds = std::make_shared<const RoundBook>();
  std::vector<const Measure*> plain;
  for (size_t i = 0; i < state->measures.size(); ++i) {
    const Measure& measure = *state->measures[i];
    plain.push_back(&measure);
    state->measure_index[measure.id()] = static_cast<int>(i);
  }
  state->tree = MeasureTree(std::move(plain));
  {
    absl::MutexLock lock(&state->bytes_mu);
    state->measure_bytes.resize(state->measures.size());
  }
  return state;
}

Monitor::Parts Monitor::PartsOf(DataSet data, int64_t revision, int64_t last_snapshot_id) {
  Parts parts;
  for (Measure& measure : *data.mutable_measures())
    parts.measures.push_back(std::make_shared<const Measure>(std::move(measure)));
  data.clear_measures();
  parts.frame = std::make_shared<const DataSet>(std::move(data));
  parts.revision = revision;
  parts.last_snapshot_id = last_snapshot_id;
  return parts;
}

std::shared_ptr<Monitor::State> Monitor::WithMeasure(const State& current, Measure measure, int64_t revision) {
  Parts parts = current;
  const size_t index = static_cast<size_t>(current.measure_index.at(measure.id()));
  parts.measures[index] = std::make_shared<const Measure>(std::move(measure));
  parts.revision = revision;
  return Derive(std::move(parts));
}

monitor::v1::PartialDate Monitor::State::AsOf() const {
  if (const monitor::v1::Round* open = rounds->Open()) return open->as_of();
  if (latest_snapshot != nullptr) return latest_snapshot->info().as_of();
  return frame->source().as_of();
}

std::shared_ptr<const monitor::v1::Dashboard> Monitor::State::LiveDashboard() const {
  absl::MutexLock lock(&dashboard_mu);
  if (dashboard == nullptr) {
    auto made = std::make_shared<monitor::v1::Dashboard>(ComputeDashboard(frame->themes(), tree));
    made->set_revision(revision);
    if (const monitor::v1::PartialDate as_of = AsOf(); as_of.year() != 0) {
      CountMilestones(*made, Data(), as_of, latest_snapshot == nullptr ? nullptr : &latest_snapshot->data());
    }
    dashboard_bytes = std::make_shared<const std::string>(made->SerializeAsString());
    dashboard = std::move(made);
  }
  return dashboard;
}

std::shared_ptr<const std::string> Monitor::State::LiveDashboardBytes() const {
  LiveDashboard();
  absl::MutexLock lock(&dashboard_mu);
  return dashboard_bytes;
}

DataSet Monitor::State::Data() const {
  DataSet data = *frame;
  for (const auto& measure : measures) *data.add_measures() = *measure;
  return data;
}

std::shared_ptr<const Monitor::State> Monitor::Current() const {
  absl::MutexLock lock(&state_mu_);
  return state_;
}

bool Monitor::IsEmpty() const { return Current()->frame->themes().empty(); }

int64_t Monitor::revision() const { return Current()->revision; }

DataSet Monitor::CurrentData() const { return Current()->Data(); }

absl::StatusOr<const Measure*> Monitor::Find(const State& state, absl::string_view field, absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": is required"));
  // Checked before the lookup, so that an error message never repeats a huge or malformed id.
  if (absl::Status s = CheckText(field, id, kIdRule); !s.ok()) return s;
  auto found = state.measure_index.find(id);
  if (found == state.measure_index.end()) {
    return absl::NotFoundError(absl::StrCat(field, ": no measure \"", id, "\""));
  }
  return state.measures[static_cast<size_t>(found->second)].get();
}

absl::Status Monitor::CheckExpectedRevision(const Measure& measure, bool has_expected, int64_t expected) {
  if (!has_expected || expected == measure.revision()) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("expected_revision: measure \"", measure.id(), "\" is at revision ",
                                         measure.revision(), ", not ", expected, "; read it again and retry"));
}

ChangeEvent Monitor::NewEvent(int64_t revision, absl::Time at, absl::string_view actor) const {
  ChangeEvent event;
  event.set_revision(revision);
  *event.mutable_at() = ToProtoTime(at);
  event.set_actor(std::string(actor));
  return event;
}

monitor::v1::Snapshot Monitor::MakeSnapshot(const State& state, absl::string_view label, absl::Time at,
                                            absl::string_view actor, const monitor::v1::PartialDate& as_of,
                                            int64_t round_id) const {
  monitor::v1::Snapshot snapshot;
  auto* info = snapshot.mutable_info();
  info->set_id(state.last_snapshot_id + 1);
  info->set_label(std::string(label));
  *info->mutable_created_at() = ToProtoTime(at);
  info->set_created_by(std::string(actor));
  info->set_revision(state.revision);
  *info->mutable_as_of() = as_of;
  info->set_round_id(round_id);
  *snapshot.mutable_data() = state.Data();
  monitor::v1::Dashboard& dashboard = *snapshot.mutable_dashboard();
  dashboard = ComputeDashboard(state.frame->themes(), state.tree);
  dashboard.set_revision(state.revision);
  const monitor::v1::Snapshot* previous = state.latest_snapshot.get();
  if (as_of.year() != 0) {
    CountMilestones(dashboard, snapshot.data(), as_of, previous == nullptr ? nullptr : &previous->data());
  }
  if (previous != nullptr) *snapshot.mutable_changes() = werkmonitor::CompareSnapshots(*previous, snapshot);
  return snapshot;
}

absl::Status Monitor::CommitAndPublish(const Write& write, std::shared_ptr<const State> next) {
  if (absl::Status committed = store_->Commit(write); !committed.ok()) return committed;
  {
    absl::MutexLock lock(&state_mu_);
    state_ = std::move(next);
  }
  // Then to the feed, which only ever shows published writes. This is all a writer does for the
  // subscribers: the feed thread, woken by the new fed_revision_, calls them.
  std::vector<std::shared_ptr<const ChangeEvent>> events;
  for (const ChangeEvent& event : write.events) events.push_back(std::make_shared<const ChangeEvent>(event));
  absl::MutexLock lock(&feed_mu_);
  for (auto& event : events) {
    fed_revision_ = event->revision();
    recent_.push_back(std::move(event));
  }
  while (recent_.size() > recent_capacity_) {
    recent_after_ = recent_.front()->revision();
    recent_.pop_front();
  }
  return absl::OkStatus();
}

absl::Status Monitor::Import(const DataSet& data, absl::string_view snapshot_label, absl::string_view actor) {
  if (absl::Status s = ValidateDataSet(data); !s.ok()) return s;
  if (absl::Status s = CheckText("label", snapshot_label, kLabelRule); !s.ok()) return s;
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  if (!current->frame->themes().empty() || current->revision != 0) {
    return absl::FailedPreconditionError("the monitor already holds data; import only into an empty database");
  }
  const absl::Time now = clock_();
  DataSet imported = data;
  const int64_t import_revision = current->revision + 1;
  for (Measure& measure : *imported.mutable_measures()) {
    measure.set_revision(import_revision);
    *measure.mutable_updated_at() = ToProtoTime(now);
    measure.set_updated_by(std::string(actor));
  }
  Write write;
  ChangeEvent& imported_event = write.events.emplace_back(NewEvent(import_revision, now, actor));
  imported_event.mutable_data_imported()->set_source_title(imported.source().title());
  imported_event.mutable_data_imported()->set_measure_count(imported.measures_size());

  Parts parts = PartsOf(imported, import_revision, current->last_snapshot_id);
  parts.rounds = current->rounds;
  // The first snapshot reports the state the source document reports.
  monitor::v1::Snapshot snapshot =
      MakeSnapshot(*Derive(parts), snapshot_label, now, actor, imported.source().as_of(), /*round_id=*/0);
  ChangeEvent& snapshot_event = write.events.emplace_back(NewEvent(import_revision + 1, now, actor));
  *snapshot_event.mutable_snapshot_created() = snapshot.info();
  parts.revision = import_revision + 1;
  parts.last_snapshot_id = snapshot.info().id();
  parts.latest_snapshot = std::make_shared<const monitor::v1::Snapshot>(snapshot);
  write.snapshots.push_back(std::move(snapshot));
  write.import = std::move(imported);
  return CommitAndPublish(write, Derive(std::move(parts)));
}

monitor::v1::ListThemesResponse Monitor::ListThemes() const {
  std::shared_ptr<const State> state = Current();
  monitor::v1::ListThemesResponse response;
  *response.mutable_themes() = state->frame->themes();
  *response.mutable_departments() = state->frame->departments();
  return response;
}

absl::StatusOr<monitor::v1::ListMeasuresResponse> Monitor::ListMeasures(
    const monitor::v1::ListMeasuresRequest& request) const {
  return ListMeasuresIn(*Current(), request);
}

absl::StatusOr<std::shared_ptr<const std::string>> Monitor::ListMeasuresBytes(
    const monitor::v1::ListMeasuresRequest& request) const {
  // Kept only for requests of a sensible size, and for a bounded number of them per state: a
  // caller cannot grow the memory by asking odd pages.
  constexpr size_t kMaxKeyBytes = 512;
  constexpr size_t kMaxCachedLists = 64;
  std::shared_ptr<const State> state = Current();
  std::string key = request.SerializeAsString();
  const bool keep = key.size() <= kMaxKeyBytes;
  if (keep) {
    absl::MutexLock lock(&state->bytes_mu);
    if (auto found = state->list_bytes.find(key); found != state->list_bytes.end()) return found->second;
  }
  absl::StatusOr<monitor::v1::ListMeasuresResponse> response = ListMeasuresIn(*state, request);
  if (!response.ok()) return response.status();
  auto bytes = std::make_shared<const std::string>(response->SerializeAsString());
  if (keep) {
    absl::MutexLock lock(&state->bytes_mu);
    if (state->list_bytes.size() < kMaxCachedLists) state->list_bytes.emplace(std::move(key), bytes);
  }
  return bytes;
}

absl::StatusOr<monitor::v1::ListMeasuresResponse> Monitor::ListMeasuresIn(const State& current,
                                                                          const monitor::v1::ListMeasuresRequest& request) {
  if (request.status() != 0) {
    if (absl::Status s = CheckKnownStatus("status", request.status()); !s.ok()) return s;
  }
  absl::StatusOr<int> page_size = PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize);
  if (!page_size.ok()) return page_size.status();
  if (!IsKnownView(request.view())) {
    return absl::InvalidArgumentError(absl::StrCat("view: ", request.view(), " is not a view (BASIC or FULL)"));
  }
  const std::string query = absl::StrCat("measures|", request.theme_id(), "|", request.status(), "|", request.owner());
  absl::StatusOr<int64_t> offset = DecodePageToken(request.page_token(), query);
  if (!offset.ok()) return offset.status();

  const State* state = &current;
  if (absl::Status s = CheckPagePosition(*offset, static_cast<int64_t>(state->measures.size())); !s.ok()) return s;
  if (!request.theme_id().empty()) {
    if (absl::Status s = CheckText("theme_id", request.theme_id(), kIdRule); !s.ok()) return s;
    const auto& themes = state->frame->themes();
    if (std::none_of(themes.begin(), themes.end(), [&](const auto& t) { return t.id() == request.theme_id(); })) {
      return absl::NotFoundError(absl::StrCat("theme_id: no theme \"", request.theme_id(), "\""));
    }
  }
  monitor::v1::ListMeasuresResponse response;
  int64_t matched = 0;
  for (const auto& pointer : state->measures) {
    const Measure& measure = *pointer;
    if (!request.theme_id().empty() && measure.theme_id() != request.theme_id()) continue;
    if (request.status() != 0 && measure.status() != request.status()) continue;
    if (!request.owner().empty() && measure.owner().department() != request.owner()) continue;
    if (matched++ < *offset) continue;
    if (response.measures_size() == *page_size) {
      response.set_next_page_token(EncodePageToken(query, *offset + *page_size));
      break;
    }
    Viewed(measure, request.view(), *response.add_measures());
  }
  return response;
}

absl::StatusOr<Measure> Monitor::GetMeasure(const monitor::v1::GetMeasureRequest& request) const {
  std::shared_ptr<const State> state = Current();
  absl::StatusOr<const Measure*> measure = Find(*state, "id", request.id());
  if (!measure.ok()) return measure.status();
  return **measure;
}

absl::StatusOr<monitor::v1::Dashboard> Monitor::GetDashboard(const monitor::v1::GetDashboardRequest& request) const {
  if (request.snapshot_id() < 0) return absl::InvalidArgumentError("snapshot_id: must not be negative");
  if (request.snapshot_id() == 0) return *Current()->LiveDashboard();
  monitor::v1::GetSnapshotRequest snapshot_request;
  snapshot_request.set_id(request.snapshot_id());
  absl::StatusOr<monitor::v1::Snapshot> snapshot = GetSnapshot(snapshot_request);
  if (!snapshot.ok()) return snapshot.status();
  return std::move(*snapshot->mutable_dashboard());
}

absl::StatusOr<monitor::v1::ListStatusChangesResponse> Monitor::ListStatusChanges(
    const monitor::v1::ListStatusChangesRequest& request) const {
  if (!request.measure_id().empty()) {
    if (absl::StatusOr<const Measure*> m = Find(*Current(), "measure_id", request.measure_id()); !m.ok()) {
      return m.status();
    }
  }
  if (request.since_revision() < 0) return absl::InvalidArgumentError("since_revision: must not be negative");
  absl::StatusOr<int> page_size = PageSize(request.page_size(), kDefaultHistoryPageSize, kMaxHistoryPageSize);
  if (!page_size.ok()) return page_size.status();
  const std::string query = absl::StrCat("history|", request.measure_id(), "|", request.since_time().seconds(), ".",
                                         request.since_time().nanos(), "|", request.since_revision());
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), query);
  if (!after.ok()) return after.status();
  const int64_t published = revision();
  if (absl::Status s = CheckPagePosition(*after, published); !s.ok()) return s;

  StatusChangeQuery store_query;
  store_query.measure_id = request.measure_id();
  if (request.has_since_time()) store_query.since_time = FromProtoTime(request.since_time());
  store_query.after_revision = std::max(*after, request.since_revision());
  store_query.limit = *page_size + 1;  // one more tells whether there is a next page
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> changes = store_->ListStatusChanges(store_query);
  if (!changes.ok()) return changes.status();
  DropUnpublished(*changes, published);

  monitor::v1::ListStatusChangesResponse response;
  const bool more = static_cast<int>(changes->size()) > *page_size;
  if (more) changes->resize(*page_size);
  for (auto& change : *changes) *response.add_changes() = std::move(change);
  if (more) response.set_next_page_token(EncodePageToken(query, response.changes().rbegin()->revision()));
  return response;
}

absl::StatusOr<int64_t> Monitor::ResolveSnapshotId(absl::string_view field, int64_t id) const {
  if (id < 0) return absl::InvalidArgumentError(absl::StrCat(field, ": must not be negative"));
  if (id == 0) {
    id = Current()->last_snapshot_id;
    if (id == 0) return absl::NotFoundError(absl::StrCat(field, ": there is no snapshot yet"));
  }
  return id;
}

absl::StatusOr<monitor::v1::Snapshot> Monitor::GetSnapshot(const monitor::v1::GetSnapshotRequest& request) const {
  absl::StatusOr<int64_t> id = ResolveSnapshotId("id", request.id());
  if (!id.ok()) return id.status();
  return store_->GetSnapshot(*id);
}

absl::StatusOr<std::shared_ptr<const std::string>> Monitor::GetSnapshotBytes(
    const monitor::v1::GetSnapshotRequest& request) const {
  absl::StatusOr<int64_t> id = ResolveSnapshotId("id", request.id());
  if (!id.ok()) return id.status();
  {
    absl::ReaderMutexLock lock(&snapshot_bytes_mu_);
    if (auto found = snapshot_bytes_.find(*id); found != snapshot_bytes_.end()) return found->second;
  }
  absl::StatusOr<std::string> stored = store_->GetSnapshotBytes(*id);
  if (!stored.ok()) return stored.status();
  auto bytes = std::make_shared<const std::string>(std::move(*stored));
  absl::MutexLock lock(&snapshot_bytes_mu_);
  snapshot_bytes_[*id] = bytes;
  if (snapshot_bytes_.size() > kCachedSnapshots) snapshot_bytes_.erase(snapshot_bytes_.begin());  // the oldest id
  return bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> Monitor::GetMeasureBytes(
    const monitor::v1::GetMeasureRequest& request) const {
  std::shared_ptr<const State> state = Current();
  absl::StatusOr<const Measure*> measure = Find(*state, "id", request.id());
  if (!measure.ok()) return measure.status();
  const size_t index = static_cast<size_t>(state->measure_index.at(request.id()));
  {
    absl::MutexLock lock(&state->bytes_mu);
    if (state->measure_bytes[index] != nullptr) return state->measure_bytes[index];
  }
  auto bytes = std::make_shared<const std::string>((*measure)->SerializeAsString());
  absl::MutexLock lock(&state->bytes_mu);
  if (state->measure_bytes[index] == nullptr) state->measure_bytes[index] = bytes;
  return state->measure_bytes[index];
}

absl::StatusOr<std::shared_ptr<const std::string>> Monitor::GetDashboardBytes(
    const monitor::v1::GetDashboardRequest& request) const {
  if (request.snapshot_id() == 0) return Current()->LiveDashboardBytes();
  absl::StatusOr<monitor::v1::Dashboard> dashboard = GetDashboard(request);
  if (!dashboard.ok()) return dashboard.status();
  return std::make_shared<const std::string>(dashboard->SerializeAsString());
}

absl::StatusOr<monitor::v1::ListSnapshotsResponse> Monitor::ListSnapshots(
    const monitor::v1::ListSnapshotsRequest& request) const {
  absl::StatusOr<int> page_size = PageSize(request.page_size(), kDefaultPageSize, kMaxPageSize);
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<int64_t> before = DecodePageToken(request.page_token(), "snapshots");
  if (!before.ok()) return before.status();
  if (absl::Status s = CheckPagePosition(*before, Current()->last_snapshot_id); !s.ok()) return s;
  absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> infos = store_->ListSnapshots(*before, *page_size + 1);
  if (!infos.ok()) return infos.status();

  monitor::v1::ListSnapshotsResponse response;
  const bool more = static_cast<int>(infos->size()) > *page_size;
  if (more) infos->resize(*page_size);
  for (auto& info : *infos) *response.add_snapshots() = std::move(info);
  if (more) response.set_next_page_token(EncodePageToken("snapshots", response.snapshots().rbegin()->id()));
  return response;
}

absl::StatusOr<Measure> Monitor::UpdateMeasure(const monitor::v1::UpdateMeasureRequest& request,
                                               absl::string_view actor) {
  absl::StatusOr<std::vector<const UpdatablePath*>> paths = ResolveUpdateMask(request.update_mask());
  if (!paths.ok()) return paths.status();
  if (absl::Status s = CheckText("note", request.note(), kCorrectionNoteRule); !s.ok()) return s;

  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  absl::StatusOr<const Measure*> found = Find(*current, "measure.id", request.measure().id());
  if (!found.ok()) return found.status();
  const Measure& before = **found;
  if (absl::Status s = CheckExpectedRevision(before, request.has_expected_revision(), request.expected_revision());
      !s.ok()) {
    return s;
  }
  Measure updated = before;
  for (const UpdatablePath* path : *paths) path->apply(request.measure(), updated);
  // Fields the schema does not know (from a newer client) are not kept: the store could not keep
  // them, so they would be acknowledged and lost at the next start.
  updated.DiscardUnknownFields();
  if (absl::Status s = ValidateMeasureContent("measure", updated); !s.ok()) return s;
  if (absl::Status s = CheckOwner(*current->frame, updated.owner()); !s.ok()) return s;
  if (google::protobuf::util::MessageDifferencer::Equals(updated, before)) return before;  // nothing to write

  const absl::Time now = clock_();
  const int64_t revision = current->revision + 1;
  updated.set_revision(revision);
  *updated.mutable_updated_at() = ToProtoTime(now);
  updated.set_updated_by(std::string(actor));

  Write write;
  ChangeEvent& event = write.events.emplace_back(NewEvent(revision, now, actor));
  event.mutable_measure_updated()->set_measure_id(updated.id());
  *event.mutable_measure_updated()->mutable_update_mask() = request.update_mask();
  event.mutable_measure_updated()->set_note(request.note());
  write.measures.push_back(updated);

  if (absl::Status s = CommitAndPublish(write, WithMeasure(*current, updated, revision)); !s.ok()) {
    return s;
  }
  return updated;
}

absl::StatusOr<Measure> Monitor::SetMeasureStatus(const monitor::v1::SetMeasureStatusRequest& request,
                                                  absl::string_view actor) {
  if (absl::Status s = CheckKnownStatus("status", request.status()); !s.ok()) return s;
  if (absl::Status s = CheckText("note", request.note(), kCorrectionNoteRule); !s.ok()) return s;

  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  absl::StatusOr<const Measure*> found = Find(*current, "id", request.id());
  if (!found.ok()) return found.status();
  const Measure& before = **found;
  if (current->tree.HasChildren(before.id())) {
    std::vector<std::string> children;
    for (const Measure* m : current->tree.ChildrenOf(before.id())) children.push_back(m->id());
    return absl::FailedPreconditionError(absl::StrCat(
        "id: measure \"", before.id(), "\" has sub-measures, which carry the status: ", absl::StrJoin(children, ", ")));
  }
  if (absl::Status s = CheckExpectedRevision(before, request.has_expected_revision(), request.expected_revision());
      !s.ok()) {
    return s;
  }
  if (before.status() == request.status()) return before;  // already so: nothing to record

  const absl::Time now = clock_();
  const int64_t revision = current->revision + 1;
  Measure updated = before;
  updated.set_status(request.status());
  updated.set_revision(revision);
  *updated.mutable_updated_at() = ToProtoTime(now);
  updated.set_updated_by(std::string(actor));

  monitor::v1::StatusChange change;
  change.set_revision(revision);
  change.set_measure_id(updated.id());
  change.set_from_status(before.status());
  change.set_to_status(updated.status());
  *change.mutable_changed_at() = ToProtoTime(now);
  change.set_changed_by(std::string(actor));
  change.set_note(request.note());

  Write write;
  *write.events.emplace_back(NewEvent(revision, now, actor)).mutable_status_changed() = change;
  write.status_changes.push_back(std::move(change));

  if (absl::Status s = CommitAndPublish(write, WithMeasure(*current, updated, revision)); !s.ok()) {
    return s;
  }
  return updated;
}

absl::StatusOr<monitor::v1::SnapshotInfo> Monitor::CreateSnapshot(const monitor::v1::CreateSnapshotRequest& request,
                                                                  absl::string_view actor) {
  if (absl::Status s = CheckText("label", request.label(), kLabelRule); !s.ok()) return s;
  absl::MutexLock write_lock(&write_mu_);
  std::shared_ptr<const State> current = Current();
  if (current->frame->themes().empty()) {
    return absl::FailedPreconditionError("nothing to capture: no data has been imported");
  }
  const absl::Time now = clock_();
  // A snapshot made outside a round reports the state of the day it is made.
  const absl::CivilDay today = absl::ToCivilDay(now, absl::UTCTimeZone());
  monitor::v1::PartialDate as_of;
  as_of.set_precision(monitor::v1::PartialDate::DAY);
  as_of.set_year(static_cast<int32_t>(today.year()));
  as_of.set_month(today.month());
  as_of.set_day(today.day());
  monitor::v1::Snapshot snapshot = MakeSnapshot(*current, request.label(), now, actor, as_of, /*round_id=*/0);
  monitor::v1::SnapshotInfo info = snapshot.info();
  const int64_t revision = current->revision + 1;
  Write write;
  *write.events.emplace_back(NewEvent(revision, now, actor)).mutable_snapshot_created() = info;
  Parts parts = *current;
  parts.revision = revision;
  parts.last_snapshot_id = info.id();
  parts.latest_snapshot = std::make_shared<const monitor::v1::Snapshot>(snapshot);
  write.snapshots.push_back(std::move(snapshot));
  if (absl::Status s = CommitAndPublish(write, Derive(std::move(parts))); !s.ok()) return s;
  return info;
}

absl::Status Monitor::CheckWatchStart(int64_t since_revision) const {
  if (since_revision < 0) return absl::InvalidArgumentError("since_revision: must not be negative");
  const int64_t current = revision();
  if (since_revision > current) {
    return absl::OutOfRangeError(
        absl::StrCat("since_revision: ", since_revision, " is beyond the current revision ", current));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ChangeEvent>> Monitor::ChangesSince(int64_t after_revision, int limit) const {
  std::vector<std::shared_ptr<const ChangeEvent>> recent;
  bool in_memory = false;
  {
    absl::MutexLock lock(&feed_mu_);
    if (after_revision >= recent_after_) {
      // Revisions are consecutive, so the first entry wanted is found by arithmetic. Only the
      // pointers are copied under the lock.
      const size_t skip =
          static_cast<size_t>(std::min<int64_t>(after_revision - recent_after_, static_cast<int64_t>(recent_.size())));
      const size_t take = std::min(recent_.size() - skip, static_cast<size_t>(std::max(limit, 0)));
      const auto first = recent_.begin() + static_cast<std::ptrdiff_t>(skip);
      recent.assign(first, first + static_cast<std::ptrdiff_t>(take));
      // Should a revision ever have no entry, the arithmetic is off: then the store answers.
      in_memory = recent.empty() || recent.front()->revision() == after_revision + 1;
    }
  }
  if (in_memory) {
    std::vector<ChangeEvent> events;
    events.reserve(recent.size());
    for (const auto& event : recent) events.push_back(*event);
    return events;
  }
  // Older than what memory holds: from the store. It may already hold a write that is committed
  // but not yet published; such entries are left out.
  const int64_t published = revision();
  absl::StatusOr<std::vector<ChangeEvent>> events = store_->ListChanges(after_revision, limit);
  if (events.ok()) DropUnpublished(*events, published);
  return events;
}

void Monitor::NotifySubscribers() {
  for (;;) {
    {
      absl::MutexLock lock(&feed_mu_);
      auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(feed_mu_) {
        return stopping_ || fed_revision_ > announced_revision_;
      };
      feed_mu_.Await(absl::Condition(&has_work));
      if (stopping_) return;
      announced_revision_ = fed_revision_;
    }
    // Under the lock, so that a callback never runs after Unsubscribe returned.
    absl::MutexLock lock(&subscribers_mu_);
    for (const auto& [id, on_change] : subscribers_) on_change();
  }
}

int Monitor::Subscribe(std::function<void()> on_change) {
  absl::MutexLock lock(&subscribers_mu_);
  if (!feed_thread_.joinable()) {
    // The first subscriber starts the feed thread; a monitor nobody watches never has one.
    {
      absl::MutexLock feed_lock(&feed_mu_);
      announced_revision_ = fed_revision_;  // nothing to announce yet: the subscriber reads from here
    }
    feed_thread_ = std::thread([this] { NotifySubscribers(); });
  }
  const int id = next_subscription_++;
  subscribers_.emplace(id, std::move(on_change));
  return id;
}

void Monitor::Unsubscribe(int subscription) {
  absl::MutexLock lock(&subscribers_mu_);
  subscribers_.erase(subscription);
}

}  // namespace werkmonitor
