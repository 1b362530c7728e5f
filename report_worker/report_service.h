// report.v1.ReportService: renders a document on request from the monitor's snapshots and streams
// it in chunks. Rendered documents are kept per (snapshot, kind, locale, paper, themes): a snapshot
// never changes, so neither does its document.
#ifndef WERKMONITOR_REPORT_WORKER_REPORT_SERVICE_H_
#define WERKMONITOR_REPORT_WORKER_REPORT_SERVICE_H_

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/access.h"
#include "report/v1/report.grpc.pb.h"
#include "report_worker/documents/documents.h"
#include "report_worker/snapshot_source.h"

namespace werkmonitor {

// The request as a RenderRequest: INVALID_ARGUMENT naming the field when it is not valid.
[[nodiscard]] absl::StatusOr<RenderRequest> FromProto(const report::v1::RenderDocumentRequest& request);

class ReportGrpcService final : public report::v1::ReportService::Service {
 public:
  static constexpr size_t kChunkBytes = 64 * 1024;
  static constexpr size_t kCachedDocuments = 64;

  // Rendering needs the role reader under `access`.
  ReportGrpcService(SnapshotSource& source, RenderResources resources,
                    AccessPolicy access = AccessPolicy::Development())
      : source_(source), resources_(std::move(resources)), access_(std::move(access)) {}

  grpc::Status RenderDocument(grpc::ServerContext* context, const report::v1::RenderDocumentRequest* request,
                              grpc::ServerWriter<report::v1::DocumentChunk>* writer) override;

  struct Cached {
    std::string pdf;
    report::v1::DocumentInfo info;
  };
  // The document for `request`, rendered or from the cache.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const Cached>> Render(const report::v1::RenderDocumentRequest& request);

 private:
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> SnapshotFor(int64_t id);

  SnapshotSource& source_;  // Outlives the service; thread-safe.
  const RenderResources resources_;
  const AccessPolicy access_;
  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<const Cached>> documents_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> document_order_ ABSL_GUARDED_BY(mu_);  // oldest first, for eviction
  std::map<int64_t, std::shared_ptr<const monitor::v1::Snapshot>> snapshots_ ABSL_GUARDED_BY(mu_);
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_REPORT_SERVICE_H_
