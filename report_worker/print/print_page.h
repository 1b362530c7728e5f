// The print station's HTML, in the page's language from the catalogs: the form, the page listing
// what was wrong with a request, and short notices (not found, unavailable). Plain HTML and one
// style sheet served by the binary: no scripts, no external assets, so it works offline.
#ifndef WERKMONITOR_REPORT_WORKER_PRINT_PRINT_PAGE_H_
#define WERKMONITOR_REPORT_WORKER_PRINT_PRINT_PAGE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "i18n/catalogs.h"
#include "monitor/v1/monitor.pb.h"
#include "report_worker/print/print_request.h"

namespace werkmonitor::print {

// Served at /print.css.
extern const char kStyleSheet[];

// The form: document, language, paper, themes of `snapshot`, and which snapshot it prints.
[[nodiscard]] absl::StatusOr<std::string> FormPage(const Catalogs& catalogs, const std::string& ui,
                                                   const monitor::v1::Snapshot& snapshot);

// Every problem of a request, each a sentence naming the field, and a link back to the form.
[[nodiscard]] absl::StatusOr<std::string> ProblemPage(const Catalogs& catalogs, const std::string& ui,
                                                      const std::vector<FieldProblem>& problems);

// A page with one catalog message (`key`, with {reason} filled in where it has one) and a link back.
[[nodiscard]] absl::StatusOr<std::string> NoticePage(const Catalogs& catalogs, const std::string& ui,
                                                     absl::string_view key, absl::string_view reason = "");

}  // namespace werkmonitor::print

#endif  // WERKMONITOR_REPORT_WORKER_PRINT_PRINT_PAGE_H_
