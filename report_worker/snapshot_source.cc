#include "report_worker/snapshot_source.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "domain/snapshot_file.h"
#include "domain/snapshot_rules.h"

namespace werkmonitor {
namespace {

// The boundary check every snapshot passes on its way in, with where it came from.
absl::StatusOr<monitor::v1::Snapshot> Checked(absl::StatusOr<monitor::v1::Snapshot> snapshot,
                                              absl::string_view origin) {
  if (!snapshot.ok()) return snapshot;
  if (absl::Status s = ValidateSnapshot(*snapshot); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat(origin, ": snapshot ", snapshot->info().id(), ": ", s.message()));
  }
  return snapshot;
}

}  // namespace

absl::StatusOr<monitor::v1::Snapshot> FileSnapshotSource::Fetch(int64_t id) {
  absl::StatusOr<monitor::v1::Snapshot> snapshot = Checked(LoadSnapshotFile(path_), path_);
  if (snapshot.ok() && id != 0 && snapshot->info().id() != id) {
    return absl::NotFoundError(absl::StrCat(path_, " holds snapshot ", snapshot->info().id(), ", not ", id));
  }
  return snapshot;
}

absl::StatusOr<int64_t> FileSnapshotSource::LatestId() {
  absl::StatusOr<monitor::v1::Snapshot> snapshot = LoadSnapshotFile(path_);
  if (!snapshot.ok()) return snapshot.status();
  return snapshot->info().id();
}

absl::StatusOr<std::unique_ptr<GrpcSnapshotSource>> GrpcSnapshotSource::Connect(const std::string& server,
                                                                                MonitorClient::Options client,
                                                                                RetryPolicy retry) {
  // A waiting call keeps the channel polled, so a service that comes up is noticed at once;
  // between fail-fast calls gRPC would notice a new connection only on its 5 s backup poll.
  client.wait_for_ready = true;
  client.timeout = std::min(client.timeout, retry.patience);
  auto canceller = std::make_unique<CallCanceller>();
  client.canceller = canceller.get();
  absl::StatusOr<std::unique_ptr<MonitorClient>> connected = MonitorClient::Connect(server, std::move(client));
  if (!connected.ok()) return connected.status();
  return std::unique_ptr<GrpcSnapshotSource>(
      new GrpcSnapshotSource(server, std::move(canceller), std::move(*connected), retry));
}

template <typename Call>
auto GrpcSnapshotSource::Retrying(Call call) -> decltype(call()) {
  const absl::Time give_up = absl::Now() + retry_.patience;
  absl::Duration backoff = retry_.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    auto result = call();
    const absl::StatusCode code = result.status().code();
    if (code != absl::StatusCode::kUnavailable && code != absl::StatusCode::kDeadlineExceeded) return result;
    if (absl::Now() + backoff > give_up) {
      return absl::UnavailableError(absl::StrCat("monitor service at ", server_, " unreachable for ",
                                                 absl::FormatDuration(retry_.patience), " (", attempt,
                                                 " attempts): ", result.status().message()));
    }
    if (attempt == 1) WM_LOG(WARNING) << "monitor service at " << server_ << " unavailable, retrying";
    canceller_->SleepUnlessCancelled(backoff);  // when cancelled, the next attempt ends at once
    backoff = std::min(backoff * 2, retry_.max_backoff);
  }
}

absl::StatusOr<monitor::v1::Snapshot> GrpcSnapshotSource::Fetch(int64_t id) {
  return Checked(Retrying([&] { return client_->GetSnapshot(id); }), server_);
}

absl::StatusOr<int64_t> GrpcSnapshotSource::LatestId() {
  absl::StatusOr<int64_t> latest = Retrying([&] { return client_->LatestSnapshotId(); });
  if (absl::IsNotFound(latest.status())) return absl::NotFoundError(absl::StrCat(server_, " has no snapshot yet"));
  return latest;
}

absl::StatusOr<int64_t> GrpcSnapshotSource::CurrentRevision() {
  absl::StatusOr<monitor::v1::Dashboard> dashboard = Retrying([&] { return client_->GetDashboard(); });
  if (!dashboard.ok()) return dashboard.status();
  return dashboard->revision();
}

absl::Status GrpcSnapshotSource::WatchSnapshots(int64_t since_revision,
                                                const std::function<bool(int64_t)>& on_snapshot) {
  int64_t seen = since_revision;
  bool stop = false;
  while (!stop) {
    absl::Status ended = client_->WatchChanges(seen, [&](const monitor::v1::ChangeEvent& event) {
      seen = event.revision();
      if (event.has_snapshot_created() && !on_snapshot(event.snapshot_created().id())) stop = true;
      return !stop;
    });
    if (stop) return absl::OkStatus();
    if (canceller_->cancelled()) return absl::CancelledError("the watch was stopped");
    const absl::StatusCode code = ended.code();
    if (code != absl::StatusCode::kUnavailable && code != absl::StatusCode::kCancelled &&
        code != absl::StatusCode::kResourceExhausted && code != absl::StatusCode::kOk) {
      return ended;
    }
    // Closed to make room for newer streams: give the others a moment before taking a place again.
    if (code == absl::StatusCode::kResourceExhausted) canceller_->SleepUnlessCancelled(retry_.max_backoff);
    // The stream broke (server restarting): wait until the service answers again, then resume.
    WM_LOG(WARNING) << "watch of " << server_ << " interrupted (" << ended << "); reconnecting";
    absl::StatusOr<int64_t> revision = CurrentRevision();
    if (!revision.ok()) return revision.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<monitor::v1::Snapshot> LastGoodSnapshotSource::Fetch(int64_t id) {
  absl::StatusOr<monitor::v1::Snapshot> fetched = source_.Fetch(id);
  if (id != 0) return fetched;
  absl::MutexLock lock(&mu_);
  if (fetched.ok()) {
    last_good_ = std::make_shared<const monitor::v1::Snapshot>(*fetched);
    return fetched;
  }
  if (!absl::IsInvalidArgument(fetched.status()) || last_good_ == nullptr) return fetched;
  WM_LOG(ERROR) << "the latest snapshot of " << source_.Describe() << " is unusable (" << fetched.status()
                << "); serving snapshot " << last_good_->info().id() << ", the last good one";
  return *last_good_;
}

}  // namespace werkmonitor
