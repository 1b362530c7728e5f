// The PDF writer's own font objects: what readers get from them (pdffonts, pdftotext, qpdf),
// reproducible bytes, and /W widths equal to the widths the layout measures with.
#include "report_worker/pdf/pdf_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/files.h"
#include "report_worker/documents/documents.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

constexpr Rgb kBlack{0, 0, 0};
// Polish, Romanian (comma below), Hungarian, Lithuanian, Bulgarian, and the characters that need
// escaping in a PDF string when they are a glyph id's byte.
constexpr const char* kLines[] = {"Zażółć gęślą jaźń", "Știință și țară", "Őrző tűző ėglė",
                                  "Съединение прави силата", "(a) \\b/ 100 % € №"};

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
