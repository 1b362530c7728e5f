// Writing HTML by hand, safely: every text from a request, a catalog or the data goes through
// HtmlEscape before it is placed in a page.
//
//   absl::StrCat("<p title=\"", HtmlEscape(label), "\">", HtmlEscape(text), "</p>")
#ifndef WERKMONITOR_HTTP_HTML_H_
#define WERKMONITOR_HTTP_HTML_H_

#include <string>

#include "absl/strings/string_view.h"

namespace werkmonitor::http {

// `text` safe to put in HTML text or a quoted attribute value: & < > " ' become references.
[[nodiscard]] std::string HtmlEscape(absl::string_view text);

}  // namespace werkmonitor::http

#endif  // WERKMONITOR_HTTP_HTML_H_
