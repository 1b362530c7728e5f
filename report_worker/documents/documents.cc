#include "report_worker/documents/documents.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/proto_time.h"
#include "report_worker/documents/builders.h"

namespace werkmonitor {

std::string ToString(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kAppendix:
      return "appendix";
    case DocumentKind::kDashboard:
      return "dashboard";
    case DocumentKind::kLeaflet:
      return "leaflet";
  }
  return "unknown";
}

absl::StatusOr<DocumentKind> ParseDocumentKind(absl::string_view name) {
  for (DocumentKind kind : {DocumentKind::kAppendix, DocumentKind::kDashboard, DocumentKind::kLeaflet}) {
    if (absl::AsciiStrToLower(name) == ToString(kind)) return kind;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("kind: \"", name, "\" is not a document; use appendix, dashboard or leaflet"));
}

absl::StatusOr<PaperSize> ParsePaperSize(absl::string_view name) {
  const std::string upper = absl::AsciiStrToUpper(name);
  if (upper == "A4") return A4();
  if (upper == "A5") return A5();
  return absl::InvalidArgumentError(absl::StrCat("paper: \"", name, "\" is not a paper size; use A4 or A5"));
}

FontFiles DefaultFontFiles() {
  const std::string dir = WERKMONITOR_FONT_DIR;
  return FontFiles{{dir + "/NotoSans-Regular.ttf", dir + "/NotoSans-Bold.ttf", dir + "/NotoSans-Italic.ttf"}};
}

namespace {

// A PDF writer with the document's information: from the catalog and the snapshot, never from the
// clock, so the same snapshot, kind, locale and paper give the same bytes.
absl::StatusOr<std::unique_ptr<PdfWriter>> NewWriter(const monitor::v1::Snapshot& snapshot,
                                                     const RenderRequest& request, const RenderResources& resources,
                                                     Localizer& localizer) {
  const char* title_key = request.kind == DocumentKind::kAppendix    ? "appendix.running_header"
                          : request.kind == DocumentKind::kDashboard ? "dashboard.title"
                                                                     : "leaflet.title";
  DocumentInfo info;
  for (auto [key, field] :
       {std::pair{title_key, &info.title}, std::pair{"document.subject", &info.subject},
        std::pair{"document.publisher", &info.author}, std::pair{"document.keywords", &info.keywords}}) {
    absl::StatusOr<Localized> text = localizer.Message(key);
    if (!text.ok()) return text.status();
    *field = text->text;
  }
  info.language = request.locale;
  info.created = FromProtoTime(snapshot.info().created_at());
  return PdfWriter::Create({.paper = request.paper, .fonts = resources.fonts, .info = info});
}

absl::StatusOr<Localizer> LocalizerFor(const RenderRequest& request, const RenderResources& resources) {
  if (request.kind != DocumentKind::kLeaflet && !request.themes.empty()) {
    return absl::InvalidArgumentError("theme: only leaflets can be made for selected themes");
  }
  return Localizer::Create(*resources.catalogs, request.locale);
}

absl::StatusOr<std::vector<PageContent>> Build(const monitor::v1::Snapshot& snapshot, const RenderRequest& request,
                                               Localizer& localizer, PdfWriter& pdf) {
  documents::Context context(snapshot, localizer, pdf);
  absl::StatusOr<std::vector<PageContent>> pages;
  switch (request.kind) {
    case DocumentKind::kAppendix:
      pages = documents::BuildAppendix(context, request);
      break;
    case DocumentKind::kDashboard:
      pages = documents::BuildDashboard(context, request);
      break;
    case DocumentKind::kLeaflet:
      pages = documents::BuildLeaflet(context, request);
      break;
  }
  if (!pages.ok()) {
    return absl::Status(pages.status().code(), absl::StrCat(ToString(request.kind), " (", request.locale, ", ",
                                                            request.paper.name, "): ", pages.status().message()));
  }
  return pages;
}

absl::StatusOr<RenderedDocument> Draw(const std::vector<PageContent>& pages, PdfWriter& pdf) {
  for (const PageContent& page : pages) {
    if (absl::Status s = pdf.NewPage(); !s.ok()) return s;
    if (absl::Status s = DrawPage(page, pdf); !s.ok()) return s;
  }
  absl::StatusOr<std::string> bytes = pdf.Finish();
  if (!bytes.ok()) return bytes.status();
  return RenderedDocument{std::move(*bytes), static_cast<int>(pages.size())};
}

}  // namespace

absl::StatusOr<std::vector<PageContent>> LayOutDocument(const monitor::v1::Snapshot& snapshot,
                                                        const RenderRequest& request,
                                                        const RenderResources& resources) {
  absl::StatusOr<Localizer> localizer = LocalizerFor(request, resources);
  if (!localizer.ok()) return localizer.status();
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf = NewWriter(snapshot, request, resources, *localizer);
  if (!pdf.ok()) return pdf.status();
  return Build(snapshot, request, *localizer, **pdf);
}

absl::StatusOr<RenderedDocument> DrawDocument(const std::vector<PageContent>& pages,
                                              const monitor::v1::Snapshot& snapshot, const RenderRequest& request,
                                              const RenderResources& resources) {
  absl::StatusOr<Localizer> localizer = LocalizerFor(request, resources);
  if (!localizer.ok()) return localizer.status();
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf = NewWriter(snapshot, request, resources, *localizer);
  if (!pdf.ok()) return pdf.status();
  return Draw(pages, **pdf);
}

absl::StatusOr<RenderedDocument> RenderDocument(const monitor::v1::Snapshot& snapshot, const RenderRequest& request,
                                                const RenderResources& resources) {
  absl::StatusOr<Localizer> localizer = LocalizerFor(request, resources);
  if (!localizer.ok()) return localizer.status();
  // One writer measures the text for the layout and then draws it.
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf = NewWriter(snapshot, request, resources, *localizer);
  if (!pdf.ok()) return pdf.status();
  absl::StatusOr<std::vector<PageContent>> pages = Build(snapshot, request, *localizer, **pdf);
  if (!pages.ok()) return pages.status();
  return Draw(*pages, **pdf);
}

}  // namespace werkmonitor
