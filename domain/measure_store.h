// Where the monitor keeps its data: the interface the domain owns and a storage engine implements
// (SqliteMeasureStore; MemoryMeasureStore in domain/testing for tests). The domain decides
// everything (revisions, snapshot ids, content); a store persists a Write atomically, gives the
// current state back at start-up and answers queries about the past.
//
// The contract, which tests/store/measure_store_conformance.h checks for every engine:
// - Commit applies a Write whole or not at all: a failed Commit leaves the state, the history, the
//   journal and the snapshots exactly as they were, and the next write continues from there.
//   Once Commit returned OK the write is durable (for SQLite: it survives kill -9).
// - What a Write applies, in this order: its journal entries, the import, the reference data, the
//   theme texts, the department names, the measures, the status changes, the snapshots, the
//   rounds, the measure updates (see Write). Errors: INVALID_ARGUMENT for a write without journal
//   entries or with a snapshot id <= 0; ABORTED when the entries do not continue the stored
//   revision (another writer); FAILED_PRECONDITION for an import into a store that holds data;
//   NOT_FOUND for a measure, status change or measure update naming a measure that is not stored,
//   for an update naming a round that is not, and for theme texts or a department name of a theme
//   or department that is not; ALREADY_EXISTS for a snapshot id that is. Anything else the engine could not do is its own code
//   (UNAVAILABLE when busy, RESOURCE_EXHAUSTED when full, FAILED_PRECONDITION when not writable).
// - The history of status changes, the journal and the snapshots are append-only: nothing ever
//   changes or removes an entry.
// - Reads verify what they return: a store hands out only what it was given. Stored data that
//   cannot have been written by it (a snapshot whose checksum does not match, an enum value
//   outside its enum, text that is not UTF-8, bytes that do not parse) is DATA_LOSS naming the
//   row, e.g. "snapshot 3 is damaged: checksum mismatch" or "measure \"werk-2\" is damaged: status
//   9 is not a Status value". Load fails so when the current state is damaged, so the monitor does
//   not start on it.
#ifndef WERKMONITOR_DOMAIN_MEASURE_STORE_H_
#define WERKMONITOR_DOMAIN_MEASURE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

// The current state as stored.
struct StoredState {
  monitor::v1::DataSet data;  // measures carry their revision and updated_at/by
  int64_t revision = 0;       // the global revision: that of the last write; 0 for an empty store
  int64_t last_snapshot_id = 0;
  std::vector<monitor::v1::Round> rounds;           // every round, oldest first
  std::vector<monitor::v1::MeasureUpdate> updates;  // of every round: by round, then document order
};

// Reference data a newer release adds to a data set imported by an older one (see
// Monitor::AdoptReferenceData): the departments, each theme's default owner, the source
// document's as-of date. Measures' owners come as replaced measures in the same Write.
struct ReferenceData {
  std::vector<monitor::v1::Department> departments;  // replace the list
  std::vector<std::pair<std::string, std::string>> theme_default_owners;  // theme id -> department code
  monitor::v1::SourceDocument source;                                     // replaces the stored one
};

// One write. Applied in one transaction: all of it or nothing.
struct Write {
  // The journal entries of this write (at least one), with consecutive revisions that continue the
  // store's revision; the store's revision becomes that of the last. A store that is further along
  // (another writer) refuses the write with ABORTED.
  std::vector<monitor::v1::ChangeEvent> events;
  // A whole data set, into an empty store only; measures keep the order given.
  std::optional<monitor::v1::DataSet> import;
  std::optional<ReferenceData> reference_data;
  // Replace the texts of these themes (title and introduction, with their translations), matched by
  // id; the rest of a theme (its place, its default owner) stays as stored.
  std::vector<monitor::v1::Theme> theme_texts;
  // Replace the names of these departments (with their translations), matched by code.
  std::vector<monitor::v1::Department> department_names;
  // Replace these measures, matched by id: texts, milestones, status, owner, reported texts
  // (progress_note, status_reason, completed_on), revision, updated_at/by. Their identity (theme,
  // parent, number, place in the order) stays as stored.
  std::vector<monitor::v1::Measure> measures;
  // Each is appended to the history AND applied to its measure: the measure's status becomes
  // to_status, its revision the change's revision, updated_at/updated_by changed_at/changed_by.
  std::vector<monitor::v1::StatusChange> status_changes;
  // New snapshots, stored as given; their ids must be new. last_snapshot_id becomes the highest.
  std::vector<monitor::v1::Snapshot> snapshots;
  // Rounds, inserted or replaced by id (a round is never removed).
  std::vector<monitor::v1::Round> rounds;
  // Measure updates, inserted or replaced by (round_id, measure_id) (never removed).
  std::vector<monitor::v1::MeasureUpdate> updates;
};

struct StatusChangeQuery {
  std::string measure_id = {};                   // empty: all measures
  absl::Time since_time = absl::InfinitePast();  // changed_at >= since_time
  int64_t after_revision = 0;                    // revision > after_revision
  int limit = 100;
};

class MeasureStore {
 public:
  virtual ~MeasureStore() = default;

  // The current state: the data set with every write applied, measures in document order.
  [[nodiscard]] virtual absl::StatusOr<StoredState> Load() = 0;
  // Applies `write` whole or not at all (see the contract above).
  [[nodiscard]] virtual absl::Status Commit(const Write& write) = 0;

  // Status changes matching `query`, oldest first (by revision), at most query.limit.
  [[nodiscard]] virtual absl::StatusOr<std::vector<monitor::v1::StatusChange>> ListStatusChanges(
      const StatusChangeQuery& query) = 0;
  // Journal entries with revision > after_revision, oldest first, at most `limit`.
  [[nodiscard]] virtual absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ListChanges(int64_t after_revision,
                                                                                          int limit) = 0;
  // NOT_FOUND when there is no snapshot `id`.
  [[nodiscard]] virtual absl::StatusOr<monitor::v1::Snapshot> GetSnapshot(int64_t id) = 0;
  // The same snapshot as stored: its monitor.v1.Snapshot wire format.
  [[nodiscard]] virtual absl::StatusOr<std::string> GetSnapshotBytes(int64_t id) = 0;
  // Newest first, ids below `before_id` (0: from the newest), at most `limit`.
  [[nodiscard]] virtual absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> ListSnapshots(int64_t before_id,
                                                                                             int limit) = 0;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_MEASURE_STORE_H_
