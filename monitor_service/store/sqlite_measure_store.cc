#include "monitor_service/store/sqlite_measure_store.h"

#include <unistd.h>

#include <filesystem>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "monitor_service/store/internal/rows.h"
#include "monitor_service/store/internal/schema.h"
#include "monitor_service/store/internal/writes.h"

namespace werkmonitor {
namespace {

using sqlite::Statement;

// SQLite opens a file it may not write read-only without complaint, and a directory it may not
// write only fails once it needs the write-ahead log: either way every write would fail later
// with SQL in the message. Say it in words before serving anything.
absl::Status CheckWritable(sqlite::Connection& db, const std::string& path) {
  if (sqlite3_db_readonly(db.get(), "main") == 1) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is read-only: the monitor service needs to write to it"));
  }
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        dir.string(), " is read-only: the monitor service needs to create its write-ahead log next to ", path));
  }
  return absl::OkStatus();
}

// Every row of `sql`, mapped by `from_row`, appended to `out`.
template <typename T>
absl::Status ReadAll(sqlite::Connection& db, absl::string_view sql, absl::StatusOr<T> (*from_row)(const Statement&),
                     std::vector<T>& out) {
  absl::StatusOr<Statement> rows = db.Prepare(sql);
  if (!rows.ok()) return rows.status();
  return sqlite::ForEachRow(*rows, [&]() -> absl::Status {
    absl::StatusOr<T> value = from_row(*rows);
    if (!value.ok()) return value.status();
    out.push_back(std::move(*value));
    return absl::OkStatus();
  });
}

}  // namespace

int SqliteMeasureStore::SchemaVersion() { return store_internal::SchemaVersion(); }

absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> SqliteMeasureStore::Open(const std::string& path) {
  absl::StatusOr<sqlite::Connection> db = sqlite::Connection::Open(path);
  if (!db.ok()) return db.status();
  if (absl::Status s = CheckWritable(*db, path); !s.ok()) return s;
  // WAL + synchronous=FULL: a commit is on disk (WAL fsync'd) before Commit() returns.
  absl::StatusOr<std::string> mode = db->QueryText("PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.status();
  if (*mode != "wal") return absl::FailedPreconditionError(absl::StrCat(path, ": cannot use WAL mode (", *mode, ")"));
  if (absl::Status s = db->Execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = store_internal::Migrate(*db, path); !s.ok()) return s;
  return std::unique_ptr<SqliteMeasureStore>(new SqliteMeasureStore(std::move(*db)));
}

absl::StatusOr<StoredState> SqliteMeasureStore::Load() {
  absl::MutexLock lock(&mu_);
  StoredState state;
  absl::StatusOr<int64_t> revision = db_.QueryInt("SELECT COALESCE(MAX(revision), 0) FROM revisions");
  if (!revision.ok()) return revision.status();
  state.revision = *revision;
  absl::StatusOr<int64_t> snapshot = db_.QueryInt("SELECT COALESCE(MAX(id), 0) FROM snapshots");
  if (!snapshot.ok()) return snapshot.status();
  state.last_snapshot_id = *snapshot;
  absl::StatusOr<monitor::v1::DataSet> data = store_internal::ReadCurrentData(db_);
  if (!data.ok()) return data.status();
  state.data = std::move(*data);
  if (absl::Status s = ReadAll(db_, absl::StrCat("SELECT ", store_internal::kRoundColumns, " FROM rounds ORDER BY id"),
                               store_internal::RoundFromRow, state.rounds);
      !s.ok()) {
    return s;
  }
  // Document order is the measures' position.
  if (absl::Status s = ReadAll(db_,
                               absl::StrCat("SELECT ", store_internal::kMeasureUpdateColumns,
                                            " FROM measure_updates ORDER BY round_id, "
                                            "(SELECT position FROM measures WHERE id = measure_id)"),
                               store_internal::MeasureUpdateFromRow, state.updates);
      !s.ok()) {
    return s;
  }
  return state;
}

absl::Status SqliteMeasureStore::Commit(const Write& write) {
  absl::MutexLock lock(&mu_);
  return sqlite::InTransaction(db_, [&] {
    mu_.AssertHeld();  // held above; clang's analysis does not follow the lambda into InTransaction
    return store_internal::ApplyWrite(statements_, write);
  });
}

absl::StatusOr<std::vector<monitor::v1::StatusChange>> SqliteMeasureStore::ListStatusChanges(
    const StatusChangeQuery& query) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> rows = statements_.Get(
      absl::StrCat("SELECT ", store_internal::kStatusChangeColumns,
                   " FROM status_history WHERE (?1 = '' OR measure_id = ?1) AND changed_at_us >= ?2 AND revision > ?3 "
                   "ORDER BY revision LIMIT ?4"));
  if (!rows.ok()) return rows.status();
  const int64_t since_us = query.since_time == absl::InfinitePast() ? std::numeric_limits<int64_t>::min()
                                                                    : absl::ToUnixMicros(query.since_time);
  (*rows)->Bind(1, query.measure_id).Bind(2, since_us).Bind(3, query.after_revision).Bind(4, int64_t{query.limit});
  std::vector<monitor::v1::StatusChange> changes;
  const absl::Status read = sqlite::ForEachRow(**rows, [&]() -> absl::Status {
    absl::StatusOr<monitor::v1::StatusChange> change = store_internal::StatusChangeFromRow(**rows);
    if (!change.ok()) return change.status();
    changes.push_back(std::move(*change));
    return absl::OkStatus();
  });
  (*rows)->Reset();  // a statement left on a row would keep its read transaction open
  if (!read.ok()) return read;
  return changes;
}

absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> SqliteMeasureStore::ListChanges(int64_t after_revision,
                                                                                      int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> rows = statements_.Get(absl::StrCat(
      "SELECT ", store_internal::kChangeEventColumns, " FROM revisions WHERE revision > ? ORDER BY revision LIMIT ?"));
  if (!rows.ok()) return rows.status();
  (*rows)->Bind(1, after_revision).Bind(2, int64_t{limit});
  std::vector<monitor::v1::ChangeEvent> events;
  const absl::Status read = sqlite::ForEachRow(**rows, [&]() -> absl::Status {
    absl::StatusOr<monitor::v1::ChangeEvent> event = store_internal::ChangeEventFromRow(**rows);
    if (!event.ok()) return event.status();
    events.push_back(std::move(*event));
    return absl::OkStatus();
  });
  (*rows)->Reset();
  if (!read.ok()) return read;
  return events;
}

absl::StatusOr<std::string> SqliteMeasureStore::GetSnapshotBytes(int64_t id) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> row =
      statements_.Get(absl::StrCat("SELECT ", store_internal::kSnapshotContentColumns, " FROM snapshots WHERE id = ?"));
  if (!row.ok()) return row.status();
  (*row)->Bind(1, id);
  absl::StatusOr<bool> found = (*row)->Step();
  if (!found.ok()) return found.status();
  if (!*found) return absl::NotFoundError(absl::StrCat("no snapshot ", id));
  absl::StatusOr<std::string> content = store_internal::SnapshotContentFromRow(id, **row);
  (*row)->Reset();
  return content;
}

absl::StatusOr<monitor::v1::Snapshot> SqliteMeasureStore::GetSnapshot(int64_t id) {
  absl::StatusOr<std::string> content = GetSnapshotBytes(id);
  if (!content.ok()) return content.status();
  return store_internal::ParseSnapshot(id, *content);
}

absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> SqliteMeasureStore::ListSnapshots(int64_t before_id, int limit) {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement*> rows =
      statements_.Get(absl::StrCat("SELECT ", store_internal::kSnapshotInfoColumns,
                                   " FROM snapshots WHERE (?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2"));
  if (!rows.ok()) return rows.status();
  (*rows)->Bind(1, before_id).Bind(2, int64_t{limit});
  std::vector<monitor::v1::SnapshotInfo> infos;
  const absl::Status read = sqlite::ForEachRow(**rows, [&]() -> absl::Status {
    absl::StatusOr<monitor::v1::SnapshotInfo> info = store_internal::SnapshotInfoFromRow(**rows);
    if (!info.ok()) return info.status();
    infos.push_back(std::move(*info));
    return absl::OkStatus();
  });
  (*rows)->Reset();
  if (!read.ok()) return read;
  return infos;
}

}  // namespace werkmonitor
