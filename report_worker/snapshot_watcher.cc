#include "report_worker/snapshot_watcher.h"

#include "common/log.h"

namespace werkmonitor {

void SnapshotWatcher::Start() {
  absl::StatusOr<int64_t> revision = source_->CurrentRevision();
  if (revision.ok()) {
    // Unknown (0) when it fails: then the first catch-up hands over the latest.
    if (absl::StatusOr<int64_t> latest = source_->LatestId(); latest.ok()) last_seen_ = *latest;
  }
  thread_ = std::thread([this, revision] { Run(revision); });
}

void SnapshotWatcher::Stop() {
  if (!thread_.joinable()) return;
  stopping_.Notify();
  source_->Cancel();  // ends the stream, a call waiting for the service, or a retry's wait
  thread_.join();
}

void SnapshotWatcher::Run(absl::StatusOr<int64_t> revision) {
  while (!stopping_.HasBeenNotified()) {
    if (!revision.ok()) {
      revision = source_->CurrentRevision();  // waits out the patience while the service is down
      if (!revision.ok()) {
        if (stopping_.HasBeenNotified()) break;
        WM_LOG(ERROR) << "watch: " << revision.status() << "; trying again";
        // Calls fail at once when the patience is zero: no faster than once a second then.
        stopping_.WaitForNotificationWithTimeout(absl::Seconds(1));
        continue;
      }
      CatchUp();
    }
    absl::Status watched = source_->WatchSnapshots(*revision, [this](int64_t id) {
      Deliver(id);
      return !stopping_.HasBeenNotified();
    });
    if (stopping_.HasBeenNotified()) break;
    WM_LOG(ERROR) << "watch stopped: " << watched << "; starting again";
    revision = watched.ok() ? absl::UnavailableError("the watch ended") : watched;
  }
}

void SnapshotWatcher::Deliver(int64_t id) {
  absl::StatusOr<monitor::v1::Snapshot> snapshot = source_->Fetch(id);
  if (!snapshot.ok()) {
    if (!stopping_.HasBeenNotified()) {
      WM_LOG(ERROR) << "watch: snapshot " << id
                    << " skipped, keeping what was made from the last good one: " << snapshot.status();
    }
    return;
  }
  last_seen_ = snapshot->info().id();
  WM_LOG(INFO) << "watch: snapshot " << last_seen_ << " (\"" << snapshot->info().label() << "\") published";
  on_snapshot_(*snapshot);
}

void SnapshotWatcher::CatchUp() {
  absl::StatusOr<int64_t> latest = source_->LatestId();
  if (!latest.ok()) {
    WM_LOG(WARNING) << "watch: cannot tell whether a snapshot was missed: " << latest.status();
    return;
  }
  if (*latest != last_seen_) Deliver(*latest);
}

}  // namespace werkmonitor
