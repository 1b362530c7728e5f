// Writes PDF pages with libharu: embedded Noto Sans (regular, bold, italic) addressed in UTF-8,
// text at positions, simple vector shapes, document information. The only code that includes
// libharu; it works around the library's defects (see pdf_writer.cc) and turns its errors into
// absl::Status instead of the longjmp of its demos. A font file is read once per process (shared,
// immutable, safe for writers on several threads); each document embeds the glyphs it drew.
//
//   absl::StatusOr<std::unique_ptr<PdfWriter>> pdf = PdfWriter::Create(options);
//   (*pdf)->NewPage();
//   (*pdf)->Text(72, 700, "Zażółć gęślą jaźń", FontStyle::kBold, 12, kBlack);
//   absl::StatusOr<std::string> bytes = (*pdf)->Finish();
#ifndef WERKMONITOR_REPORT_WORKER_PDF_PDF_WRITER_H_
#define WERKMONITOR_REPORT_WORKER_PDF_PDF_WRITER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace werkmonitor {

enum class FontStyle { kRegular = 0, kBold = 1, kItalic = 2 };
inline constexpr int kFontStyles = 3;

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0..1
  static Rgb FromHex(uint32_t rgb) {
    return {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0};
  }
};

struct PaperSize {
  std::string name;  // "A4"
  double width = 0;  // points
  double height = 0;
};
PaperSize A4();
PaperSize A5();

// TrueType files of the three styles.
struct FontFiles {
  std::array<std::string, kFontStyles> paths;
};

struct DocumentInfo {
  std::string title, subject, author, keywords;
  std::string language;  // BCP 47, e.g. "pl"
  absl::Time created;    // creation and modification date: fixed, so output is reproducible
};

class PdfWriter {
 public:
  struct Options {
    PaperSize paper;
    FontFiles fonts;
    DocumentInfo info;
  };
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<PdfWriter>> Create(const Options& options);
  ~PdfWriter();

  const PaperSize& paper() const { return paper_; }
  [[nodiscard]] absl::Status NewPage();
  int page_count() const { return page_count_; }

  // Advance width of `text` in points; exact, as the fonts are drawn without kerning.
  double TextWidth(absl::string_view utf8, FontStyle style, double size);
  double CharWidth(char32_t c, FontStyle style, double size);
  // INVALID_ARGUMENT naming the text and the character when the font lacks a glyph for it.
  [[nodiscard]] absl::Status CheckCoverage(absl::string_view utf8, FontStyle style);

  // Draws `text` with its baseline at (x, y) (origin bottom left). Checks coverage first.
  [[nodiscard]] absl::Status Text(double x, double y, absl::string_view utf8, FontStyle style, double size,
                                  const Rgb& color);
  void FillRect(double x, double y, double width, double height, const Rgb& color);
  void FillCircle(double cx, double cy, double radius, const Rgb& color);
  void Line(double x1, double y1, double x2, double y2, double width, const Rgb& color);

  // The finished document.
  [[nodiscard]] absl::StatusOr<std::string> Finish();

 private:
  struct Library;
  explicit PdfWriter(std::unique_ptr<Library> library, PaperSize paper);
  absl::Status LibraryError(absl::string_view operation);

  std::unique_ptr<Library> lib_;
  PaperSize paper_;
  int page_count_ = 0;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_REPORT_WORKER_PDF_PDF_WRITER_H_
