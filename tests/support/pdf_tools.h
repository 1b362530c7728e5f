// Reading PDFs the way a reader's tools do (poppler-utils, qpdf), for tests.
#ifndef WERKMONITOR_TESTS_SUPPORT_PDF_TOOLS_H_
#define WERKMONITOR_TESTS_SUPPORT_PDF_TOOLS_H_

#include <string>
#include <vector>

namespace werkmonitor::testing {

struct PdfText {
  std::string text;      // pdftotext output
  std::string warnings;  // what poppler printed on stderr (e.g. CMap warnings)
};
PdfText ExtractText(const std::string& pdf_path);

struct Word {
  int page = 0;                                       // 1-based
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;  // points, origin top left (as pdftotext gives them)
  double page_width = 0, page_height = 0;
  std::string text;
};
// Every word with its box (pdftotext -bbox).
std::vector<Word> Words(const std::string& pdf_path);

int PageCount(const std::string& pdf_path);
std::string Fonts(const std::string& pdf_path);  // pdffonts output
bool QpdfCheckPasses(const std::string& pdf_path);

// All whitespace removed: compares text regardless of where lines were broken.
std::string WithoutWhitespace(const std::string& text);

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_SUPPORT_PDF_TOOLS_H_
