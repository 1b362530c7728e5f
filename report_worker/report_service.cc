#include "report_worker/report_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/grpc_server.h"
#include "common/sha256.h"
#include "common/status_mapping.h"
#include "i18n/catalogs.h"
#include "report_worker/batch.h"

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
  render.locale = request.locale().empty() ? "nl" : request.locale();
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

absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> ReportGrpcService::SnapshotFor(int64_t id) {
  {
    absl::MutexLock lock(&mu_);
    if (auto found = snapshots_.find(id); found != snapshots_.end()) return found->second;
  }
  absl::StatusOr<monitor::v1::Snapshot> fetched = source_.Fetch(id);
  if (!fetched.ok()) return fetched.status();
  auto snapshot = std::make_shared<const monitor::v1::Snapshot>(std::move(*fetched));
  absl::MutexLock lock(&mu_);
  if (snapshots_.size() >= 4) snapshots_.erase(snapshots_.begin());  // the oldest id
  snapshots_[id] = snapshot;
  return snapshot;
}

absl::StatusOr<std::shared_ptr<const ReportGrpcService::Cached>> ReportGrpcService::Render(
    const report::v1::RenderDocumentRequest& request) {
  absl::StatusOr<RenderRequest> render = FromProto(request);
  if (!render.ok()) return render.status();
  int64_t id = request.snapshot_id();
  if (id == 0) {
    absl::StatusOr<int64_t> latest = source_.LatestId();
    if (!latest.ok()) return latest.status();
    id = *latest;
  }
  const std::string key = absl::StrCat(id, "/", DocumentFileName(*render));
  {
    absl::MutexLock lock(&mu_);
    if (auto found = documents_.find(key); found != documents_.end()) return found->second;
  }
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> snapshot = SnapshotFor(id);
  if (!snapshot.ok()) return snapshot.status();
  absl::StatusOr<RenderedDocument> document = werkmonitor::RenderDocument(**snapshot, *render, resources_);
  if (!document.ok()) return document.status();
  auto cached = std::make_shared<Cached>();
  cached->info.set_snapshot_id(id);
  cached->info.set_pages(document->pages);
  cached->info.set_bytes(static_cast<int64_t>(document->pdf.size()));
  cached->info.set_sha256(Sha256Hex(document->pdf));
  cached->info.set_file_name(DocumentFileName(*render));
  cached->pdf = std::move(document->pdf);

  absl::MutexLock lock(&mu_);
  if (documents_.emplace(key, cached).second) {
    document_order_.push_back(key);
    if (document_order_.size() > kCachedDocuments) {
      documents_.erase(document_order_.front());
      document_order_.pop_front();
    }
  }
  return std::shared_ptr<const Cached>(cached);
}

grpc::Status ReportGrpcService::RenderDocument(grpc::ServerContext* context,
                                               const report::v1::RenderDocumentRequest* request,
                                               grpc::ServerWriter<report::v1::DocumentChunk>* writer) {
  if (absl::StatusOr<Principal> caller = AuthorizeCall(access_, *context, Role::kReader); !caller.ok()) {
    return ToGrpcStatus(caller.status());
  }
  absl::StatusOr<std::shared_ptr<const Cached>> document = Render(*request);
  if (!document.ok()) return ToGrpcStatus(document.status());
  const std::string& pdf = (*document)->pdf;
  for (size_t offset = 0; offset == 0 || offset < pdf.size(); offset += kChunkBytes) {
    if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    report::v1::DocumentChunk chunk;
    if (offset == 0) *chunk.mutable_info() = (*document)->info;
    chunk.set_data(pdf.substr(offset, kChunkBytes));
    if (!writer->Write(chunk)) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  }
  return grpc::Status::OK;
}

}  // namespace werkmonitor
