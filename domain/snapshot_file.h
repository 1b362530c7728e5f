// Snapshots as files, for `monitorctl snapshot export` and `report_worker --snapshot_file`. The
// format follows the extension: ".json" (proto3 JSON), ".textproto"/".txtpb" (text format), anything
// else the binary wire format (".pb", the default and the most compact).
#ifndef WERKMONITOR_DOMAIN_SNAPSHOT_FILE_H_
#define WERKMONITOR_DOMAIN_SNAPSHOT_FILE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

[[nodiscard]] absl::Status SaveSnapshotFile(const std::string& path, const monitor::v1::Snapshot& snapshot);
// The largest snapshot file read. The real data set's snapshot is about 0.3 MB in any format.
inline constexpr int64_t kMaxSnapshotFileBytes = int64_t{64} << 20;

// INVALID_ARGUMENT naming the file when it does not hold a snapshot in the format of its extension,
// or is not a regular file of at most kMaxSnapshotFileBytes (checked before reading).
[[nodiscard]] absl::StatusOr<monitor::v1::Snapshot> LoadSnapshotFile(const std::string& path);

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_SNAPSHOT_FILE_H_
