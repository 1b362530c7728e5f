#include "report_worker/document_cache.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/sha256.h"
#include "report_worker/batch.h"

namespace werkmonitor {
namespace {

constexpr size_t kCachedSnapshots = 4;

std::string CacheKey(int64_t snapshot_id, const RenderRequest& request) {
  std::string key = absl::StrCat(snapshot_id, "/", DocumentFileName(request));
  if (request.printed_on) absl::StrAppend(&key, "/printed ", absl::FormatCivilTime(*request.printed_on));
  return key;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> DocumentCache::Latest() {
  int64_t generation;
  {
    absl::MutexLock lock(&mu_);
    if (latest_ != nullptr) return latest_;
    generation = generation_;
  }
  absl::StatusOr<monitor::v1::Snapshot> fetched = source_.Fetch(0);
  if (!fetched.ok()) return fetched.status();
  auto snapshot = std::make_shared<const monitor::v1::Snapshot>(std::move(*fetched));
  absl::MutexLock lock(&mu_);
  // A snapshot published while this one was on its way may be newer: then fetch again next time.
  if (generation == generation_) latest_ = snapshot;
  return snapshot;
}

absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> DocumentCache::SnapshotFor(int64_t id) {
  if (id == 0) return Latest();
  {
    absl::MutexLock lock(&mu_);
    if (latest_ != nullptr && latest_->info().id() == id) return latest_;
    if (auto found = snapshots_.find(id); found != snapshots_.end()) return found->second;
  }
  absl::StatusOr<monitor::v1::Snapshot> fetched = source_.Fetch(id);
  if (!fetched.ok()) return fetched.status();
  auto snapshot = std::make_shared<const monitor::v1::Snapshot>(std::move(*fetched));
  absl::MutexLock lock(&mu_);
  if (snapshots_.size() >= kCachedSnapshots) snapshots_.erase(snapshots_.begin());  // the oldest id
  snapshots_[id] = snapshot;
  return snapshot;
}

absl::StatusOr<std::shared_ptr<const DocumentCache::Document>> DocumentCache::Render(
    const monitor::v1::Snapshot& snapshot, const RenderRequest& request) {
  absl::StatusOr<RenderedDocument> rendered = render_(snapshot, request, resources_);
  if (!rendered.ok()) return rendered.status();
  auto document = std::make_shared<Document>();
  document->info.set_snapshot_id(snapshot.info().id());
  document->info.set_pages(rendered->pages);
  document->info.set_bytes(static_cast<int64_t>(rendered->pdf.size()));
  document->info.set_sha256(Sha256Hex(rendered->pdf));
  document->info.set_file_name(DocumentFileName(request));
  document->pdf = std::move(rendered->pdf);
  return document;
}

absl::StatusOr<DocumentCache::Found> DocumentCache::Get(int64_t snapshot_id, const RenderRequest& request) {
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> snapshot = SnapshotFor(snapshot_id);
  if (!snapshot.ok()) return snapshot.status();
  const std::string key = CacheKey((*snapshot)->info().id(), request);
  std::shared_ptr<Flight> flight;
  bool rendering = false;  // this call renders; the others asking meanwhile wait for it
  int64_t generation;
  {
    absl::MutexLock lock(&mu_);
    if (auto found = documents_.find(key); found != documents_.end()) return Found{found->second, true};
    std::shared_ptr<Flight>& in_flight = flights_[key];
    if (in_flight == nullptr) {
      in_flight = std::make_shared<Flight>();
      rendering = true;
    }
    flight = in_flight;
    generation = generation_;
  }
  if (rendering) {
    flight->result = Render(**snapshot, request);
    {
      absl::MutexLock lock(&mu_);
      flights_.erase(key);  // only the rendering call removes its flight: this is still ours
      if (flight->result.ok() && generation == generation_ && documents_.emplace(key, *flight->result).second) {
        document_order_.push_back(key);
        if (document_order_.size() > kCapacity) {
          documents_.erase(document_order_.front());
          document_order_.pop_front();
        }
      }
    }
    flight->done.Notify();
  } else {
    flight->done.WaitForNotification();
  }
  // An error is shared by those who waited for it, but not kept: the next request tries again.
  if (!flight->result.ok()) return flight->result.status();
  return Found{*flight->result, false};
}

void DocumentCache::Invalidate() {
  absl::MutexLock lock(&mu_);
  ++generation_;
  latest_ = nullptr;
  documents_.clear();
  document_order_.clear();
}

}  // namespace werkmonitor
