#include "report_worker/print/print_station.h"

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "domain/proto_time.h"
#include "report_worker/batch.h"
#include "report_worker/print/print_page.h"
#include "report_worker/print/print_request.h"

namespace werkmonitor::print {
namespace {

// cpp-httplib gives each connection a thread for as long as it is kept alive: enough threads that
// a few browsers, or a load test's 16 connections, are served at once rather than queued. (wrk,
// 16 connections: with httplib's default of 8 threads p99 was 245 ms, half the connections waiting
// for a thread; with 32, p99 3 ms.)
constexpr size_t kThreads = 32;
constexpr size_t kRequestsPerConnection = 1000;

Query QueryOf(const httplib::Request& request) { return Query(request.params.begin(), request.params.end()); }

// The page language of a request whose other fields may be wrong: ?ui= when valid, else Dutch.
std::string UiOf(const httplib::Request& request) {
  return ParsePageQuery(Query(request.params.lower_bound("ui"), request.params.upper_bound("ui"))).request.ui;
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
    : cache_(cache), catalogs_(catalogs), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server_->set_keep_alive_max_count(kRequestsPerConnection);
  // Headers and body go out in separate writes: with Nagle's algorithm the body waited for the
  // client's delayed ACK, 40 ms per request (wrk measured 363 requests/s, p50 44 ms, before this).
  server_->set_tcp_nodelay(true);
  server_->set_default_headers({
      // Pages use only their own style sheet and form; nothing else loads, nothing frames them.
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
  });
  server_->Get("/", [this](const httplib::Request& rq, httplib::Response& rs) { ServePage(rq, rs); });
  server_->Get("/document", [this](const httplib::Request& rq, httplib::Response& rs) { ServeDocument(rq, rs); });
  server_->Get("/print.css", [](const httplib::Request&, httplib::Response& rs) {
    rs.set_header("Cache-Control", "max-age=3600");
    rs.set_content(kStyleSheet, "text/css; charset=utf-8");
  });
  // Any other path or method: a page saying so. Pages made above already have their body.
  server_->set_error_handler(
      httplib::Server::HandlerWithResponse([this](const httplib::Request& rq, httplib::Response& rs) {
        if (!rs.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        SendPage(rs, rs.status, NoticePage(catalogs_, UiOf(rq), "print.not_found"));
        return httplib::Server::HandlerResponse::Handled;
      }));
}

PrintStation::~PrintStation() { Stop(); }

absl::StatusOr<std::string> PrintStation::Start(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("http: \"", address, "\" is not HOST:PORT (e.g. 127.0.0.1:8080)"));
  }
  absl::string_view host = absl::string_view(address).substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");  // [::1]
  if (port == 0) {
    port = server_->bind_to_any_port(std::string(host));
  } else if (!server_->bind_to_port(std::string(host), port)) {
    port = -1;
  }
  if (port <= 0) return absl::UnavailableError(absl::StrCat("http: cannot listen on ", address));
  listener_ = std::thread([this] { server_->listen_after_bind(); });
  return absl::StrCat(address.substr(0, colon), ":", port);
}

void PrintStation::Stop() {
  if (!listener_.joinable()) return;
  server_->stop();
  listener_.join();
}

void PrintStation::SendPage(httplib::Response& response, int status, const absl::StatusOr<std::string>& html) {
  if (!html.ok()) {  // a broken catalog; catalogs are checked at start, so this is a bug
    WM_LOG(ERROR) << "print station page: " << html.status();
    response.status = 500;
    response.set_content(std::string(html.status().message()), "text/plain; charset=utf-8");
    return;
  }
  response.status = status;
  response.set_header("Cache-Control", "no-cache");
  response.set_content(*html, "text/html; charset=utf-8");
}

void PrintStation::SendUnavailable(httplib::Response& response, const std::string& ui, const absl::Status& status) {
  WM_LOG(WARNING) << "print station: " << status;
  SendPage(response, HttpStatusFor(status), NoticePage(catalogs_, ui, "print.unavailable", status.message()));
}

void PrintStation::ServePage(const httplib::Request& request, httplib::Response& response) {
  const Parsed parsed = ParsePageQuery(QueryOf(request));
  if (!parsed.problems.empty()) {
    return SendPage(response, 400, ProblemPage(catalogs_, parsed.request.ui, parsed.problems));
  }
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> snapshot = cache_.Latest();
  if (!snapshot.ok()) return SendUnavailable(response, parsed.request.ui, snapshot.status());
  SendPage(response, 200, FormPage(catalogs_, parsed.request.ui, **snapshot));
}

void PrintStation::ServeDocument(const httplib::Request& request, httplib::Response& response) {
  absl::StatusOr<std::shared_ptr<const monitor::v1::Snapshot>> snapshot = cache_.Latest();
  if (!snapshot.ok()) return SendUnavailable(response, UiOf(request), snapshot.status());
  const Parsed parsed = ParseDocumentQuery(QueryOf(request), ThemeIds(**snapshot));
  if (!parsed.problems.empty()) {
    return SendPage(response, 400, ProblemPage(catalogs_, parsed.request.ui, parsed.problems));
  }
  RenderRequest document = parsed.request.document;
  if (document.kind == DocumentKind::kLeaflet) document.printed_on = DayInTheNetherlands(options_.now());
  const int64_t snapshot_id = (*snapshot)->info().id();
  absl::StatusOr<DocumentCache::Found> found = cache_.Get(snapshot_id, document);
  if (!found.ok()) return SendUnavailable(response, parsed.request.ui, found.status());

  const DocumentCache::Document& pdf = *found->document;
  const std::string etag = absl::StrCat("\"", pdf.info.sha256(), "\"");
  response.set_header("ETag", etag);
  // The latest snapshot changes: browsers ask again each time, and get 304 while it is the same.
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Snapshot-Id", absl::StrCat(snapshot_id));
  response.set_header("X-Cache", found->cached ? "hit" : "miss");
  if (request.get_header_value("If-None-Match") == etag) {
    response.status = 304;
    return;
  }
  const absl::CivilDay snapshot_day = DayInTheNetherlands(FromProtoTime((*snapshot)->info().created_at()));
  response.set_header("Content-Disposition",
                      absl::StrCat(parsed.request.delivery == Delivery::kDownload ? "attachment" : "inline",
                                   "; filename=\"", DownloadName(document, snapshot_day), "\""));
  response.set_content(pdf.pdf, "application/pdf");
}

}  // namespace werkmonitor::print
