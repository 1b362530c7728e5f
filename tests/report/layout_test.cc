#include "report_worker/layout/layout.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

// Every character is `size` wide: widths in tests are easy to reason about.
class MonospaceMetrics : public TextMetrics {
 public:
  double Width(absl::string_view text, const TextStyle& style) override {
    return static_cast<double>(Utf8Length(text)) * style.size;
  }
  double CodePointWidth(char32_t, const TextStyle& style) override { return style.size; }

 private:
  static long Utf8Length(absl::string_view text) {
    long n = 0;
    for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  }
};

class LayoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultCatalogDir());
    ASSERT_TRUE(catalogs.ok());
    catalogs_ = std::make_unique<Catalogs>(std::move(*catalogs));
    localizer_ = std::make_unique<Localizer>(*Localizer::Create(*catalogs_, "nl"));
  }
  std::vector<std::string> Lines(const std::string& text, double width) {
    std::vector<std::string> out;
    for (const Line& line : BreakLines({{text, {FontStyle::kRegular, 1, {}}}}, width, metrics_, *localizer_)) {
      std::string joined;
      for (const Span& piece : line.pieces) joined += piece.text;
      out.push_back(joined);
      EXPECT_LE(line.width, width) << joined;
    }
    return out;
  }
  // The texts drawn on each page.
  static std::vector<std::vector<std::string>> Texts(const std::vector<PageContent>& pages) {
    std::vector<std::vector<std::string>> texts;
    for (const PageContent& page : pages) {
      texts.emplace_back();
      for (const DrawOp& op : page.ops) {
        if (const auto* t = std::get_if<DrawText>(&op)) texts.back().push_back(t->text);
      }
    }
    return texts;
  }

  MonospaceMetrics metrics_;
  std::unique_ptr<Catalogs> catalogs_;
  std::unique_ptr<Localizer> localizer_;
};

TEST_F(LayoutTest, BreaksBetweenWordsWithinTheWidth) {
  EXPECT_THAT(Lines("de maatregel is afgerond", 12), ::testing::ElementsAre("de maatregel", "is afgerond"));
  EXPECT_THAT(Lines("kort", 12), ::testing::ElementsAre("kort"));
  EXPECT_THAT(Lines("", 12), ::testing::IsEmpty());
}

TEST_F(LayoutTest, CutsAWordLongerThanTheLine) {
  EXPECT_THAT(Lines("arbeidsmigrantenbeleid is", 10), ::testing::ElementsAre("arbeidsmig", "rantenbele", "id is"));
}

TEST_F(LayoutTest, WhiteSpaceBeforeAWordThatDoesNotFitMakesNoEmptyLine) {
  // Found by fuzz/layout_fuzzer.cc: the spaces became a blank line of their own.
  EXPECT_THAT(Lines("  arbeidsmigranten", 10), ::testing::ElementsAre("arbeidsmig", "ranten"));
  EXPECT_THAT(Lines("kort\n   arbeidsmigranten", 10), ::testing::ElementsAre("kort", "arbeidsmig", "ranten"));
  // The same inside a word cut between characters: no break is allowed before "!", so "a !" is one.
  EXPECT_THAT(Lines("ja !", 1), ::testing::ElementsAre("j", "a", "!"));
  // Where the word fits, the spaces stay, and an empty line between two line feeds is kept.
  EXPECT_THAT(Lines("  kort", 10), ::testing::ElementsAre("  kort"));
  EXPECT_THAT(Lines("een\n\ntwee", 10), ::testing::ElementsAre("een", "", "twee"));
}

TEST_F(LayoutTest, ALineIsAsLargeAsItsText) {
  // Found by fuzz/layout_fuzzer.cc: an empty span made the line as tall as its font.
  const TextStyle small{FontStyle::kRegular, 1, {}}, large{FontStyle::kBold, 30, {}};
  const std::vector<Line> lines =
      BreakLines({{"de", small}, {"", large}, {" maatregel", small}}, 100, metrics_, *localizer_);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].size, 1);
  EXPECT_EQ(BreakLines({{"de", small}, {" maatregel", large}}, 1000, metrics_, *localizer_)[0].size, 30);
}

TEST_F(LayoutTest, DoesNotBreakAfterAHyphen) {
  // "EU-" would fit on the first line; the break after the hyphen is not taken.
  EXPECT_THAT(Lines("de EU-arbeidsmigrant", 17), ::testing::ElementsAre("de", "EU-arbeidsmigrant"));
}

TEST_F(LayoutTest, KeepsAHeadingWithTheTextAfterIt) {
  const Frame frame{0, 100, 20, 30};  // three lines of 10 at size 10 / spacing 1
  Flow flow(metrics_, *localizer_, PageTemplate{{frame}, {frame}});
  const TextStyle style{FontStyle::kRegular, 10, {}};
  flow.Add(Paragraph{.spans = {{"a b", style}}, .line_spacing = 1});
  flow.Add(Paragraph{.spans = {{"c", style}}, .line_spacing = 1});
  flow.Add(Paragraph{.spans = {{"H", style}}, .line_spacing = 1, .keep_with_next = true});
  flow.Add(Paragraph{.spans = {{"d e", style}}, .line_spacing = 1});
  absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
  ASSERT_TRUE(pages.ok()) << pages.status();
  // "H" would fit as the third line of page 1, but alone: it moves to page 2 with "d".
  EXPECT_THAT(Texts(*pages),
              ::testing::ElementsAre(::testing::ElementsAre("a", "b", "c"), ::testing::ElementsAre("H", "d", "e")));
}

TEST_F(LayoutTest, KeepsAParagraphTogetherWhenAsked) {
  const Frame frame{0, 100, 20, 30};
  Flow flow(metrics_, *localizer_, PageTemplate{{frame}, {frame}});
  const TextStyle style{FontStyle::kRegular, 10, {}};
  flow.Add(Paragraph{.spans = {{"a", style}}, .line_spacing = 1});
  flow.Add(Paragraph{.spans = {{"b c d", style}}, .line_spacing = 1, .keep_together = true});
  absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
  ASSERT_TRUE(pages.ok());
  EXPECT_THAT(Texts(*pages),
              ::testing::ElementsAre(::testing::ElementsAre("a"), ::testing::ElementsAre("b", "c", "d")));
}

TEST_F(LayoutTest, EverythingStaysInsideItsFrame) {
  const Frame left{10, 200, 40, 60}, right{60, 200, 40, 60};
  Flow flow(metrics_, *localizer_, PageTemplate{{left, right}, {left, right}});
  const TextStyle style{FontStyle::kRegular, 5, {}};
  for (int i = 0; i < 12; ++i) {
    flow.Add(Paragraph{.spans = {{"een twee drie vier vijf zes zeven acht", style}}, .space_after = 3});
  }
  absl::StatusOr<std::vector<PageContent>> pages = flow.Layout();
  ASSERT_TRUE(pages.ok());
  EXPECT_GT(pages->size(), 1u);
  for (const PageContent& page : *pages) {
    for (const DrawOp& op : page.ops) {
      const auto* t = std::get_if<DrawText>(&op);
      if (t == nullptr) continue;
      const Frame& frame = t->x < right.x ? left : right;
      EXPECT_GE(t->x, frame.x);
      EXPECT_LE(t->x + metrics_.Width(t->text, t->style), frame.x + frame.width + 1e-9) << t->text;
      EXPECT_LE(t->y, frame.top);
      EXPECT_GE(t->y, frame.top - frame.height);
    }
  }
}

TEST_F(LayoutTest, AGraphicTallerThanAFrameIsAnError) {
  const Frame frame{0, 100, 20, 30};
  Flow flow(metrics_, *localizer_, PageTemplate{{frame}, {frame}});
  flow.Add(Graphic{.height = 40, .draw = [](PageContent&, double, double, double) {}});
  EXPECT_EQ(flow.Layout().status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace werkmonitor
