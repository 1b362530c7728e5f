#include "domain/status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::Status;
using ::testing::HasSubstr;

TEST(StatusTest, LegendIsTheDocumentsSixStatusesInOrder) {
  ASSERT_EQ(AllStatuses().size(), 6u);
  EXPECT_EQ(AllStatuses()[0].label_nl, "Afgerond");
  EXPECT_EQ(AllStatuses()[1].label_nl, "Doorlopend");
  EXPECT_EQ(AllStatuses()[2].label_nl, "In uitvoering");
  EXPECT_EQ(AllStatuses()[3].label_nl, "In uitvoering, vertraagd");
  EXPECT_EQ(AllStatuses()[4].label_nl, "Ernstige obstakels");
  EXPECT_EQ(AllStatuses()[5].label_nl, "Anders uitgevoerd");
  EXPECT_EQ(InfoFor(monitor::v1::ERNSTIGE_OBSTAKELS).legend_nl, "De maatregel wordt (nog) niet uitgevoerd");
}

TEST(StatusTest, ParsesDutchLabelsAsPrintedInAnyCase) {
  EXPECT_EQ(*ParseStatus("In uitvoering, vertraagd"), monitor::v1::VERTRAAGD);
  EXPECT_EQ(*ParseStatus("  in uitvoering "), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(*ParseStatus("ERNSTIGE OBSTAKELS"), monitor::v1::ERNSTIGE_OBSTAKELS);
  EXPECT_EQ(*ParseStatus("anders-uitgevoerd"), monitor::v1::ANDERS_UITGEVOERD);
}

TEST(StatusTest, ParsesEnumNames) {
  EXPECT_EQ(*ParseStatus("VERTRAAGD"), monitor::v1::VERTRAAGD);
  EXPECT_EQ(*ParseStatus("in_uitvoering"), monitor::v1::IN_UITVOERING);
  EXPECT_EQ(*ParseStatus("AFGEROND"), monitor::v1::AFGEROND);
}

TEST(StatusTest, RejectsUnknownNamesListingTheAcceptedOnes) {
  absl::StatusOr<Status> parsed = ParseStatus("klaar");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(parsed.status()), HasSubstr("\"klaar\""));
  EXPECT_THAT(testing::ErrorText(parsed.status()), HasSubstr("\"In uitvoering, vertraagd\" (VERTRAAGD)"));
  EXPECT_FALSE(ParseStatus("").ok());
  EXPECT_FALSE(ParseStatus("STATUS_UNSPECIFIED").ok());
}

TEST(StatusTest, KnowsWhichValuesAreStatuses) {
  EXPECT_FALSE(IsKnownStatus(0));
  EXPECT_TRUE(IsKnownStatus(1));
  EXPECT_TRUE(IsKnownStatus(6));
  EXPECT_FALSE(IsKnownStatus(7));
  EXPECT_FALSE(IsKnownStatus(-1));
}

// Snapshots are checked where they enter, but InfoFor is also reached from code that trusts its
// caller: an unknown value gets a neutral entry instead of std::out_of_range.
TEST(StatusTest, InfoForAnUnknownValueIsNeutralNotACrash) {
  for (int value : {0, 7, 9, -1, 1000}) {
    const StatusInfo& info = InfoFor(static_cast<Status>(value));
    EXPECT_EQ(info.status, monitor::v1::STATUS_UNSPECIFIED) << value;
    EXPECT_EQ(info.enum_name, "STATUS_UNSPECIFIED") << value;
  }
  EXPECT_EQ(InfoFor(monitor::v1::ANDERS_UITGEVOERD).enum_name, "ANDERS_UITGEVOERD");
}

}  // namespace
}  // namespace werkmonitor
