// Fuzz target: the layout engine (line breaking and placement) with arbitrary UTF-8 text and widths.
// An input is a 6-byte header, then text: paragraphs separated by 0x1D, styled spans within a
// paragraph by 0x1E.
//
//   bytes 0-1  line width in 1/64 pt, little-endian (0 to 1024 pt)
//   byte  2    frame height in 4 pt steps
//   byte  3    bits 0-2 locale (an index into SupportedLocales), bit 3 keep_with_next, bit 4 keep_together,
//              bit 5 space around paragraphs, bits 6-7 indent (0, 4, 12, 36 pt)
//   byte  4    two bits per span (cycling): its style, one of four fonts and sizes
//   byte  5    bits 0-1 line spacing (1.0, 1.3, 0.8, 2.0)
//
// Each paragraph is broken into lines (BreakLines) with widths like a proportional font's, and
// all of them are flowed through pages of one frame (Flow). Invariants, for valid UTF-8:
// - the lines are the text in order: only white space between lines is dropped, and a line that is
//   empty stands for a line break in the text;
// - a line's pieces keep their span's style, and its width and size are those of its pieces;
// - no line is wider than the width, unless it is a single character;
// - the flow draws exactly those lines, in order, inside the frame (a line taller than the frame
//   excepted), and ends.
// Text that is not valid UTF-8 (refused long before the layout) only has to be laid out safely.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "domain/text_rules.h"
#include "fuzz/fuzz_support.h"
#include "i18n/catalogs.h"
#include "i18n/localizer.h"
#include "report_worker/layout/layout.h"

namespace werkmonitor::fuzz {
namespace {

constexpr size_t kHeaderSize = 6;
constexpr char kParagraphSeparator = '\x1D';
constexpr char kSpanSeparator = '\x1E';
const TextStyle kStyles[] = {
    {FontStyle::kRegular, 10, {}},
    {FontStyle::kBold, 14.5, {}},
    {FontStyle::kItalic, 7, {}},
    {FontStyle::kRegular, 24, {}},
};
constexpr double kIndents[] = {0, 4, 12, 36};
constexpr double kLineSpacings[] = {1.0, 1.3, 0.8, 2.0};

// Widths like a proportional font's, without a font: a character's advance depends on its code
// point and the style; combining marks, zero-width characters and controls take no room.
class SyntheticMetrics : public TextMetrics {
 public:
  double CodePointWidth(char32_t c, const TextStyle& style) override {
    if (c < 0x20 || (c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF) return 0;
    const double em = c == ' ' ? 0.26 : 0.3 + static_cast<double>(c % 7) * 0.1;
    return em * (style.font == FontStyle::kBold ? 1.08 : 1.0) * style.size;
  }
  double Width(absl::string_view text, const TextStyle& style) override {
    double width = 0;
    for (Utf8Decoder decoder(text); !decoder.done();) {
      const char32_t c = decoder.Next();
      if (!decoder.failed()) width += CodePointWidth(c, style);
    }
    return width;
  }
};

bool Near(double a, double b) { return std::abs(a - b) <= 1e-6 * (1 + std::abs(a) + std::abs(b)); }
bool IsDroppable(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Input {
  double width;
  Frame frame;
  std::string locale;
  std::vector<Paragraph> paragraphs;
};

Input Decode(absl::string_view bytes) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  Input input;
  input.width = (byte(0) | byte(1) << 8) / 64.0;
  input.frame = Frame{36, 800, input.width, byte(2) * 4.0};
  input.locale = SupportedLocales()[(byte(3) & 7) % SupportedLocales().size()];
  int span_index = 0;
  for (absl::string_view text : SplitSections(bytes.substr(kHeaderSize), std::string(1, kParagraphSeparator))) {
    Paragraph& p = input.paragraphs.emplace_back();
    for (absl::string_view span : SplitSections(text, std::string(1, kSpanSeparator))) {
      p.spans.push_back({std::string(span), kStyles[(byte(4) >> (2 * (span_index++ % 4))) & 3]});
    }
    p.keep_with_next = byte(3) & 8;
    p.keep_together = byte(3) & 16;
    p.space_before = p.space_after = byte(3) & 32 ? 6 : 0;
    p.indent = kIndents[byte(3) >> 6];
    p.line_spacing = kLineSpacings[byte(5) & 3];
  }
  return input;
}

bool IsValidUtf8(const std::vector<Span>& spans) {
  return std::all_of(spans.begin(), spans.end(), [](const Span& s) { return Utf8Length(s.text) >= 0; });
}

// The text of the lines, in order: what a flow must draw.
std::string Joined(const std::vector<Line>& lines) {
  std::string text;
  for (const Line& line : lines) {
    for (const Span& piece : line.pieces) text += piece.text;
  }
  return text;
}

// The lines for a failure report, line breaks and other invisible characters spelled out:
// [line|line|...].
std::string Describe(const std::vector<Line>& lines) {
  std::string text = "[";
  for (size_t n = 0; n < lines.size(); ++n) {
    if (n > 0) text += "|";
    const std::string line = Joined({lines[n]});
    for (Utf8Decoder decoder(line); !decoder.done();) {
      const size_t at = decoder.position();
      const char32_t c = decoder.Next();
      if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || (c >= 0x2000 && c <= 0x202F) || decoder.failed()) {
        absl::StrAppend(&text, "<U+", absl::Hex(static_cast<uint32_t>(c), absl::kZeroPad4), ">");
      } else {
        text.append(line, at, decoder.position() - at);
      }
    }
  }
  return absl::StrCat(text, "]");
}

void CheckLines(const std::vector<Span>& spans, double width, const std::vector<Line>& lines, TextMetrics& metrics) {
  std::string text;
  std::vector<size_t> span_ends;  // span_ends[i]: end of span i in `text`
  for (const Span& span : spans) span_ends.push_back((text += span.text).size());
  size_t at = 0;        // how much of `text` the lines so far account for
  int empty_lines = 0;  // empty lines since the last line with text
  for (size_t n = 0; n < lines.size(); ++n) {
    const Line& line = lines[n];
    const std::string where =
        absl::StrCat("line ", n, " ", Describe({line}), " of ", Describe(lines), " (width ", width, ")");
    if (line.pieces.empty()) {
      ++empty_lines;
      continue;
    }
    // Only white space before the line's text, with a line break for every empty line in it.
    const std::string& first = line.pieces.front().text;
    const size_t start = at;
    while (at < text.size() && text.compare(at, first.size(), first) != 0 && IsDroppable(text[at])) ++at;
    const long breaks = std::count_if(text.begin() + static_cast<long>(start), text.begin() + static_cast<long>(at),
                                      [](char c) { return c == '\n' || c == '\r'; });
    FUZZ_CHECK(breaks >= empty_lines, absl::StrCat(empty_lines, " empty lines without line breaks before ", where));
    empty_lines = 0;

    double width_of_pieces = 0, size = 0;
    for (const Span& piece : line.pieces) {
      FUZZ_CHECK(!piece.text.empty() && text.compare(at, piece.text.size(), piece.text) == 0,
                 absl::StrCat(where, ": \"", piece.text, "\" is not the text at byte ", at));
      const size_t span =
          static_cast<size_t>(std::upper_bound(span_ends.begin(), span_ends.end(), at) - span_ends.begin());
      FUZZ_CHECK(at + piece.text.size() <= span_ends[span], absl::StrCat(where, ": a piece crosses spans"));
      FUZZ_CHECK(piece.style.font == spans[span].style.font && piece.style.size == spans[span].style.size,
                 absl::StrCat(where, ": a piece lost its span's style"));
      at += piece.text.size();
      width_of_pieces += metrics.Width(piece.text, piece.style);
      size = std::max(size, piece.style.size);
    }
    FUZZ_CHECK(Near(line.width, width_of_pieces),
               absl::StrCat(where, ": width ", line.width, ", pieces ", width_of_pieces));
    FUZZ_CHECK(line.size == size, absl::StrCat(where, ": size ", line.size, ", pieces ", size));
    FUZZ_CHECK(line.width <= width + 1e-9 || Utf8Length(Joined({line})) == 1,
               absl::StrCat(where, " is ", line.width, " wide"));
  }
  for (; at < text.size(); ++at) FUZZ_CHECK(IsDroppable(text[at]), absl::StrCat("text lost from byte ", at));
}

void CheckFlow(const Input& input, TextMetrics& metrics, Localizer& localizer) {
  Flow flow(metrics, localizer, PageTemplate{{input.frame}, {input.frame}});
  std::string expected;
  size_t line_count = 0;
  double tallest = 0;
  for (const Paragraph& p : input.paragraphs) {
    const std::vector<Line> lines = BreakLines(p.spans, input.frame.width - p.indent, metrics, localizer);
    expected += Joined(lines);
    line_count += lines.size();
    for (const Line& line : lines) tallest = std::max(tallest, line.size * p.line_spacing);
    flow.Add(p);
  }
  absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
  FUZZ_CHECK(pages.ok(), std::string(pages.status().message()));
  FUZZ_CHECK(pages->size() <= line_count + input.paragraphs.size() + 1,
             absl::StrCat(pages->size(), " pages for ", line_count, " lines"));
  std::string drawn;
  const Frame& frame = input.frame;
  for (const PageContent& page : *pages) {
    for (const DrawOp& op : page.ops) {
      const auto* text = std::get_if<DrawText>(&op);
      FUZZ_CHECK(text != nullptr, "a paragraph draws only text");
      drawn += text->text;
      FUZZ_CHECK(text->x >= frame.x - 1e-9, absl::StrCat("\"", text->text, "\" starts left of the frame"));
      if (tallest <= frame.height) {
        FUZZ_CHECK(text->y <= frame.top + 1e-9 && text->y >= frame.top - frame.height - 1e-9,
                   absl::StrCat("\"", text->text, "\" at y ", text->y, " is outside the frame"));
      }
    }
  }
  FUZZ_CHECK(drawn == expected, absl::StrCat("drew \"", drawn, "\", the lines are \"", expected, "\""));
}

}  // namespace
}  // namespace werkmonitor::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace werkmonitor;
  using namespace werkmonitor::fuzz;
  if (size < kHeaderSize) return 0;
  const Input input = Decode(absl::string_view(reinterpret_cast<const char*>(bytes), size));
  SyntheticMetrics metrics;
  absl::StatusOr<Localizer> localizer = Localizer::Create(RepositoryCatalogs(), input.locale);
  FUZZ_CHECK(localizer.ok(), std::string(localizer.status().message()));

  bool valid = true;
  for (const Paragraph& p : input.paragraphs) {
    const std::vector<Line> lines = BreakLines(p.spans, input.width, metrics, *localizer);
    if (IsValidUtf8(p.spans)) {
      CheckLines(p.spans, input.width, lines, metrics);
    } else {
      valid = false;
    }
  }
  if (valid) CheckFlow(input, metrics, *localizer);
  return 0;
}
