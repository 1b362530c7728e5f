#include "domain/page_token.h"

#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

TEST(PageTokenTest, RoundTripsThePosition) {
  const std::string token = EncodePageToken("measures|werk|0", 150);
  EXPECT_EQ(*DecodePageToken(token, "measures|werk|0"), 150);
  EXPECT_EQ(*DecodePageToken("", "measures|werk|0"), 0);
}

TEST(PageTokenTest, RefusesATokenOfAnotherQuery) {
  const std::string token = EncodePageToken("measures|werk|0", 50);
  absl::StatusOr<int64_t> decoded = DecodePageToken(token, "measures|registratie|0");
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::ErrorText(decoded.status()), "page_token: issued for a different query; repeat the same filters");
}

TEST(PageTokenTest, RefusesGarbage) {
  for (const char* token : {"abc", "!!!", "djE6eDox", "djE6MDAwMDAwMDAwMDAwMDAwMDotNQ"}) {
    absl::StatusOr<int64_t> decoded = DecodePageToken(token, "q");
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << token;
  }
}

}  // namespace
}  // namespace werkmonitor
