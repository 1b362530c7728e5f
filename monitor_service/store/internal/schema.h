// The SQLite schema of SqliteMeasureStore and the migrations that bring an older database file up
// to it. The version is the file's PRAGMA user_version; each migration runs in its own transaction.
//
//   if (absl::Status s = store_internal::Migrate(db, "var/monitor.db"); !s.ok()) return s;
#ifndef WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_SCHEMA_H_
#define WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_SCHEMA_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "monitor_service/store/internal/sqlite.h"

namespace werkmonitor::store_internal {

// The schema version this program writes.
int SchemaVersion();

// Migrates `db` from its version to SchemaVersion(). FAILED_PRECONDITION naming `path` when the
// file's schema is newer than this program knows; a failed migration leaves the file at the last
// version it completed.
[[nodiscard]] absl::Status Migrate(sqlite::Connection& db, absl::string_view path);

}  // namespace werkmonitor::store_internal

#endif  // WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_SCHEMA_H_
