// What the print station's form asks for, checked: the query of GET /document parsed into a
// RenderRequest and how to hand it over, and the page language of GET /. Every problem is reported,
// each naming its field, so that the 400 page can list them all; nothing is rendered then.
#ifndef WERKMONITOR_REPORT_WORKER_PRINT_PRINT_REQUEST_H_
#define WERKMONITOR_REPORT_WORKER_PRINT_PRINT_REQUEST_H_

#include <string>
#include <utility>
#include <vector>

#include "report_worker/documents/documents.h"

namespace werkmonitor::print {

// The query's fields, decoded, in the order sent.
using Query = std::vector<std::pair<std::string, std::string>>;

enum class Delivery { kOpen, kDownload };  // inline (the browser's print dialog) or a saved file

struct PrintRequest {
  std::string ui = kSourceLocale;  // the page's own language
  RenderRequest document;
  Delivery delivery = Delivery::kOpen;
};

struct FieldProblem {
  enum Kind { kInvalid, kMissing, kRepeated, kUnknown, kLeafletOnly };
  Kind kind;
  std::string field;                      // as in the query: "locale"
  std::string value = {};                 // as sent (kInvalid, kLeafletOnly)
  std::vector<std::string> choices = {};  // the valid values (kInvalid, kMissing) or fields (kUnknown)
};

struct Parsed {
  PrintRequest request;  // complete when `problems` is empty; `ui` is always usable
  std::vector<FieldProblem> problems;
};

// GET /?ui=pl: only the page language, which is optional.
Parsed ParsePageQuery(const Query& query);

// GET /document?ui=nl&kind=leaflet&locale=pl&paper=A5&theme=werk&theme=huisvesting&action=open:
// kind and locale are required; paper is A4 unless given; themes (leaflet only) must be ids of
// `theme_ids` (the snapshot's, in its order, which the request's themes take on); action is open
// or download.
Parsed ParseDocumentQuery(const Query& query, const std::vector<std::string>& theme_ids);

}  // namespace werkmonitor::print

#endif  // WERKMONITOR_REPORT_WORKER_PRINT_PRINT_REQUEST_H_
