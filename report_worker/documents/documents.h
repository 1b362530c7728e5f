// The three documents the report worker makes from a snapshot, in any supported locale:
//   appendix  — the complete "Bijlage I Monitoringsoverzicht" (A4): legend, dashboard table, every
//               theme and measure with its full text;
//   dashboard — one page of charts: measures per status, and per theme;
//   leaflet   — for labour migrants: per theme each measure's title, status and plain-language
//               summary, upcoming dates, where to get help; one A4 sheet (two sides), or A5 pages.
//
//   absl::StatusOr<RenderedDocument> pdf = RenderDocument(snapshot, {.kind = DocumentKind::kLeaflet,
//       .locale = "pl", .paper = A4()}, resources);
#ifndef WERKMONITOR_REPORT_WORKER_DOCUMENTS_DOCUMENTS_H_
#define WERKMONITOR_REPORT_WORKER_DOCUMENTS_DOCUMENTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "i18n/catalogs.h"
#include "monitor/v1/monitor.pb.h"
#include "report_worker/layout/layout.h"
#include "report_worker/pdf/pdf_writer.h"

namespace werkmonitor {

enum class DocumentKind { kAppendix, kDashboard, kLeaflet };

// "appendix", "dashboard", "leaflet".
std::string ToString(DocumentKind kind);
[[nodiscard]] absl::StatusOr<DocumentKind> ParseDocumentKind(absl::string_view name);
// "A4", "A5" (any case).
[[nodiscard]] absl::StatusOr<PaperSize> ParsePaperSize(absl::string_view name);

struct RenderRequest {
  DocumentKind kind = DocumentKind::kAppendix;
  std::string locale = "nl";
  PaperSize paper = A4();
  std::vector<std::string> themes;  // leaflet only: these theme ids; empty for all
};

// What every rendering needs and that is loaded once: the catalogs and the font files.
struct RenderResources {
  const Catalogs* catalogs;
  FontFiles fonts;
};

// The font files built with the project (Noto Sans, subset at build time).
FontFiles DefaultFontFiles();

struct RenderedDocument {
  std::string pdf;
  int pages = 0;
};

// The two halves of RenderDocument, for measuring them apart: the pages as display lists, and
// those pages drawn into a PDF.
[[nodiscard]] absl::StatusOr<std::vector<PageContent>> LayOutDocument(const monitor::v1::Snapshot& snapshot,
                                                                      const RenderRequest& request,
                                                                      const RenderResources& resources);
[[nodiscard]] absl::StatusOr<RenderedDocument> DrawDocument(const std::vector<PageContent>& pages,
                                                            const monitor::v1::Snapshot& snapshot,
                                                            const RenderRequest& request,
                                                            const RenderResources& resources);

// Renders one document. INVALID_ARGUMENT for an unknown locale or theme, or a text the fonts
// cannot show; FAILED_PRECONDITION when a document cannot fit its page limit.
[[nodiscard]] absl::StatusOr<RenderedDocument> RenderDocument(const monitor::v1::Snapshot& snapshot,
                                                              const RenderRequest& request,
                                                              const RenderResources& resources);

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_DOCUMENTS_DOCUMENTS_H_
