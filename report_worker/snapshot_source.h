// Where the report worker gets its snapshots: a file exported with `monitorctl snapshot export`,
// or the monitor service. GrpcSnapshotSource is the only report_worker class that talks to the
// network (through MonitorClient); every document test runs without a server.
//
// Both sources check every snapshot as it enters (ValidateSnapshot): one with a value this build
// does not know is INVALID_ARGUMENT naming the measure and field, and never reaches a document.
#ifndef WERKMONITOR_REPORT_WORKER_SNAPSHOT_SOURCE_H_
#define WERKMONITOR_REPORT_WORKER_SNAPSHOT_SOURCE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "monitor/v1/monitor.pb.h"
#include "monitor_service/client/monitor_client.h"

namespace werkmonitor {

class SnapshotSource {
 public:
  virtual ~SnapshotSource() = default;
  // Snapshot `id`, or the latest for 0. Thread-safe.
  [[nodiscard]] virtual absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) = 0;
  // The id of the latest snapshot, cheaply.
  [[nodiscard]] virtual absl::StatusOr<int64_t> LatestId() = 0;
  virtual std::string Describe() const = 0;
};

// The file is read again on every call; see LoadSnapshotFile for the formats and the size limit.
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
  // returns false; reconnects (with the retry policy) when the stream breaks. CANCELLED after
  // Cancel().
  [[nodiscard]] absl::Status WatchSnapshots(int64_t since_revision, const std::function<bool(int64_t)>& on_snapshot);
  // The service's current revision (from the live dashboard).
  [[nodiscard]] absl::StatusOr<int64_t> CurrentRevision();

  // Ends every call of this source, running or later, with CANCELLED, retries and their waits
  // included. Irreversible: for stopping the thread that uses it (SnapshotWatcher).
  void Cancel() { canceller_->Cancel(); }

 private:
  GrpcSnapshotSource(std::string server, std::unique_ptr<CallCanceller> canceller,
                     std::unique_ptr<MonitorClient> client, RetryPolicy retry)
      : server_(std::move(server)), retry_(retry), canceller_(std::move(canceller)), client_(std::move(client)) {}

  template <typename Call>
  auto Retrying(Call call) -> decltype(call());

  std::string server_;
  RetryPolicy retry_;
  std::unique_ptr<CallCanceller> canceller_;  // The client's; declared first, so it outlives it.
  std::unique_ptr<MonitorClient> client_;
};

// Serves the last good snapshot as the latest while the newest one is unusable. A worker that
// serves documents keeps serving those of the last snapshot it could read when a damaged one, or
// one with values it does not know, is published (INVALID_ARGUMENT from the source): it logs why
// instead of failing every request. Other errors (the service unreachable) and snapshots asked for
// by id pass through unchanged.
class LastGoodSnapshotSource : public SnapshotSource {
 public:
  explicit LastGoodSnapshotSource(SnapshotSource& source) : source_(source) {}
  absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) override;
  absl::StatusOr<int64_t> LatestId() override { return source_.LatestId(); }
  std::string Describe() const override { return source_.Describe(); }

 private:
  SnapshotSource& source_;  // Outlives this; thread-safe.
  absl::Mutex mu_;
  std::shared_ptr<const monitor::v1::Snapshot> last_good_ ABSL_GUARDED_BY(mu_);
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_SNAPSHOT_SOURCE_H_
