#include "report_worker/documents/documents.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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

absl::Status CheckOnlineUrlTemplate(absl::string_view url_template) {
  if (!absl::StartsWith(url_template, "https://") && !absl::StartsWith(url_template, "http://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("online_url: \"", url_template, "\" must start with https:// (or http://)"));
  }
  if (!absl::StrContains(url_template, "{locale}")) {
    return absl::InvalidArgumentError(
        absl::StrCat("online_url: \"", url_template, "\" has no {locale}, so every language would get the same page"));
  }
  return absl::OkStatus();
}

std::string OnlineUrl(absl::string_view url_template, absl::string_view locale) {
  return absl::StrReplaceAll(url_template, {{"{locale}", locale}});
}

absl::CivilDay DayInTheNetherlands(absl::Time time) {
  // Without tz data, UTC is a day off at most around midnight.
  static const absl::TimeZone kAmsterdam = [] {
    absl::TimeZone zone;
    return absl::LoadTimeZone("Europe/Amsterdam", &zone) ? zone : absl::UTCTimeZone();
  }();
  return absl::ToCivilDay(time, kAmsterdam);
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
  if (request.kind == DocumentKind::kLeaflet) {
    if (absl::Status s = CheckOnlineUrlTemplate(resources.online_url); !s.ok()) return s;
  }
  return Localizer::Create(*resources.catalogs, request.locale);
}

absl::StatusOr<std::vector<PageContent>> Build(const monitor::v1::Snapshot& snapshot, const RenderRequest& request,
                                               const RenderResources& resources, Localizer& localizer, PdfWriter& pdf) {
  documents::Context context(snapshot, localizer, pdf, resources.online_url);
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
  return Build(snapshot, request, resources, *localizer, **pdf);
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
  absl::StatusOr<std::vector<PageContent>> pages = Build(snapshot, request, resources, *localizer, **pdf);
  if (!pages.ok()) return pages.status();
  return Draw(*pages, **pdf);
}

}  // namespace werkmonitor
