// A MeasureStore that keeps everything in memory, for tests and fuzz targets that want a Monitor
// without a database. It keeps the whole MeasureStore contract (domain/measure_store.h), which the
// conformance suite in tests/store checks against it and every other engine; it only forgets
// everything when it is destroyed.
//
//   auto store = std::make_unique<MemoryMeasureStore>();
//   MemoryMeasureStore& seen = *store;
//   absl::StatusOr<std::unique_ptr<Monitor>> monitor = Monitor::Open(std::move(store));
//   ... seen.state().revision ...
#ifndef WERKMONITOR_DOMAIN_TESTING_MEMORY_MEASURE_STORE_H_
#define WERKMONITOR_DOMAIN_TESTING_MEMORY_MEASURE_STORE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "domain/measure_store.h"

namespace werkmonitor {

class MemoryMeasureStore : public MeasureStore {
 public:
  // A store holding `state` and `snapshots` (with no history or journal), or an empty one. A state
  // with a last_snapshot_id needs that snapshot: the monitor reads it when it opens.
  explicit MemoryMeasureStore(StoredState state = {}, std::vector<monitor::v1::Snapshot> snapshots = {}) {
    contents_.state = std::move(state);
    for (monitor::v1::Snapshot& snapshot : snapshots) {
      const int64_t id = snapshot.info().id();
      contents_.snapshots[id] = std::move(snapshot);
    }
  }

  // The state as stored, and how many writes were committed.
  StoredState state() const ABSL_LOCKS_EXCLUDED(mu_);
  int commits() const ABSL_LOCKS_EXCLUDED(mu_);

  absl::StatusOr<StoredState> Load() override ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status Commit(const Write& write) override ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> ListStatusChanges(const StatusChangeQuery& query) override
      ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ListChanges(int64_t after_revision, int limit) override
      ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<monitor::v1::Snapshot> GetSnapshot(int64_t id) override ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::string> GetSnapshotBytes(int64_t id) override ABSL_LOCKS_EXCLUDED(mu_);
  absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> ListSnapshots(int64_t before_id, int limit) override
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  // What a write changes, copied so that a failed write leaves the store as it was.
  struct Contents {
    StoredState state;
    std::vector<monitor::v1::ChangeEvent> journal;       // oldest first
    std::vector<monitor::v1::StatusChange> history;      // oldest first
    std::map<int64_t, monitor::v1::Snapshot> snapshots;  // by id
  };
  static absl::Status Apply(const Write& write, Contents& contents);

  mutable absl::Mutex mu_;
  Contents contents_ ABSL_GUARDED_BY(mu_);
  int commits_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_TESTING_MEMORY_MEASURE_STORE_H_
