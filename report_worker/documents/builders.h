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

// The appendix's opening section "changes since the previous report" (nothing on the first report).
[[nodiscard]] absl::Status AddChangesSection(Context& context, Flow& flow, double width);
// The line "changed since <date>" under the heading of a measure that changed or is new (or whose
// sub-measures did); nothing when it did not or on the first report.
[[nodiscard]] absl::Status AddChangeMarker(Context& context, Flow& flow, const monitor::v1::Measure& measure,
                                           double indent);

// A table of measures per theme and status with totals (appendix and dashboard).
[[nodiscard]] absl::StatusOr<Graphic> StatusTable(Context& context, double width, double size);

}  // namespace werkmonitor::documents

#endif  // WERKMONITOR_REPORT_WORKER_DOCUMENTS_BUILDERS_H_
