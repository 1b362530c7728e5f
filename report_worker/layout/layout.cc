#include "report_worker/layout/layout.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace werkmonitor {
namespace {

bool IsTrailingSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The styled text as one string, with the byte offset where each span starts and the advance of
// every prefix, so the width of any range is one subtraction.
struct Joined {
  std::string text;
  std::vector<size_t> starts;
  const std::vector<Span>* spans;
  std::vector<double> prefix;  // prefix[i]: width of text[0, i) (at character boundaries)

  Joined(const std::vector<Span>& s, TextMetrics& metrics) : spans(&s) {
    for (const Span& span : s) {
      starts.push_back(text.size());
      text += span.text;
    }
    prefix.assign(text.size() + 1, 0.0);
    for (size_t i = 0; i < s.size(); ++i) {
      Utf8Decoder decoder(s[i].text);
      while (!decoder.done()) {
        const size_t at = starts[i] + decoder.position();
        const double width = metrics.CodePointWidth(decoder.Next(), s[i].style);
        const size_t next = starts[i] + decoder.position();
        for (size_t k = at + 1; k < next; ++k) prefix[k] = prefix[at];  // inside a character
        prefix[next] = prefix[at] + width;
      }
      // Invalid UTF-8 was refused long before; should it get here, the rest counts as zero width.
      for (size_t k = starts[i] + decoder.position() + 1; k <= starts[i] + s[i].text.size(); ++k) {
        prefix[k] = prefix[k - 1];
      }
    }
  }
  // [from, to) cut at span boundaries.
  std::vector<Span> Pieces(size_t from, size_t to) const {
    std::vector<Span> pieces;
    for (size_t i = 0; i < spans->size(); ++i) {
      const size_t begin = std::max(from, starts[i]);
      const size_t end = std::min(to, starts[i] + (*spans)[i].text.size());
      if (begin < end) pieces.push_back({text.substr(begin, end - begin), (*spans)[i].style});
    }
    return pieces;
  }
  double Width(size_t from, size_t to) const { return prefix[to] - prefix[from]; }
  double SizeAt(size_t from, size_t to) const {
    double size = 0;
    for (size_t i = 0; i < spans->size(); ++i) {
      const size_t end = starts[i] + (*spans)[i].text.size();
      // An empty span puts nothing on the line, so its size is not the line's.
      if (starts[i] < std::max(to, from + 1) && end > from && end > starts[i]) {
        size = std::max(size, (*spans)[i].style.size);
      }
    }
    if (size == 0 && !spans->empty()) size = spans->back().style.size;
    return size;
  }
  size_t TrimEnd(size_t from, size_t to) const {
    while (to > from && IsTrailingSpace(text[to - 1])) --to;
    return to;
  }
};

class LineBuilder {
 public:
  LineBuilder(const Joined& joined, std::vector<Line>& lines) : joined_(joined), lines_(lines) {}
  // The line [from, to) without its trailing white space. White space alone is a line only where
  // the text ends a line (`forced`: an empty line between two line feeds); elsewhere it would be a
  // blank line the text does not have, so it goes.
  void Emit(size_t from, size_t to, bool forced = false) {
    to = joined_.TrimEnd(from, to);
    if (to == from && !forced) return;
    Line line;
    line.pieces = joined_.Pieces(from, to);
    line.width = joined_.Width(from, to);
    line.size = joined_.SizeAt(from, to);
    lines_.push_back(std::move(line));
  }

 private:
  const Joined& joined_;
  std::vector<Line>& lines_;
};

// Baseline of a line whose box starts at `top`: the em box (0.8 above, 0.2 below the baseline)
// centred in the line's advance.
double Baseline(double top, const Line& line, double spacing) {
  const double advance = line.size * spacing;
  return top - (advance - line.size) / 2 - 0.8 * line.size;
}

}  // namespace

std::vector<Line> BreakLines(const std::vector<Span>& spans, double width, TextMetrics& metrics, Localizer& localizer) {
  std::vector<Line> lines;
  const Joined joined(spans, metrics);
  LineBuilder builder(joined, lines);
  size_t line_start = 0;  // first byte of the line being filled
  size_t previous = 0;    // end of the last segment put on it
  double filled = 0;      // width of [line_start, previous), trailing spaces included
  for (const Localizer::LineBreak& opportunity : localizer.LineBreaks(joined.text)) {
    const size_t end = opportunity.offset;
    // No break after a hyphen ("EU-|arbeidsmigranten"): text extraction (poppler) takes a hyphen at
    // the end of a line for hyphenation and drops it, so the reader would copy "EUarbeidsmigranten".
    // A word too long for a line is still cut below.
    if (!opportunity.hard && end > 0 && end < joined.text.size() && joined.text[end - 1] == '-') continue;
    const size_t trimmed = joined.TrimEnd(previous, end);
    const double visible = joined.Width(previous, trimmed);
    if (previous > line_start && filled + visible > width) {
      builder.Emit(line_start, previous);
      line_start = previous;
      filled = 0;
    }
    if (previous == line_start && visible > width) {
      // A word longer than the line: cut it between characters.
      size_t chunk = previous;
      double chunk_width = 0;
      const absl::string_view word = absl::string_view(joined.text).substr(previous, trimmed - previous);
      for (Utf8Decoder decoder(word); !decoder.done();) {
        const size_t at = previous + decoder.position();
        decoder.Next();
        const double w = joined.Width(at, previous + decoder.position());
        if (chunk_width + w > width && at > chunk) {
          builder.Emit(chunk, at);
          chunk = at;
          chunk_width = 0;
        }
        chunk_width += w;
      }
      line_start = chunk;
      filled = joined.Width(chunk, end);
    } else {
      filled += joined.Width(previous, end);
    }
    previous = end;
    if (opportunity.hard) {
      builder.Emit(line_start, previous, /*forced=*/true);
      line_start = previous;
      filled = 0;
    }
  }
  builder.Emit(line_start, joined.text.size());
  return lines;
}

void PlaceLine(PageContent& page, TextMetrics& metrics, const Line& line, double x, double baseline) {
  for (const Span& piece : line.pieces) {
    page.ops.push_back(DrawText{x, baseline, piece.text, piece.style});
    x += metrics.Width(piece.text, piece.style);
  }
}

absl::Status DrawPage(const PageContent& page, PdfWriter& pdf) {
  for (const DrawOp& op : page.ops) {
    if (const auto* text = std::get_if<DrawText>(&op)) {
      if (absl::Status s =
              pdf.Text(text->x, text->y, text->text, text->style.font, text->style.size, text->style.color);
          !s.ok()) {
        return s;
      }
    } else if (const auto* rect = std::get_if<DrawRect>(&op)) {
      pdf.FillRect(rect->x, rect->y, rect->width, rect->height, rect->color);
    } else if (const auto* circle = std::get_if<DrawCircle>(&op)) {
      pdf.FillCircle(circle->cx, circle->cy, circle->radius, circle->color);
    } else if (const auto* line = std::get_if<DrawLine>(&op)) {
      pdf.Line(line->x1, line->y1, line->x2, line->y2, line->width, line->color);
    }
  }
  return absl::OkStatus();
}

double Flow::Height(const Paragraph& paragraph, double width) {
  double height = 0;
  for (const Line& line : BreakLines(paragraph.spans, width - paragraph.indent, metrics_, localizer_)) {
    height += line.size * paragraph.line_spacing;
  }
  return height;
}

absl::StatusOr<std::vector<PageContent>> Flow::Layout() {
  if (pages_.first.empty() || pages_.rest.empty()) return absl::InvalidArgumentError("layout: a page needs a frame");
  std::vector<PageContent> pages;
  const std::vector<Frame>* frames = nullptr;
  size_t frame_index = 0;
  double y = 0;  // top of the free space in the current frame

  auto new_page = [&] {
    pages.emplace_back();
    frames = pages.size() == 1 ? &pages_.first : &pages_.rest;
    frame_index = 0;
    y = (*frames)[0].top;
  };
  auto frame = [&]() -> const Frame& { return (*frames)[frame_index]; };
  auto next_frame = [&] {
    if (++frame_index >= frames->size()) {
      new_page();
    } else {
      y = frame().top;
    }
  };
  auto remaining = [&] { return y - (frame().top - frame().height); };
  auto at_top = [&] { return y >= frame().top; };

  // Lines of a paragraph in the current frame's width.
  auto lines_of = [&](const Paragraph& p) {
    return BreakLines(p.spans, frame().width - p.indent, metrics_, localizer_);
  };
  // The least a block needs at the bottom of a frame: a graphic whole, a paragraph two lines (all of
  // them when it is kept together).
  auto least_height = [&](const Block& block) -> double {
    if (const auto* p = std::get_if<Paragraph>(&block)) {
      std::vector<Line> lines = lines_of(*p);
      double h = p->space_before;
      const size_t kept = p->keep_together ? lines.size() : std::min<size_t>(2, lines.size());
      for (size_t i = 0; i < kept; ++i) h += lines[i].size * p->line_spacing;
      return h;
    }
    if (const auto* g = std::get_if<Graphic>(&block)) return g->space_before + g->height;
    return 0;
  };

  new_page();
  for (size_t i = 0; i < blocks_.size(); ++i) {
    const Block& block = blocks_[i];
    const Block* next = i + 1 < blocks_.size() ? &blocks_[i + 1] : nullptr;
    if (std::holds_alternative<PageBreak>(block)) {
      new_page();
      continue;
    }
    if (std::holds_alternative<FrameBreak>(block)) {
      next_frame();
      continue;
    }
    if (const auto* g = std::get_if<Graphic>(&block)) {
      double needed = (at_top() ? 0 : g->space_before) + g->height;
      if (g->keep_with_next && next != nullptr) needed += least_height(*next);
      if (needed > remaining() && !at_top()) next_frame();
      if (!at_top()) y -= g->space_before;
      if (g->height > remaining() + 0.01) {
        return absl::FailedPreconditionError(
            absl::StrCat("layout: a graphic of ", g->height, " pt does not fit a frame of ", frame().height, " pt"));
      }
      g->draw(pages.back(), frame().x, y, frame().width);
      y -= g->height + g->space_after;
      continue;
    }
    const Paragraph& p = std::get<Paragraph>(block);
    std::vector<Line> lines = lines_of(p);
    double whole = (at_top() ? 0 : p.space_before);
    for (const Line& line : lines) whole += line.size * p.line_spacing;
    // Keep with the next block, or at least do not leave a first line alone at the bottom.
    double needed = p.keep_with_next && next != nullptr ? whole + least_height(*next) : least_height(block);
    if ((!p.keep_with_next && lines.size() < 2) || p.keep_together) needed = std::max(needed, whole);
    if (needed > remaining() && !at_top()) {
      next_frame();
      lines = lines_of(p);
    }
    if (!at_top()) y -= p.space_before;
    const double used_width = frame().width;
    for (size_t k = 0; k < lines.size(); ++k) {
      const Line& line = lines[k];
      const double advance = line.size * p.line_spacing;
      const bool last_two = lines.size() - k == 2;
      // Move on when the line does not fit, or when it would leave the paragraph's last line alone
      // at the top of the next frame.
      if (!at_top() && (advance > remaining() + 0.01 ||
                        (last_two && k > 0 && advance * 2 > remaining() + 0.01 && advance <= remaining()))) {
        next_frame();
      }
      if (frame().width + 0.01 < used_width && line.width > frame().width - p.indent + 0.01) {
        return absl::InternalError("layout: a paragraph continues in a narrower frame");
      }
      const double baseline = Baseline(y, line, p.line_spacing);
      double x = frame().x + p.indent;
      if (k == 0 && !p.marker.empty()) {
        const TextStyle style = line.pieces.empty() ? TextStyle{} : line.pieces.front().style;
        const double marker_width = metrics_.Width(p.marker, style);
        pages.back().ops.push_back(DrawText{x - marker_width - 0.4 * style.size, baseline, p.marker, style});
      }
      if (k == 0 && p.dot.has_value()) {
        const double radius = line.size * 0.33;
        pages.back().ops.push_back(
            DrawCircle{x - radius - 0.45 * line.size, baseline + 0.36 * line.size, radius, *p.dot});
      }
      PlaceLine(pages.back(), metrics_, line, x, baseline);
      y -= advance;
    }
    y -= p.space_after;
  }
  return pages;
}

}  // namespace werkmonitor
