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

absl::StatusOr<RenderedDocument> RenderDocument(const monitor::v1::Snapshot& snapshot, const RenderRequest& request,
                                                const RenderResources& resources) {
  absl::StatusOr<Localizer> localizer = Localizer::Create(*resources.catalogs, request.locale);
  if (!localizer.ok()) return localizer.status();
  if (request.kind != DocumentKind::kLeaflet && !request.themes.empty()) {
    return absl::InvalidArgumentError("theme: only leaflets can be made for selected themes");
  }

  // Document information comes from the catalog and the snapshot, never from the clock: the same
  // snapshot, kind, locale and paper give the same bytes.
  const char* title_key = request.kind == DocumentKind::kAppendix    ? "appendix.running_header"
                          : request.kind == DocumentKind::kDashboard ? "dashboard.title"
                                                                     : "leaflet.title";
  DocumentInfo info;
  for (auto [key, field] :
       {std::pair{title_key, &info.title}, std::pair{"document.subject", &info.subject},
        std::pair{"document.publisher", &info.author}, std::pair{"document.keywords", &info.keywords}}) {
    absl::StatusOr<Localized> text = localizer->Message(key);
    if (!text.ok()) return text.status();
    *field = text->text;
  }
  info.language = request.locale;
  info.created = FromProtoTime(snapshot.info().created_at());

  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf =
      PdfWriter::Create({.paper = request.paper, .fonts = resources.fonts, .info = info});
  if (!pdf.ok()) return pdf.status();
  documents::Context context(snapshot, *localizer, **pdf);
  absl::StatusOr<int> pages;
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
  absl::StatusOr<std::string> bytes = (*pdf)->Finish();
  if (!bytes.ok()) return bytes.status();
  return RenderedDocument{std::move(*bytes), *pages};
}

}  // namespace werkmonitor
