// Renders many documents from one snapshot in parallel, each written to a temporary file and renamed
// into place (a failed or interrupted run never leaves a truncated PDF), and a manifest.json listing
// every file with its kind, locale, pages, size, sha256 and snapshot id.
#ifndef WERKMONITOR_REPORT_WORKER_BATCH_H_
#define WERKMONITOR_REPORT_WORKER_BATCH_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "monitor/v1/monitor.pb.h"
#include "report/v1/report.pb.h"
#include "report_worker/documents/documents.h"

namespace werkmonitor {

// "leaflet-pl-a4.pdf".
std::string DocumentFileName(const RenderRequest& request);

// Every kind × locale on A4, and for leaflets also on each other paper in `papers`.
std::vector<RenderRequest> BatchRequests(const std::vector<DocumentKind>& kinds,
                                         const std::vector<std::string>& locales, const std::vector<PaperSize>& papers);

struct BatchProgress {
  int done = 0;
  int total = 0;
  const report::v1::ManifestEntry* entry = nullptr;  // the document just written
  absl::Duration took;
};

// Renders `requests` with `jobs` threads into `out_dir` and writes `out_dir`/manifest.json. The
// documents are staged in `out_dir`/.batch.tmp and moved into place only when all are written, so
// a failure (reported as the first error) leaves `out_dir` as it was. FAILED_PRECONDITION when
// another batch is writing to `out_dir`.
[[nodiscard]] absl::StatusOr<report::v1::Manifest> RunBatch(const monitor::v1::Snapshot& snapshot,
                                                            const std::vector<RenderRequest>& requests,
                                                            const std::string& out_dir, int jobs,
                                                            const RenderResources& resources,
                                                            const std::function<void(const BatchProgress&)>& progress);

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_BATCH_H_
