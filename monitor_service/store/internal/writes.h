// A MeasureStore Write turned into rows of the SQLite schema. The caller holds the transaction:
// a failed write returns early and the caller rolls back.
//
//   sqlite::InTransaction(db, [&] { return ApplyWrite(statements, write); });
#ifndef WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_WRITES_H_
#define WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_WRITES_H_

#include "absl/status/status.h"
#include "domain/measure_store.h"
#include "monitor_service/store/internal/sqlite.h"

namespace werkmonitor::store_internal {

// Applies `write` inside an open transaction, with the errors of the MeasureStore contract.
[[nodiscard]] absl::Status ApplyWrite(sqlite::StatementCache& statements, const Write& write);

}  // namespace werkmonitor::store_internal

#endif  // WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_WRITES_H_
