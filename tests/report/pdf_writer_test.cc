// The PDF writer's own font objects: what readers get from them (pdffonts, pdftotext, qpdf),
// reproducible bytes, and /W widths equal to the widths the layout measures with.
#include "report_worker/pdf/pdf_writer.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/files.h"
#include "common/utf8.h"
#include "report_worker/documents/documents.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

constexpr Rgb kBlack{0, 0, 0};
// Polish, Romanian (comma below), Hungarian, Lithuanian, Bulgarian, and the characters that need
// escaping in a PDF string when they are a glyph id's byte.
constexpr const char* kLines[] = {"Zażółć gęślą jaźń", "Știință și țară", "Őrző tűző ėglė", "Съединение прави силата",
                                  "(a) \\b/ 100 % € №"};

// A one-page document with every style, drawn the way the documents draw.
std::string Draw() {
  DocumentInfo info;
  info.title = "Test";
  info.language = "pl";
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf =
      PdfWriter::Create({.paper = A4(), .fonts = DefaultFontFiles(), .info = info});
  EXPECT_TRUE(pdf.ok()) << pdf.status();
  if (!pdf.ok()) return "";
  EXPECT_TRUE((*pdf)->NewPage().ok());
  double y = 780;
  for (const char* line : kLines) {
    for (const FontStyle style : {FontStyle::kRegular, FontStyle::kBold, FontStyle::kItalic}) {
      EXPECT_TRUE((*pdf)->Text(72, y, line, style, 11, kBlack).ok()) << line;
      y -= 20;
    }
    (*pdf)->FillRect(72, y, 200, 2, Rgb::FromHex(0x336699));  // libharu drawing between text objects
    y -= 10;
  }
  absl::StatusOr<std::string> bytes = (*pdf)->Finish();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

TEST(PdfWriterTest, DrawingTheSameTwiceGivesTheSameBytes) {
  const std::string first = Draw();
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first, Draw());
  // The same from threads drawing at once: the shared font programs are not changed by drawing.
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (std::string& result : results) threads.emplace_back([&result] { result = Draw(); });
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, first);
}

TEST(PdfWriterTest, FontsAreEmbeddedSubsetAndExtractExactly) {
  testing::TempDir dir;
  const std::string path = dir.File("fonts.pdf");
  ASSERT_TRUE(WriteFileAtomically(path, Draw()).ok());
  (void)WriteFileAtomically("/tmp/fonts_sample.pdf", Draw());

  const std::string fonts = testing::Fonts(path);
  int rows = 0;
  for (absl::string_view line : absl::StrSplit(fonts, '\n')) {
    if (!absl::StrContains(line, "NotoSans")) continue;
    ++rows;
    // A subset tag of six capitals, and emb / sub / uni all "yes".
    EXPECT_THAT(std::string(line),
                ::testing::MatchesRegex("[A-Z]{6}\\+NotoSans-[A-Za-z]+ +CID TrueType +Identity-H +yes +yes +yes .*"));
  }
  EXPECT_EQ(rows, 3) << fonts;

  const testing::PdfText text = testing::ExtractText(path);
  EXPECT_EQ(text.warnings, "");
  for (const char* line : kLines) EXPECT_THAT(text.text, HasSubstr(line));
  EXPECT_TRUE(testing::QpdfCheckPasses(path));
}

// A reader places each glyph by the font's /W; pdftotext's word boxes come from it. They must match
// what the layout measured, or text drawn as fitting overlaps on paper (extraction would not show it).
TEST(PdfWriterTest, WidthsInTheFileAreTheWidthsTheLayoutMeasures) {
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf =
      PdfWriter::Create({.paper = A4(), .fonts = DefaultFontFiles(), .info = {}});
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  ASSERT_TRUE((*pdf)->NewPage().ok());
  const std::vector<std::string> words = {"Zażółć", "Wąż", "țară", "Őrző", "Съединение", "100%"};
  double y = 780;
  for (const FontStyle style : {FontStyle::kRegular, FontStyle::kBold, FontStyle::kItalic}) {
    for (const std::string& word : words) {
      ASSERT_TRUE((*pdf)->Text(72, y, word, style, 20, kBlack).ok());
      y -= 30;
    }
  }
  std::vector<double> expected;
  for (const FontStyle style : {FontStyle::kRegular, FontStyle::kBold, FontStyle::kItalic}) {
    for (const std::string& word : words) expected.push_back((*pdf)->TextWidth(word, style, 20));
  }
  absl::StatusOr<std::string> bytes = (*pdf)->Finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  testing::TempDir dir;
  const std::string path = dir.File("widths.pdf");
  ASSERT_TRUE(WriteFileAtomically(path, *bytes).ok());

  const std::vector<testing::Word> found = testing::Words(path);
  ASSERT_EQ(found.size(), expected.size());
  for (size_t i = 0; i < found.size(); ++i) {
    EXPECT_EQ(found[i].text, words[i % words.size()]);
    EXPECT_NEAR(found[i].x_max - found[i].x_min, expected[i], 0.01) << found[i].text;
  }
}

// Each document embeds only the outlines of the glyphs it drew (and their components): a glyph left
// out still extracts as text, only a rendering shows it missing. Each character on a page of its own,
// rasterised: every page must have ink.
TEST(PdfWriterTest, EveryGlyphDrawnHasItsOutline) {
  PdfWriter::Options options{.paper = A4(), .fonts = DefaultFontFiles(), .info = {}};
  options.paper = PaperSize{.name = "square", .width = 40, .height = 40};
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf = PdfWriter::Create(options);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  std::vector<std::string> drawn;
  for (const FontStyle style : {FontStyle::kRegular, FontStyle::kBold, FontStyle::kItalic}) {
    for (const char* line : kLines) {
      for (Utf8Decoder decoder(line); !decoder.done();) {
        const size_t at = decoder.position();
        if (decoder.Next() == ' ') continue;
        const std::string character(absl::string_view(line).substr(at, decoder.position() - at));
        ASSERT_TRUE((*pdf)->NewPage().ok());
        ASSERT_TRUE((*pdf)->Text(8, 10, character, style, 24, kBlack).ok());
        drawn.push_back(character);
      }
    }
  }
  absl::StatusOr<std::string> bytes = (*pdf)->Finish();
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  testing::TempDir dir;
  ASSERT_TRUE(WriteFileAtomically(dir.File("glyphs.pdf"), *bytes).ok());
  const testing::CommandResult run =
      testing::RunCommand({"/usr/bin/pdftoppm", "-r", "72", "-gray", dir.File("glyphs.pdf"), dir.File("page")});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (size_t page = 0; page < drawn.size(); ++page) {
    // pdftoppm pads the page number to the width of the last one.
    const std::string number = std::to_string(page + 1);
    const std::string name =
        absl::StrCat("page-", std::string(std::to_string(drawn.size()).size() - number.size(), '0'), number, ".pgm");
    absl::StatusOr<std::string> image = ReadFile(dir.File(name));
    ASSERT_TRUE(image.ok()) << image.status();
    // A binary PGM: three header lines, then one byte per pixel (255 white).
    size_t pixels = 0;
    for (int lines = 0; lines < 3; ++lines) pixels = image->find('\n', pixels) + 1;
    const size_t ink = std::count_if(image->begin() + static_cast<std::ptrdiff_t>(pixels), image->end(),
                                     [](char c) { return static_cast<uint8_t>(c) < 128; });
    EXPECT_GT(ink, 5u) << "page " << page + 1 << ": " << drawn[page];
  }
}

TEST(PdfWriterTest, AMissingFontFileIsNamed) {
  FontFiles fonts = DefaultFontFiles();
  fonts.paths[0] = "/nonexistent/NotoSans-Regular.ttf";
  absl::StatusOr<std::unique_ptr<PdfWriter>> pdf = PdfWriter::Create({.paper = A4(), .fonts = fonts, .info = {}});
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(pdf.status().message(), HasSubstr("/nonexistent/NotoSans-Regular.ttf"));
}

}  // namespace
}  // namespace werkmonitor
