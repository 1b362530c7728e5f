// Rendered documents, kept per (snapshot, kind, locale, paper, themes, print day): a snapshot never
// changes, so neither does its document. Shared by report.v1.ReportService and the print station.
//
// The cache also remembers which snapshot is the latest, so that serving "the latest leaflet" costs
// no call to the monitor service. Whoever follows the service's WatchChanges stream calls
// Invalidate() when a snapshot is published: the latest is then fetched again and the documents of
// older snapshots are dropped.
#ifndef WERKMONITOR_REPORT_WORKER_DOCUMENT_CACHE_H_
#define WERKMONITOR_REPORT_WORKER_DOCUMENT_CACHE_H_

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "report/v1/report.pb.h"
#include "report_worker/documents/documents.h"
#include "report_worker/snapshot_source.h"

namespace werkmonitor {

class DocumentCache {
 public:
  static constexpr size_t kCapacity = 64;  // documents; the oldest goes first

  // Makes a document; RenderDocument unless a test counts renders.
  using Renderer = std::function<absl::StatusOr<RenderedDocument>(
      const monitor::v1::Snapshot& snapshot, const RenderRequest& request, const RenderResources& resources)>;

  DocumentCache(SnapshotSource& source, RenderResources resources, Renderer render = RenderDocument)
      : source_(source), resources_(std::move(resources)), render_(std::move(render)) {}

  struct Document {
    std::string pdf;
    report::v1::DocumentInfo info;  // snapshot id, pages, bytes, sha256, file name
  };
  struct Found {
    std::shared_ptr<const Document> document;
    bool cached = false;  // false: rendered for this call, or for an identical one it waited for
  };
  // The document for `request` from snapshot `snapshot_id` (0: the latest), rendered or cached.
  // Identical requests arriving together render once: the first renders, the others wait for it.
  [[nodiscard]] absl::StatusOr<Found> Get(int64_t snapshot_id, const RenderRequest& request);

  // The latest snapshot: asked of the source once, then remembered until Invalidate().
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> Latest();

  // A snapshot was published: forget the latest and every document.
  void Invalidate();

 private:
  // A render in progress, for those who ask for the same document meanwhile.
  struct Flight {
    absl::Notification done;
    // Written once, by the rendering call, before `done` is notified; read only after.
    absl::StatusOr<std::shared_ptr<const Document>> result = absl::UnknownError("not rendered yet");
  };

  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> SnapshotFor(int64_t id);
  absl::StatusOr<std::shared_ptr<const Document>> Render(const monitor::v1::Snapshot& snapshot,
                                                         const RenderRequest& request);

  SnapshotSource& source_;  // Outlives the cache; thread-safe.
  const RenderResources resources_;
  const Renderer render_;
  absl::Mutex mu_;
  // Counts Invalidate() calls: what was fetched or rendered before the latest one is not kept.
  int64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  std::shared_ptr<const monitor::v1::Snapshot> latest_ ABSL_GUARDED_BY(mu_);
  std::map<int64_t, std::shared_ptr<const monitor::v1::Snapshot>> snapshots_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::shared_ptr<const Document>> documents_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> document_order_ ABSL_GUARDED_BY(mu_);                  // oldest first, for eviction
  std::map<std::string, std::shared_ptr<Flight>> flights_ ABSL_GUARDED_BY(mu_);  // by document key
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_DOCUMENT_CACHE_H_
