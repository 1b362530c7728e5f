// Follows the monitor service's change feed on a thread of its own and hands over every snapshot
// published after Start(), fetched and checked: how a serving worker keeps its cached documents
// (and, with --watch, the batch in --out) up to date. Stop() cancels the stream and any call or
// wait in progress, and joins the thread.
//
//   SnapshotWatcher watcher(std::move(source), [&](const monitor::v1::Snapshot&) { cache.Invalidate(); });
//   watcher.Start();
//   ... serve until SIGTERM ...
//   watcher.Stop();  // the destructor does it too
#ifndef WERKMONITOR_REPORT_WORKER_SNAPSHOT_WATCHER_H_
#define WERKMONITOR_REPORT_WORKER_SNAPSHOT_WATCHER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "monitor/v1/monitor.pb.h"
#include "report_worker/snapshot_source.h"

namespace werkmonitor {

class SnapshotWatcher {
 public:
  // Called on the watcher's thread, in order, with each published snapshot that could be fetched
  // and passed the checks; one that fails is logged and skipped, so whatever was made from the last
  // good one stays. After an outage long enough to miss a publication, called with the latest.
  using OnSnapshot = std::function<void(const monitor::v1::Snapshot&)>;

  // `source` is the watcher's own: Stop() cancels its calls.
  SnapshotWatcher(std::unique_ptr<GrpcSnapshotSource> source, OnSnapshot on_snapshot)
      : source_(std::move(source)), on_snapshot_(std::move(on_snapshot)) {}
  ~SnapshotWatcher() { Stop(); }
  SnapshotWatcher(const SnapshotWatcher&) = delete;
  SnapshotWatcher& operator=(const SnapshotWatcher&) = delete;

  // Reads the service's current revision, waiting for it up to the source's patience, and follows
  // the feed from there on the thread: nothing published after Start() returns goes unnoticed. While
  // the service is unreachable the thread keeps trying.
  void Start();
  // Ends the watch and joins the thread, after a running OnSnapshot returns. Idempotent; call it
  // from the thread that called Start().
  void Stop();

 private:
  void Run(absl::StatusOr<int64_t> revision);
  // Fetches snapshot `id` and hands it over when it is good and not the one handed over last.
  void Deliver(int64_t id);
  // After a gap in the watch: hands over the latest snapshot if it is not the last one seen.
  void CatchUp();

  const std::unique_ptr<GrpcSnapshotSource> source_;
  const OnSnapshot on_snapshot_;
  absl::Notification stopping_;
  int64_t last_seen_ = 0;  // Latest snapshot id known; written in Start(), then only on the thread.
  std::thread thread_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_SNAPSHOT_WATCHER_H_
