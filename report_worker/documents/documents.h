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

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
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
  std::string locale = kSourceLocale;
  PaperSize paper = A4();
  std::vector<std::string> themes{};  // leaflet only: these theme ids; empty for all
  // Leaflet only: the day it is printed, shown in its footer ("printed on … — status as of …").
  // Unset for documents rendered ahead of printing, which then stay the same bytes every day.
  std::optional<absl::CivilDay> printed_on = std::nullopt;
};

// Where a leaflet's QR code leads: the online version in the reader's language, "{locale}" being
// replaced by nl, pl, ro, bg or en. Work in NL's site is where labour migrants are sent for
// information in their own language (change it with report_worker --online_url).
inline constexpr char kDefaultOnlineUrl[] = "https://www.workinnl.nl/{locale}/";
// OK for an http:// or https:// URL that contains "{locale}"; INVALID_ARGUMENT saying what is wrong.
[[nodiscard]] absl::Status CheckOnlineUrlTemplate(absl::string_view url_template);
std::string OnlineUrl(absl::string_view url_template, absl::string_view locale);

// What every rendering needs and that is loaded once: the catalogs, the font files and settings.
struct RenderResources {
  const Catalogs* catalogs;
  FontFiles fonts;
  std::string online_url = kDefaultOnlineUrl;  // a template for OnlineUrl
};

// The day it is at `time` in the Netherlands: documents date snapshots and prints as readers there
// see them.
absl::CivilDay DayInTheNetherlands(absl::Time time);

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
