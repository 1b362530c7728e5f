#include "domain/testing/memory_measure_store.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/proto_time.h"

namespace werkmonitor {
namespace {

monitor::v1::Measure* Stored(monitor::v1::DataSet& data, absl::string_view id) {
  auto* measures = data.mutable_measures();
  auto found =
      std::find_if(measures->begin(), measures->end(), [&](const monitor::v1::Measure& m) { return m.id() == id; });
  return found == measures->end() ? nullptr : &*found;
}

absl::Status NoMeasure(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat("no measure \"", id, "\" stored"));
}

absl::Status ApplyReferenceData(const ReferenceData& reference, monitor::v1::DataSet& data) {
  if (data.themes().empty()) return absl::FailedPreconditionError("reference data for a store that holds no data set");
  *data.mutable_source() = reference.source;
  data.mutable_departments()->Assign(reference.departments.begin(), reference.departments.end());
  for (const auto& theme_owner : reference.theme_default_owners) {
    // Named, not a structured binding: a lambda cannot capture those before C++20 in clang 14.
    const std::string& theme_id = theme_owner.first;
    const std::string& owner = theme_owner.second;
    auto* themes = data.mutable_themes();
    auto theme =
        std::find_if(themes->begin(), themes->end(), [&](const monitor::v1::Theme& t) { return t.id() == theme_id; });
    if (theme == themes->end()) return absl::NotFoundError(absl::StrCat("no theme \"", theme_id, "\" stored"));
    theme->set_default_owner(owner);
  }
  return absl::OkStatus();
}

// Inserts or replaces `update`, keeping the order of StoredState::updates: by round, then document order.
absl::Status PutUpdate(const monitor::v1::MeasureUpdate& update, StoredState& state) {
  if (std::none_of(state.rounds.begin(), state.rounds.end(),
                   [&](const monitor::v1::Round& r) { return r.id() == update.round_id(); })) {
    return absl::NotFoundError(absl::StrCat("no round ", update.round_id(), " stored"));
  }
  absl::flat_hash_map<std::string, int> position;
  for (int i = 0; i < state.data.measures_size(); ++i) position[state.data.measures(i).id()] = i;
  if (!position.contains(update.measure_id())) return NoMeasure(update.measure_id());
  auto key = [&](const monitor::v1::MeasureUpdate& u) {
    return std::make_pair(u.round_id(), position[u.measure_id()]);
  };
  auto at = std::lower_bound(state.updates.begin(), state.updates.end(), key(update),
                             [&](const monitor::v1::MeasureUpdate& u, const auto& k) { return key(u) < k; });
  if (at != state.updates.end() && key(*at) == key(update)) {
    *at = update;
  } else {
    state.updates.insert(at, update);
  }
  return absl::OkStatus();
}

void PutRound(const monitor::v1::Round& round, StoredState& state) {
  auto at = std::lower_bound(state.rounds.begin(), state.rounds.end(), round.id(),
                             [](const monitor::v1::Round& r, int64_t id) { return r.id() < id; });
  if (at != state.rounds.end() && at->id() == round.id()) {
    *at = round;
  } else {
    state.rounds.insert(at, round);
  }
}

}  // namespace

StoredState MemoryMeasureStore::state() const {
  absl::MutexLock lock(&mu_);
  return contents_.state;
}

int MemoryMeasureStore::commits() const {
  absl::MutexLock lock(&mu_);
  return commits_;
}

absl::StatusOr<StoredState> MemoryMeasureStore::Load() { return state(); }

absl::Status MemoryMeasureStore::Commit(const Write& write) {
  absl::MutexLock lock(&mu_);
  Contents next = contents_;
  if (absl::Status s = Apply(write, next); !s.ok()) return s;
  contents_ = std::move(next);
  ++commits_;
  return absl::OkStatus();
}

// The same order and the same errors as SqliteMeasureStore, on a copy.
absl::Status MemoryMeasureStore::Apply(const Write& write, Contents& contents) {
  StoredState& state = contents.state;
  if (write.events.empty()) return absl::InvalidArgumentError("a write needs at least one journal entry");
  for (size_t i = 0; i < write.events.size(); ++i) {
    const int64_t expected = state.revision + 1 + static_cast<int64_t>(i);
    if (write.events[i].revision() != expected) {
      return absl::AbortedError(absl::StrCat("the store is at revision ", expected - 1, ", this write follows ",
                                             write.events[i].revision() - 1));
    }
    contents.journal.push_back(write.events[i]);
  }
  if (write.import.has_value()) {
    if (!state.data.themes().empty()) return absl::FailedPreconditionError("the store already holds data");
    state.data = *write.import;
  }
  if (write.reference_data.has_value()) {
    if (absl::Status s = ApplyReferenceData(*write.reference_data, state.data); !s.ok()) return s;
  }
  for (const monitor::v1::Theme& theme : write.theme_texts) {
    auto* themes = state.data.mutable_themes();
    auto stored =
        std::find_if(themes->begin(), themes->end(), [&](const monitor::v1::Theme& t) { return t.id() == theme.id(); });
    if (stored == themes->end()) return absl::NotFoundError(absl::StrCat("no theme \"", theme.id(), "\" stored"));
    *stored->mutable_title() = theme.title();
    *stored->mutable_introduction() = theme.introduction();
    if (!theme.has_title()) stored->clear_title();
    if (!theme.has_introduction()) stored->clear_introduction();
  }
  for (const monitor::v1::Department& department : write.department_names) {
    auto* departments = state.data.mutable_departments();
    auto stored = std::find_if(departments->begin(), departments->end(),
                               [&](const monitor::v1::Department& d) { return d.code() == department.code(); });
    if (stored == departments->end()) {
      return absl::NotFoundError(absl::StrCat("no department \"", department.code(), "\" stored"));
    }
    *stored->mutable_name() = department.name();
    if (!department.has_name()) stored->clear_name();
  }
  for (const monitor::v1::Measure& measure : write.measures) {
    monitor::v1::Measure* stored = Stored(state.data, measure.id());
    if (stored == nullptr) return NoMeasure(measure.id());
    // A measure's identity never changes: keep the stored one.
    monitor::v1::Measure replaced = measure;
    replaced.set_theme_id(stored->theme_id());
    replaced.set_parent_id(stored->parent_id());
    replaced.set_number(stored->number());
    *stored = std::move(replaced);
  }
  for (const monitor::v1::StatusChange& change : write.status_changes) {
    monitor::v1::Measure* measure = Stored(state.data, change.measure_id());
    if (measure == nullptr) return NoMeasure(change.measure_id());
    measure->set_status(change.to_status());
    measure->set_revision(change.revision());
    *measure->mutable_updated_at() = change.changed_at();
    measure->set_updated_by(change.changed_by());
    contents.history.push_back(change);
  }
  for (const monitor::v1::Snapshot& snapshot : write.snapshots) {
    const int64_t id = snapshot.info().id();
    if (id <= 0) return absl::InvalidArgumentError(absl::StrCat("snapshot id ", id, " is not positive"));
    if (!contents.snapshots.emplace(id, snapshot).second) {
      return absl::AlreadyExistsError(absl::StrCat("snapshot ", id, " exists already"));
    }
    state.last_snapshot_id = std::max(state.last_snapshot_id, id);
  }
  for (const monitor::v1::Round& round : write.rounds) PutRound(round, state);
  for (const monitor::v1::MeasureUpdate& update : write.updates) {
    if (absl::Status s = PutUpdate(update, state); !s.ok()) return s;
  }
  state.revision = write.events.back().revision();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<monitor::v1::StatusChange>> MemoryMeasureStore::ListStatusChanges(
    const StatusChangeQuery& query) {
  absl::MutexLock lock(&mu_);
  std::vector<monitor::v1::StatusChange> changes;
  for (const monitor::v1::StatusChange& change : contents_.history) {
    if (static_cast<int>(changes.size()) >= query.limit) break;
    if (!query.measure_id.empty() && change.measure_id() != query.measure_id) continue;
    if (FromProtoTime(change.changed_at()) < query.since_time) continue;
    if (change.revision() <= query.after_revision) continue;
    changes.push_back(change);
  }
  return changes;
}

absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> MemoryMeasureStore::ListChanges(int64_t after_revision,
                                                                                      int limit) {
  absl::MutexLock lock(&mu_);
  std::vector<monitor::v1::ChangeEvent> events;
  for (const monitor::v1::ChangeEvent& event : contents_.journal) {
    if (static_cast<int>(events.size()) >= limit) break;
    if (event.revision() > after_revision) events.push_back(event);
  }
  return events;
}

absl::StatusOr<monitor::v1::Snapshot> MemoryMeasureStore::GetSnapshot(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto found = contents_.snapshots.find(id);
  if (found == contents_.snapshots.end()) return absl::NotFoundError(absl::StrCat("no snapshot ", id));
  return found->second;
}

absl::StatusOr<std::string> MemoryMeasureStore::GetSnapshotBytes(int64_t id) {
  absl::StatusOr<monitor::v1::Snapshot> snapshot = GetSnapshot(id);
  if (!snapshot.ok()) return snapshot.status();
  return snapshot->SerializeAsString();
}

absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> MemoryMeasureStore::ListSnapshots(int64_t before_id, int limit) {
  absl::MutexLock lock(&mu_);
  std::vector<monitor::v1::SnapshotInfo> infos;
  for (auto it = contents_.snapshots.rbegin(); it != contents_.snapshots.rend(); ++it) {
    if (static_cast<int>(infos.size()) >= limit) break;
    if (before_id != 0 && it->first >= before_id) continue;
    infos.push_back(it->second.info());
  }
  return infos;
}

}  // namespace werkmonitor
