// Where the monitor keeps its data: the interface the domain owns and a storage engine implements
// (SqliteMeasureStore today). The domain decides everything (revisions, snapshot ids, content); a
// store persists a Write atomically and answers queries about the past.
#ifndef WERKMONITOR_DOMAIN_MEASURE_STORE_H_
#define WERKMONITOR_DOMAIN_MEASURE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
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
};

// One write. Applied in one transaction: all of it or nothing.
struct Write {
  // The journal entries of this write, with consecutive revisions that continue the store's
  // revision; a store that is further along (another writer) refuses the write with ABORTED.
  std::vector<monitor::v1::ChangeEvent> events;
  std::optional<monitor::v1::DataSet> import;  // a whole data set, into an empty store only
  std::vector<monitor::v1::Measure> measures;  // replace these measures (matched by id)
  std::vector<monitor::v1::StatusChange> status_changes;
  std::vector<monitor::v1::Snapshot> snapshots;  // new snapshots; their ids must be new
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

  [[nodiscard]] virtual absl::StatusOr<StoredState> Load() = 0;
  [[nodiscard]] virtual absl::Status Commit(const Write& write) = 0;

  // Oldest first.
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
