// Rows of the SQLite schema read back into messages, checked: a store trusts nothing it reads. A
// value that cannot have been written by the store (an enum value outside the enum, text that is
// not UTF-8, bytes that do not parse, a snapshot whose checksum does not match) is DATA_LOSS naming
// the row, so damage is reported instead of served.
//
//   absl::StatusOr<Statement> rows = db.Prepare(absl::StrCat("SELECT ", kStatusChangeColumns, " FROM status_history"));
//   absl::StatusOr<monitor::v1::StatusChange> change = StatusChangeFromRow(*rows);
#ifndef WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_ROWS_H_
#define WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_ROWS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "monitor/v1/monitor.pb.h"
#include "monitor_service/store/internal/sqlite.h"

namespace werkmonitor::store_internal {

// How localized_texts holds a text: short texts in `text`, structured ones (monitor.v1.Body) in
// `body`. Writers say which; an empty Body serializes to no bytes, so the value cannot tell.
enum class TextKind { kText, kBody };

// localized_texts.subject of each owner of texts.
std::string ThemeSubject(absl::string_view id);
std::string MeasureSubject(absl::string_view id);
std::string MilestoneSubject(absl::string_view measure_id, absl::string_view id);
std::string DepartmentSubject(absl::string_view code);

// DATA_LOSS: "<what> is damaged: <reason>".
absl::Status Damaged(absl::string_view what, absl::string_view reason);

// The hex SHA-256 stored with a snapshot's content.
std::string ContentChecksum(absl::string_view content);

// Everything but the history, journal and snapshots: the data set as the measures stand now, in
// document order, with texts and milestones.
[[nodiscard]] absl::StatusOr<monitor::v1::DataSet> ReadCurrentData(sqlite::Connection& db);

// Column lists and the mapping of one row of each; the row's columns are in the list's order.
inline constexpr char kStatusChangeColumns[] =
    "revision, measure_id, from_status, to_status, changed_at_us, changed_by, note, round_id";
[[nodiscard]] absl::StatusOr<monitor::v1::StatusChange> StatusChangeFromRow(const sqlite::Statement& row);

inline constexpr char kChangeEventColumns[] = "revision, event";
[[nodiscard]] absl::StatusOr<monitor::v1::ChangeEvent> ChangeEventFromRow(const sqlite::Statement& row);

inline constexpr char kSnapshotInfoColumns[] = "id, label, created_at_us, created_by, revision, as_of, round_id";
[[nodiscard]] absl::StatusOr<monitor::v1::SnapshotInfo> SnapshotInfoFromRow(const sqlite::Statement& row);

inline constexpr char kRoundColumns[] =
    "id, label, as_of, deadline, state, opened_at_us, opened_by, published_at_us, published_by, snapshot_id, "
    "base_snapshot_id, revision";
[[nodiscard]] absl::StatusOr<monitor::v1::Round> RoundFromRow(const sqlite::Statement& row);

inline constexpr char kMeasureUpdateColumns[] =
    "round_id, measure_id, state, proposed, edited, unchanged, return_comment, revision, updated_at_us, updated_by, "
    "owner";
[[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> MeasureUpdateFromRow(const sqlite::Statement& row);

// The content of snapshot `id` after checking it against its stored checksum.
inline constexpr char kSnapshotContentColumns[] = "content, content_sha256";
[[nodiscard]] absl::StatusOr<std::string> SnapshotContentFromRow(int64_t id, const sqlite::Statement& row);
[[nodiscard]] absl::StatusOr<monitor::v1::Snapshot> ParseSnapshot(int64_t id, const std::string& content);

}  // namespace werkmonitor::store_internal

#endif  // WERKMONITOR_MONITOR_SERVICE_STORE_INTERNAL_ROWS_H_
