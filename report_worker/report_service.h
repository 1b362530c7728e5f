// report.v1.ReportService: renders a document on request from the monitor's snapshots and streams
// it in chunks. Documents come from the DocumentCache.
#ifndef WERKMONITOR_REPORT_WORKER_REPORT_SERVICE_H_
#define WERKMONITOR_REPORT_WORKER_REPORT_SERVICE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/access.h"
#include "report/v1/report.grpc.pb.h"
#include "report_worker/document_cache.h"
#include "report_worker/documents/documents.h"

namespace werkmonitor {

// The request as a RenderRequest: INVALID_ARGUMENT naming the field when it is not valid.
[[nodiscard]] absl::StatusOr<RenderRequest> FromProto(const report::v1::RenderDocumentRequest& request);

class ReportGrpcService final : public report::v1::ReportService::Service {
 public:
  static constexpr size_t kChunkBytes = 64 * 1024;

  // Rendering needs the role reader under `access`.
  ReportGrpcService(DocumentCache& cache, AccessPolicy access = AccessPolicy::Development())
      : cache_(cache), access_(std::move(access)) {}

  grpc::Status RenderDocument(grpc::ServerContext* context, const report::v1::RenderDocumentRequest* request,
                              grpc::ServerWriter<report::v1::DocumentChunk>* writer) override;

  // The document for `request`, rendered or from the cache.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<const DocumentCache::Document>> Render(
      const report::v1::RenderDocumentRequest& request);

 private:
  DocumentCache& cache_;  // Outlives the service.
  const AccessPolicy access_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_REPORT_SERVICE_H_
