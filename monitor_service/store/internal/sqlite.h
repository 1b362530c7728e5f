// A thin RAII layer over the SQLite C API for SqliteMeasureStore: a connection and prepared
// statements whose failures come back as absl::Status with SQLite's message.
//
//   absl::StatusOr<Connection> db = Connection::Open("var/monitor.db");
//   absl::StatusOr<Statement> q = db->Prepare("SELECT id FROM themes WHERE position > ?");
//   q->Bind(1, int64_t{0});
//   while (absl::StatusOr<bool> row = q->Step(); row.ok() && *row) use(q->Text(0));
#ifndef WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_SQLITE_H_
#define WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace werkmonitor::sqlite {

// Maps an SQLite result code to a canonical code: BUSY/LOCKED -> UNAVAILABLE, FULL ->
// RESOURCE_EXHAUSTED, CANTOPEN/PERM/READONLY -> FAILED_PRECONDITION, anything else (constraint
// violations included: the domain validates first, so they are bugs) INTERNAL.
absl::Status ErrorStatus(int code, absl::string_view what, absl::string_view message);

class Statement {
 public:
  Statement(Statement&&) = default;
  Statement& operator=(Statement&&) = default;

  // Indexes start at 1, as in SQLite. Text and blobs are copied by SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, absl::string_view text);
  Statement& BindBlob(int index, absl::string_view bytes);
  Statement& BindNull(int index);

  // Executes one step: true when a row is available, false when done.
  [[nodiscard]] absl::StatusOr<bool> Step();
  // Step() until done, for statements that return no rows.
  [[nodiscard]] absl::Status Run();
  void Reset();

  // Columns start at 0.
  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement, &sqlite3_finalize) {}

  sqlite3* db_;  // Not owned; outlived by the Connection.
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement_;
  absl::Status bind_error_;  // the first failed Bind, reported by Step()
};

class Connection {
 public:
  [[nodiscard]] static absl::StatusOr<Connection> Open(const std::string& path);
  Connection(Connection&&) = default;
  Connection& operator=(Connection&&) = default;

  [[nodiscard]] absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // Runs one or more statements that return no rows.
  [[nodiscard]] absl::Status Execute(const std::string& sql);
  // The single value of a one-row, one-column query.
  [[nodiscard]] absl::StatusOr<std::string> QueryText(absl::string_view sql);
  // The same for an integer: INTERNAL when the value is not one.
  [[nodiscard]] absl::StatusOr<int64_t> QueryInt(absl::string_view sql);

  sqlite3* get() { return db_.get(); }

 private:
  explicit Connection(sqlite3* db) : db_(db, &sqlite3_close) {}
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db_;
};

// Prepared statements of one connection, kept for their next use.
class StatementCache {
 public:
  // `connection` must outlive the cache.
  explicit StatementCache(Connection& connection) : connection_(connection) {}

  // The statement for `sql`, reset and with no bindings.
  [[nodiscard]] absl::StatusOr<Statement*> Get(absl::string_view sql);
  Connection& connection() { return connection_; }

 private:
  Connection& connection_;
  std::map<std::string, Statement, std::less<>> statements_;
};

// Steps through all rows of `statement`, calling `on_row` (returning absl::Status) for each; stops at
// the first error.
template <typename OnRow>
absl::Status ForEachRow(Statement& statement, OnRow on_row) {
  while (true) {
    absl::StatusOr<bool> row = statement.Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
    if (absl::Status s = on_row(); !s.ok()) return s;
  }
}

// Runs `body` between BEGIN IMMEDIATE and COMMIT; rolls back when `body` or the commit fails.
template <typename Body>
absl::Status InTransaction(Connection& db, Body body) {
  if (absl::Status s = db.Execute("BEGIN IMMEDIATE"); !s.ok()) return s;
  absl::Status result = body();
  if (result.ok()) result = db.Execute("COMMIT");
  if (!result.ok()) (void)db.Execute("ROLLBACK");  // may fail if SQLite already rolled back; nothing to do then
  return result;
}

}  // namespace werkmonitor::sqlite

#endif  // WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_SQLITE_H_
