#include "report_worker/print/print_station.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "domain/proto_time.h"
#include "report_worker/batch.h"
#include "report_worker/print/print_page.h"
#include "report_worker/print/print_request.h"

namespace werkmonitor::print {
namespace {

// The layer's limits and timeouts as they are (see http::Server::Options); pages use only their
// own style sheet and form, nothing else loads, nothing frames them.
http::Server::Options ServerOptions() {
  http::Server::Options options;
  options.name = "print station";
  options.content_security_policy =
      "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  options.max_body_bytes = 0;  // every page is a GET
  return options;
}

// The page language of a request whose other fields may be wrong: ?ui= when valid, else Dutch.
std::string UiOf(const http::Request& request) {
  Query ui;
  for (const auto& field : request.query) {
    if (field.first == "ui") ui.push_back(field);
  }
  return ParsePageQuery(ui).request.ui;
}

std::vector<std::string> ThemeIds(const monitor::v1::Snapshot& snapshot) {
  std::vector<std::string> ids;
  for (const monitor::v1::Theme& theme : snapshot.data().themes()) ids.push_back(theme.id());
  return ids;
}

// "leaflet-pl-a5-2025-12-01.pdf": what, in which language, on which paper, of which day's status.
std::string DownloadName(const RenderRequest& request, absl::CivilDay snapshot_day) {
  return absl::StrCat(absl::StripSuffix(DocumentFileName(request), ".pdf"), "-", absl::FormatCivilTime(snapshot_day),
                      ".pdf");
}

int HttpStatusFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return 503;
    default:
      return 500;
  }
}

}  // namespace

PrintStation::PrintStation(DocumentCache& cache, const Catalogs& catalogs, Options options)
    : cache_(cache), catalogs_(catalogs), options_(std::move(options)), server_(ServerOptions()) {
  server_.Get("/", [this](const http::Request& request) { return ServePage(request); });
  server_.Get("/document", [this](const http::Request& request) { return ServeDocument(request); });
  server_.Get("/print.css", [](const http::Request&) {
    http::Response response = http::Response::Content(200, "text/css; charset=utf-8", kStyleSheet);
    response.SetHeader("Cache-Control", "max-age=3600");
    return response;
  });
  // Any other path or method: a page saying so.
  server_.SetFallback([this](const http::Request& request, int status) {
    return Page(status, NoticePage(catalogs_, UiOf(request), "print.not_found"));
  });
}

PrintStation::~PrintStation() { Stop(); }

absl::StatusOr<std::string> PrintStation::Start(const std::string& address) { return server_.Start(address); }

void PrintStation::Stop() { server_.Stop(); }

http::Response PrintStation::Page(int status, const absl::StatusOr<std::string>& html) {
  if (!html.ok()) {  // a broken catalog; catalogs are checked at start, so this is a bug
    WM_LOG(ERROR) << "print station page: " << html.status();
    return http::Response::Content(500, "text/plain; charset=utf-8", std::string(html.status().message()));
  }
  http::Response response = http::Response::Html(status, *html);
  response.SetHeader("Cache-Control", "no-cache");
  return response;
}

http::Response PrintStation::Unavailable(const std::string& ui, const absl::Status& status) {
  WM_LOG(WARNING) << "print station: " << status;
  return Page(HttpStatusFor(status), NoticePage(catalogs_, ui, "print.unavailable", status.message()));
}

http::Response PrintStation::ServePage(const http::Request& request) {
  const Parsed parsed = ParsePageQuery(request.query);
  if (!parsed.problems.empty()) return Page(400, ProblemPage(catalogs_, parsed.request.ui, parsed.problems));
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> snapshot = cache_.Latest();
  if (!snapshot.ok()) return Unavailable(parsed.request.ui, snapshot.status());
  return Page(200, FormPage(catalogs_, parsed.request.ui, **snapshot));
}

http::Response PrintStation::ServeDocument(const http::Request& request) {
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> snapshot = cache_.Latest();
  if (!snapshot.ok()) return Unavailable(UiOf(request), snapshot.status());
  const Parsed parsed = ParseDocumentQuery(request.query, ThemeIds(**snapshot));
  if (!parsed.problems.empty()) return Page(400, ProblemPage(catalogs_, parsed.request.ui, parsed.problems));
  RenderRequest document = parsed.request.document;
  if (document.kind == DocumentKind::kLeaflet) document.printed_on = DayInTheNetherlands(options_.now());
  const int64_t snapshot_id = (*snapshot)->info().id();
  absl::StatusOr<DocumentCache::Found> found = cache_.Get(snapshot_id, document);
  if (!found.ok()) return Unavailable(parsed.request.ui, found.status());

  const std::shared_ptr<const DocumentCache::Document>& pdf = found->document;
  const std::string etag = absl::StrCat("\"", pdf->info.sha256(), "\"");
  http::Response response;
  response.SetHeader("ETag", etag);
  // The latest snapshot changes: browsers ask again each time, and get 304 while it is the same.
  response.SetHeader("Cache-Control", "no-cache");
  response.SetHeader("X-Snapshot-Id", absl::StrCat(snapshot_id));
  response.SetHeader("X-Cache", found->cached ? "hit" : "miss");
  if (request.Header("If-None-Match") == etag) {
    response.status = 304;
    return response;
  }
  const absl::CivilDay snapshot_day = DayInTheNetherlands(FromProtoTime((*snapshot)->info().created_at()));
  response.SetHeader("Content-Type", "application/pdf");
  response.SetHeader("Content-Disposition",
                     absl::StrCat(parsed.request.delivery == Delivery::kDownload ? "attachment" : "inline",
                                  "; filename=\"", DownloadName(document, snapshot_day), "\""));
  // The cached bytes themselves, shared with the cache: no copy per request.
  response.body = std::shared_ptr<const std::string>(pdf, &pdf->pdf);
  return response;
}

}  // namespace werkmonitor::print
