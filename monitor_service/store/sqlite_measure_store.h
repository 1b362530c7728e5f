// The MeasureStore on SQLite: one database file in WAL mode with synchronous=FULL, so that a write
// that Commit() acknowledged survives a crash or kill -9. The schema is versioned (PRAGMA
// user_version) and migrated forward when the store opens.
//
//   absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> store = SqliteMeasureStore::Open("var/monitor.db");
#ifndef WERKMONITOR_MONITOR_SERVICE_STORE_SQLITE_MEASURE_STORE_H_
#define WERKMONITOR_MONITOR_SERVICE_STORE_SQLITE_MEASURE_STORE_H_

#include <map>
#include <memory>
#include <string>

#include "absl/synchronization/mutex.h"
#include "domain/measure_store.h"
#include "monitor_service/store/internal/sqlite.h"

namespace werkmonitor {

class SqliteMeasureStore : public MeasureStore {
 public:
  // Opens or creates the database at `path` and migrates its schema. FAILED_PRECONDITION when the
  // file's schema is newer than this program knows.
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
  explicit SqliteMeasureStore(sqlite::Connection db) : db_(std::move(db)) {}

  absl::Status ApplyWrite(const Write& write) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertDataSet(const monitor::v1::DataSet& data) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status ReplaceMeasure(const monitor::v1::Measure& measure) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status ApplyStatusChange(const monitor::v1::StatusChange& change) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertMeasureRow(const monitor::v1::Measure& measure, int position) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertMeasureTexts(const monitor::v1::Measure& measure) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertText(absl::string_view subject, absl::string_view field, const monitor::v1::LocalizedText& text)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertBody(absl::string_view subject, absl::string_view field, const monitor::v1::LocalizedBody& body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status InsertTextRow(absl::string_view subject, absl::string_view field, absl::string_view locale,
                             absl::string_view text, absl::string_view body, absl::string_view fingerprint)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // A prepared statement for `sql`, kept for the next use (and reset for this one).
  absl::StatusOr<sqlite::Statement*> Cached(absl::string_view sql) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  // One connection, used by one thread at a time: SQLite serializes writers anyway, and reads of
  // history and snapshots are short.
  absl::Mutex mu_;
  sqlite::Connection db_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, sqlite::Statement, std::less<>> statements_ ABSL_GUARDED_BY(mu_);
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_STORE_SQLITE_MEASURE_STORE_H_
