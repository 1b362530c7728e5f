// Where the report worker gets its snapshots: a file exported with `monitorctl snapshot export`,
// or the monitor service. GrpcSnapshotSource is the only report_worker class that talks to the
// network (through MonitorClient); every document test runs without a server.
#ifndef WERKMONITOR_REPORT_WORKER_SNAPSHOT_SOURCE_H_
#define WERKMONITOR_REPORT_WORKER_SNAPSHOT_SOURCE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "monitor/v1/monitor.pb.h"
#include "monitor_service/client/monitor_client.h"

namespace werkmonitor {

class SnapshotSource {
 public:
  virtual ~SnapshotSource() = default;
  // Snapshot `id`, or the latest for 0.
  [[nodiscard]] virtual absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) = 0;
  // The id of the latest snapshot, cheaply.
  [[nodiscard]] virtual absl::StatusOr<int64_t> LatestId() = 0;
  virtual std::string Describe() const = 0;
};

class FileSnapshotSource : public SnapshotSource {
 public:
  explicit FileSnapshotSource(std::string path) : path_(std::move(path)) {}
  absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) override;
  absl::StatusOr<int64_t> LatestId() override;
  std::string Describe() const override { return path_; }

 private:
  std::string path_;
};

// Retries while the service is unavailable, backing off from `initial_backoff` doubling up to
// `max_backoff`, for at most `patience`; then UNAVAILABLE naming the server and the last error.
struct RetryPolicy {
  absl::Duration patience = absl::Seconds(30);
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
};

class GrpcSnapshotSource : public SnapshotSource {
 public:
  // FAILED_PRECONDITION when the client's transport settings are unusable.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<GrpcSnapshotSource>> Connect(const std::string& server,
                                                                                   MonitorClient::Options client,
                                                                                   RetryPolicy retry);
  absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) override;
  absl::StatusOr<int64_t> LatestId() override;
  std::string Describe() const override { return server_; }

  // Calls `on_snapshot` with the id of every snapshot created after `since_revision` until it
  // returns false; reconnects (with the retry policy) when the stream breaks.
  [[nodiscard]] absl::Status WatchSnapshots(int64_t since_revision, const std::function<bool(int64_t)>& on_snapshot);
  // The service's current revision (from the live dashboard).
  [[nodiscard]] absl::StatusOr<int64_t> CurrentRevision();

 private:
  GrpcSnapshotSource(std::string server, std::unique_ptr<MonitorClient> client, RetryPolicy retry)
      : server_(std::move(server)), retry_(retry), client_(std::move(client)) {}

  template <typename Call>
  auto Retrying(Call call) -> decltype(call());

  std::string server_;
  RetryPolicy retry_;
  std::unique_ptr<MonitorClient> client_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_SNAPSHOT_SOURCE_H_
