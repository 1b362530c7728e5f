// The MeasureStore on SQLite: one database file in WAL mode with synchronous=FULL, so that a write
// that Commit() acknowledged survives a crash or kill -9. The schema is versioned and migrated
// forward when the store opens (internal/schema.h); rows are mapped to messages and checked in
// internal/rows.h, writes in internal/writes.h.
//
//   absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> store = SqliteMeasureStore::Open("var/monitor.db");
#ifndef WERKMONITOR_MONITOR_SERVICE_STORE_SQLITE_MEASURE_STORE_H_
#define WERKMONITOR_MONITOR_SERVICE_STORE_SQLITE_MEASURE_STORE_H_

#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "domain/measure_store.h"
#include "monitor_service/store/internal/sqlite.h"

namespace werkmonitor {

class SqliteMeasureStore : public MeasureStore {
 public:
  // Opens or creates the database at `path` and migrates its schema. FAILED_PRECONDITION, in words,
  // when the file or its directory cannot be written (the store writes the file, its write-ahead
  // log and shared-memory index) or the file's schema is newer than this program knows.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> Open(const std::string& path);

  // The schema version this program writes.
  static int SchemaVersion();

  absl::StatusOr<StoredState> Load() override;
  absl::Status Commit(const Write& write) override;
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> ListStatusChanges(const StatusChangeQuery& query) override;
  absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ListChanges(int64_t after_revision, int limit) override;
  absl::StatusOr<monitor::v1::Snapshot> GetSnapshot(int64_t id) override;
  absl::StatusOr<std::string> GetSnapshotBytes(int64_t id) override;
  absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> ListSnapshots(int64_t before_id, int limit) override;

 private:
  explicit SqliteMeasureStore(sqlite::Connection db) : db_(std::move(db)), statements_(db_) {}

  // One connection, used by one thread at a time: SQLite serializes writers anyway, and reads of
  // history and snapshots are short.
  absl::Mutex mu_;
  sqlite::Connection db_ ABSL_GUARDED_BY(mu_);
  sqlite::StatementCache statements_ ABSL_GUARDED_BY(mu_);  // of db_, which outlives it
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_STORE_SQLITE_MEASURE_STORE_H_
