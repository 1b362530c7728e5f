#include "report_worker/report_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/grpc_server.h"
#include "common/status_mapping.h"
#include "i18n/catalogs.h"

namespace werkmonitor {

absl::StatusOr<RenderRequest> FromProto(const report::v1::RenderDocumentRequest& request) {
  RenderRequest render;
  switch (request.kind()) {
    case report::v1::APPENDIX:
      render.kind = DocumentKind::kAppendix;
      break;
    case report::v1::DASHBOARD:
      render.kind = DocumentKind::kDashboard;
      break;
    case report::v1::LEAFLET:
      render.kind = DocumentKind::kLeaflet;
      break;
    default:
      return absl::InvalidArgumentError("kind: must be APPENDIX, DASHBOARD or LEAFLET");
  }
  render.locale = request.locale().empty() ? kSourceLocale : request.locale();
  if (absl::Status s = CheckLocale(render.locale); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("locale: ", s.message()));
  }
  absl::StatusOr<PaperSize> paper = ParsePaperSize(request.paper().empty() ? "A4" : request.paper());
  if (!paper.ok()) return paper.status();
  render.paper = *paper;
  render.themes.assign(request.themes().begin(), request.themes().end());
  if (request.snapshot_id() < 0) return absl::InvalidArgumentError("snapshot_id: must not be negative");
  return render;
}

absl::StatusOr<std::shared_ptr<const DocumentCache::Document>> ReportGrpcService::Render(
    const report::v1::RenderDocumentRequest& request) {
  absl::StatusOr<RenderRequest> render = FromProto(request);
  if (!render.ok()) return render.status();
  absl::StatusOr<DocumentCache::Found> found = cache_.Get(request.snapshot_id(), *render);
  if (!found.ok()) return found.status();
  return found->document;
}

grpc::Status ReportGrpcService::RenderDocument(grpc::ServerContext* context,
                                               const report::v1::RenderDocumentRequest* request,
                                               grpc::ServerWriter<report::v1::DocumentChunk>* writer) {
  if (absl::StatusOr<Principal> caller = AuthorizeCall(access_, *context, Role::kReader); !caller.ok()) {
    return ToGrpcStatus(caller.status());
  }
  absl::StatusOr<std::shared_ptr<const DocumentCache::Document>> document = Render(*request);
  if (!document.ok()) return ToGrpcStatus(document.status());
  const std::string& pdf = (*document)->pdf;
  for (size_t offset = 0; offset == 0 || offset < pdf.size(); offset += kChunkBytes) {
    if (context->IsCancelled()) return ToGrpcStatus(absl::CancelledError("cancelled"));
    report::v1::DocumentChunk chunk;
    if (offset == 0) *chunk.mutable_info() = (*document)->info;
    chunk.set_data(pdf.substr(offset, kChunkBytes));
    if (!writer->Write(chunk)) return ToGrpcStatus(absl::CancelledError("client went away"));
  }
  return grpc::Status::OK;
}

}  // namespace werkmonitor
