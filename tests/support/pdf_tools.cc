#include "tests/support/pdf_tools.h"

#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_replace.h"
#include "tests/support/process.h"

namespace werkmonitor::testing {

PdfText ExtractText(const std::string& pdf_path) {
  CommandResult r = RunCommand({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf_path, "-"});
  return {r.out, r.err};
}

std::vector<Word> Words(const std::string& pdf_path) {
  CommandResult r = RunCommand({"/usr/bin/pdftotext", "-bbox", "-enc", "UTF-8", pdf_path, "-"});
  std::vector<Word> words;
  static const std::regex kPage(R"re(<page width="([0-9.]+)" height="([0-9.]+)">)re");
  static const std::regex kWord(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  int page = 0;
  double width = 0, height = 0;
  std::smatch m;
  // Walk the output in order, noting each page start before its words.
  const std::string& rest = r.out;
  size_t position = 0;
  while (position < rest.size()) {
    const size_t next_page = rest.find("<page ", position);
    const size_t next_word = rest.find("<word ", position);
    if (next_page == std::string::npos && next_word == std::string::npos) break;
    if (next_page != std::string::npos && (next_word == std::string::npos || next_page < next_word)) {
      const std::string tag = rest.substr(next_page, rest.find('>', next_page) - next_page + 1);
      if (std::regex_search(tag, m, kPage)) {
        ++page;
        (void)absl::SimpleAtod(m[1].str(), &width);
        (void)absl::SimpleAtod(m[2].str(), &height);
      }
      position = next_page + 1;
      continue;
    }
    const std::string tag = rest.substr(next_word, rest.find("</word>", next_word) - next_word + 7);
    if (std::regex_search(tag, m, kWord)) {
      Word w;
      w.page = page;
      (void)absl::SimpleAtod(m[1].str(), &w.x_min);
      (void)absl::SimpleAtod(m[2].str(), &w.y_min);
      (void)absl::SimpleAtod(m[3].str(), &w.x_max);
      (void)absl::SimpleAtod(m[4].str(), &w.y_max);
      w.page_width = width;
      w.page_height = height;
      w.text = absl::StrReplaceAll(m[5].str(), {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}});
      words.push_back(std::move(w));
    }
    position = next_word + 1;
  }
  return words;
}

int PageCount(const std::string& pdf_path) {
  CommandResult r = RunCommand({"/usr/bin/pdfinfo", pdf_path});
  static const std::regex kPages(R"(Pages:\s+(\d+))");
  std::smatch m;
  int pages = -1;
  if (std::regex_search(r.out, m, kPages)) (void)absl::SimpleAtoi(m[1].str(), &pages);
  return pages;
}

std::string Fonts(const std::string& pdf_path) { return RunCommand({"/usr/bin/pdffonts", pdf_path}).out; }

bool QpdfCheckPasses(const std::string& pdf_path) {
  return RunCommand({"/usr/bin/qpdf", "--check", pdf_path}).exit_code == 0;
}

std::string WithoutWhitespace(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') continue;
    // U+00A0 and U+202F (no-break spaces) are spaces too.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace werkmonitor::testing
