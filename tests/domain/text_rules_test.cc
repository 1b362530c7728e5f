#include "domain/text_rules.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

TEST(Utf8LengthTest, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0);
  EXPECT_EQ(Utf8Length("abc"), 3);
  EXPECT_EQ(Utf8Length("één"), 3);
  EXPECT_EQ(Utf8Length("ąłșț"), 4);
  EXPECT_EQ(Utf8Length("януари"), 6);
  EXPECT_EQ(Utf8Length("€ 5.000"), 7);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1);  // U+1F600, four bytes
}

TEST(Utf8LengthTest, RejectsInvalidSequences) {
  EXPECT_EQ(Utf8Length("\xC3"), -1);              // truncated
  EXPECT_EQ(Utf8Length("\xC0\x80"), -1);          // overlong NUL
  EXPECT_EQ(Utf8Length("\xED\xA0\x80"), -1);      // surrogate U+D800
  EXPECT_EQ(Utf8Length("\xF4\x90\x80\x80"), -1);  // above U+10FFFF
  EXPECT_EQ(Utf8Length("a\xFF"), -1);
  EXPECT_EQ(Utf8Length("\x80"), -1);  // continuation without lead
}

TEST(CheckTextTest, NamesTheFieldAndTheReason) {
  absl::Status s = CheckText("measure.title.nl", "", kTitleRule);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::ErrorText(s), "measure.title.nl: must not be empty");

  s = CheckText("measure.title.nl", "   ", kTitleRule);
  EXPECT_EQ(testing::ErrorText(s), "measure.title.nl: must not be empty");

  s = CheckText("note", std::string(2001, 'x'), kNoteRule);
  EXPECT_EQ(testing::ErrorText(s), "note: longer than 2000 characters (2001)");

  s = CheckText("label", "bad \xC3(", kLabelRule);
  EXPECT_EQ(testing::ErrorText(s), "label: not valid UTF-8");

  s = CheckText("label", "a\x01", kLabelRule);
  EXPECT_THAT(testing::ErrorText(s), HasSubstr("label: contains control character U+0001"));

  s = CheckText("measure.title.nl", "two\nlines", kTitleRule);
  EXPECT_THAT(testing::ErrorText(s), HasSubstr("control character U+000A"));
}

TEST(CheckTextTest, LimitsCountCharactersNotBytes) {
  // 300 two-byte characters are 600 bytes, yet exactly at the limit.
  std::string accents;
  for (int i = 0; i < 300; ++i) accents += "é";
  EXPECT_TRUE(CheckText("t", accents, kTitleRule).ok());
  EXPECT_FALSE(CheckText("t", accents + "é", kTitleRule).ok());
}

TEST(CheckTextTest, AcceptsOptionalEmptyAndMultilineWhereAllowed) {
  EXPECT_TRUE(CheckText("note", "", kNoteRule).ok());
  EXPECT_TRUE(CheckText("note", "regel een\nregel twee\ttab", kNoteRule).ok());
}

}  // namespace
}  // namespace werkmonitor
