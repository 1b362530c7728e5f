// The print station: a web page where staff at a Work in NL point choose a document, the visitor's
// language and the paper, and print it. Page handlers over the DocumentCache, served by the HTTP
// layer (http/server.h), which owns connections, limits and the headers every page gets:
//
//   GET /            the form, in the language of ?ui= (nl by default)
//   GET /print.css   its style sheet
//   GET /document    ?kind=&locale=&paper=&theme=…&action=open|download&ui= → the PDF, inline (the
//                    browser's print dialog) or as a download; a 400 page naming every bad field
//
// Nothing from a request reaches the file system: the routes above are all there is, and the file
// name offered for a download is made from validated values.
#ifndef WERKMONITOR_REPORT_WORKER_PRINT_PRINT_STATION_H_
#define WERKMONITOR_REPORT_WORKER_PRINT_PRINT_STATION_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "http/server.h"
#include "i18n/catalogs.h"
#include "report_worker/document_cache.h"

namespace werkmonitor::print {

class PrintStation {
 public:
  struct Options {
    // The clock that dates a printed leaflet; tests set it.
    std::function<absl::Time()> now = [] { return absl::Now(); };
  };

  // `cache` and `catalogs` must outlive the station.
  PrintStation(DocumentCache& cache, const Catalogs& catalogs, Options options);
  ~PrintStation();  // stops serving

  // Serves on `address` ("127.0.0.1:8080"; port 0 picks a free one) on background threads: the
  // address bound, or INVALID_ARGUMENT / UNAVAILABLE saying why not.
  [[nodiscard]] absl::StatusOr<std::string> Start(const std::string& address);
  void Stop();

 private:
  http::Response ServePage(const http::Request& request);
  http::Response ServeDocument(const http::Request& request);
  // An HTML page with `status`; a page that cannot be made becomes a plain-text 500.
  http::Response Page(int status, const absl::StatusOr<std::string>& html);
  http::Response Unavailable(const std::string& ui, const absl::Status& status);

  DocumentCache& cache_;
  const Catalogs& catalogs_;
  Options options_;
  http::Server server_;  // last: stopped first, while the members its handlers use still live
};

}  // namespace werkmonitor::print

#endif  // WERKMONITOR_REPORT_WORKER_PRINT_PRINT_STATION_H_
