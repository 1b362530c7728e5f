// A small layout engine: paragraphs of styled text broken into lines by the language's line-break
// rules and the fonts' real widths, lists, fixed-height graphics (tables, charts), all flowed
// through frames (columns) and pages, with headings kept with what follows. The result is a display
// list per page that a renderer draws; nothing is placed outside its frame.
//
//   Flow flow(metrics, localizer, {.first = one_column, .rest = one_column});
//   flow.Add(Paragraph{.spans = {{"Registratie", heading}}, .keep_with_next = true});
//   absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
#ifndef WERKMONITOR_REPORT_WORKER_LAYOUT_LAYOUT_H_
#define WERKMONITOR_REPORT_WORKER_LAYOUT_LAYOUT_H_

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "i18n/localizer.h"
#include "report_worker/pdf/pdf_writer.h"

namespace werkmonitor {

struct TextStyle {
  FontStyle font = FontStyle::kRegular;
  double size = 10;
  Rgb color;
};

struct Span {
  std::string text;
  TextStyle style;
};

// --- display list --------------------------------------------------------------------------------
// Coordinates in points, origin at the bottom left of the page (PDF's); text y is the baseline.
struct DrawText {
  double x, y;
  std::string text;
  TextStyle style;
};
struct DrawRect {
  double x, y, width, height;
  Rgb color;
};
struct DrawCircle {
  double cx, cy, radius;
  Rgb color;
};
struct DrawLine {
  double x1, y1, x2, y2, width;
  Rgb color;
};
using DrawOp = std::variant<DrawText, DrawRect, DrawCircle, DrawLine>;

struct PageContent {
  std::vector<DrawOp> ops;
};

// Draws a page's display list.
[[nodiscard]] absl::Status DrawPage(const PageContent& page, PdfWriter& pdf);

// --- text ----------------------------------------------------------------------------------------

// Font measurements the layout needs (a PdfWriter provides them).
class TextMetrics {
 public:
  virtual ~TextMetrics() = default;
  virtual double Width(absl::string_view text, const TextStyle& style) = 0;
  // The advance of one character; what line breaking sums up.
  virtual double CodePointWidth(char32_t c, const TextStyle& style) = 0;
};

class PdfTextMetrics : public TextMetrics {
 public:
  explicit PdfTextMetrics(PdfWriter& pdf) : pdf_(pdf) {}
  double Width(absl::string_view text, const TextStyle& style) override {
    return pdf_.TextWidth(text, style.font, style.size);
  }
  double CodePointWidth(char32_t c, const TextStyle& style) override {
    return pdf_.CharWidth(c, style.font, style.size);
  }

 private:
  PdfWriter& pdf_;
};

struct Line {
  std::vector<Span> pieces;  // trailing spaces removed
  double width = 0;
  double size = 0;  // largest font size on the line
};

// Breaks styled text into lines no wider than `width`, at the opportunities the locale's rules give;
// a word wider than a line is cut between characters.
std::vector<Line> BreakLines(const std::vector<Span>& spans, double width, TextMetrics& metrics, Localizer& localizer);

// Puts a laid-out line on `page` with its first character at x and its baseline at `baseline`.
void PlaceLine(PageContent& page, TextMetrics& metrics, const Line& line, double x, double baseline);

// --- blocks --------------------------------------------------------------------------------------

struct Paragraph {
  std::vector<Span> spans = {};
  double indent = 0;            // left indent of every line
  std::string marker = {};      // drawn in the indent before the first line ("•", "1)")
  std::optional<Rgb> dot = {};  // or a coloured dot there (status)
  double space_before = 0;
  double space_after = 0;
  double line_spacing = 1.3;    // line advance as a multiple of the font size
  bool keep_with_next = false;  // never end a frame with this block
  bool keep_together = false;   // never split over two frames (unless taller than a frame)
};

// Something of fixed height drawn by a callback at (x, top) with the frame's width.
struct Graphic {
  double height = 0;
  std::function<void(PageContent& page, double x, double top, double width)> draw = {};
  double space_before = 0;
  double space_after = 0;
  bool keep_with_next = false;
};

// Continue in the next frame (column), or on the next page.
struct FrameBreak {};
struct PageBreak {};

using Block = std::variant<Paragraph, Graphic, FrameBreak, PageBreak>;

struct Frame {
  double x = 0, top = 0, width = 0, height = 0;  // top: y of the frame's upper edge
};

// Frames of the first page and of every later page, in reading order.
struct PageTemplate {
  std::vector<Frame> first;
  std::vector<Frame> rest;
};

class Flow {
 public:
  Flow(TextMetrics& metrics, Localizer& localizer, PageTemplate pages)
      : metrics_(metrics), localizer_(localizer), pages_(std::move(pages)) {}

  void Add(Block block) { blocks_.push_back(std::move(block)); }

  // Lays out all blocks. FAILED_PRECONDITION when a graphic is taller than a frame.
  [[nodiscard]] absl::StatusOr<std::vector<PageContent>> Layout();

  // Height a paragraph takes in `width` (without spacing), for callers that size frames.
  double Height(const Paragraph& paragraph, double width);

 private:
  TextMetrics& metrics_;
  Localizer& localizer_;
  PageTemplate pages_;
  std::vector<Block> blocks_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_LAYOUT_LAYOUT_H_
