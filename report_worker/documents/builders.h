// The document builders behind RenderDocument: each lays its document out, page furniture
// included, as display lists ready to draw.
#ifndef WERKMONITOR_REPORT_WORKER_DOCUMENTS_BUILDERS_H_
#define WERKMONITOR_REPORT_WORKER_DOCUMENTS_BUILDERS_H_

#include "absl/status/statusor.h"
#include "report_worker/documents/documents.h"
#include "report_worker/documents/kit.h"

namespace werkmonitor::documents {

[[nodiscard]] absl::StatusOr<std::vector<PageContent>> BuildAppendix(Context& context, const RenderRequest& request);
[[nodiscard]] absl::StatusOr<std::vector<PageContent>> BuildDashboard(Context& context, const RenderRequest& request);
[[nodiscard]] absl::StatusOr<std::vector<PageContent>> BuildLeaflet(Context& context, const RenderRequest& request);

// A table of measures per theme and status with totals (appendix and dashboard).
[[nodiscard]] absl::StatusOr<Graphic> StatusTable(Context& context, double width, double size);

}  // namespace werkmonitor::documents

#endif  // WERKMONITOR_REPORT_WORKER_DOCUMENTS_BUILDERS_H_
