#include "domain/data_set_rules.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::DataSet;
using monitor::v1::Measure;
using ::testing::HasSubstr;

Measure* FindMeasure(DataSet& data, absl::string_view id) {
  for (Measure& m : *data.mutable_measures()) {
    if (m.id() == id) return &m;
  }
  return nullptr;
}

void ExpectInvalid(const DataSet& data, absl::string_view message_part) {
  absl::Status s = ValidateDataSet(data);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(testing::ErrorText(s), HasSubstr(std::string(message_part)));
}

TEST(DataSetRulesTest, AcceptsAWellFormedDataSet) { EXPECT_TRUE(ValidateDataSet(testing::SmallDataSet()).ok()); }

TEST(DataSetRulesTest, RefusesDuplicateMeasureIds) {
  DataSet data = testing::SmallDataSet();
  FindMeasure(data, "werk-2")->set_id("werk-1");
  ExpectInvalid(data, "measures[werk-1].id: is used twice");
}

TEST(DataSetRulesTest, RefusesMeasuresOfUnknownThemes) {
  DataSet data = testing::SmallDataSet();
  FindMeasure(data, "werk-2")->set_theme_id("wonen");
  ExpectInvalid(data, "measures[werk-2].theme_id: no theme \"wonen\"");
}

TEST(DataSetRulesTest, ParentsHaveNoStatusAndLeavesNeedOne) {
  DataSet data = testing::SmallDataSet();
  FindMeasure(data, "registratie-2")->set_status(monitor::v1::AFGEROND);
  ExpectInvalid(data, "measures[registratie-2].status: a measure with sub-measures has no status of its own");

  data = testing::SmallDataSet();
  FindMeasure(data, "werk-2")->clear_status();
  ExpectInvalid(data, "measures[werk-2].status: is required");

  data = testing::SmallDataSet();
  FindMeasure(data, "werk-2")->set_status(static_cast<monitor::v1::Status>(42));
  ExpectInvalid(data, "measures[werk-2].status: is required");
}

TEST(DataSetRulesTest, SubMeasuresFollowTheirParentInItsTheme) {
  DataSet data = testing::SmallDataSet();
  FindMeasure(data, "registratie-2a")->set_parent_id("registratie-9");
  ExpectInvalid(data, "measures[registratie-2a].parent_id: no earlier measure \"registratie-9\"");

  data = testing::SmallDataSet();
  FindMeasure(data, "registratie-2a")->clear_status();
  FindMeasure(data, "registratie-2b")->set_parent_id("registratie-2a");
  ExpectInvalid(data, "sub-measures have no sub-measures");
}

TEST(DataSetRulesTest, MilestonesKeepThePrecisionTheTextGives) {
  DataSet data = testing::SmallDataSet();
  auto* date = FindMeasure(data, "werk-1")->mutable_milestones(0)->mutable_date();
  date->set_month(2);
  date->set_day(30);
  ExpectInvalid(data, "measures[werk-1].milestones[0].date.day: 2027-2-30 is not a date");

  data = testing::SmallDataSet();
  date = FindMeasure(data, "werk-1")->mutable_milestones(0)->mutable_date();
  date->set_precision(monitor::v1::PartialDate::MONTH);  // but a day is set
  ExpectInvalid(data, "a MONTH date has year and month only");

  data = testing::SmallDataSet();
  date = FindMeasure(data, "werk-1")->mutable_milestones(0)->mutable_date();
  date->set_precision(monitor::v1::PartialDate::PERIOD);
  date->clear_month();
  date->clear_day();
  ExpectInvalid(data, "date.period: must be BEGIN, SPRING, MID, SUMMER, AUTUMN or END");

  data = testing::SmallDataSet();
  date = FindMeasure(data, "werk-1")->mutable_milestones(0)->mutable_date();
  date->clear_precision();
  ExpectInvalid(data, "date.precision: must be DAY, MONTH, PERIOD or YEAR");
}

TEST(DataSetRulesTest, MilestoneIdsAreArgumentNames) {
  DataSet data = testing::SmallDataSet();
  FindMeasure(data, "werk-1")->mutable_milestones(0)->set_id("in-voering");
  ExpectInvalid(data, "milestones[0].id: use lower-case letters, digits and '_'");
}

TEST(DataSetRulesTest, SummariesFormatWithTheirMilestones) {
  // Found by fuzz/request_fuzzer.cc: UpdateMeasure stored a summary that is not a message, and then
  // no leaflet could be made in any language.
  DataSet data = testing::SmallDataSet();
  FindMeasure(data, "werk-1")->mutable_summary()->set_nl("Vanaf {invoering geldt een toelating.");
  ExpectInvalid(data, "measures[werk-1].summary.nl: not valid ICU MessageFormat (U_PATTERN_SYNTAX_ERROR");

  // A milestone is given as its date in words: not a number to count with.
  data = testing::SmallDataSet();
  FindMeasure(data, "werk-1")->mutable_summary()->set_nl("{invoering, plural, one {# keer} other {# keer}}");
  ExpectInvalid(data, "measures[werk-1].summary.nl: does not format with its arguments as texts");

  data = testing::SmallDataSet();
  (*FindMeasure(data, "werk-1")->mutable_summary()->mutable_translations())["pl"].set_text("Od {invoering");
  ExpectInvalid(data, "measures[werk-1].summary.translations[pl].text: not valid ICU MessageFormat");

  // Quoting, select and arguments that are no milestone (printed as they are) all format.
  data = testing::SmallDataSet();
  FindMeasure(data, "werk-1")
      ->mutable_summary()
      ->set_nl("Vanaf '{'{invoering}'}' {invoering, select, other {ja}} {onbekend}.");
  EXPECT_TRUE(ValidateDataSet(data).ok()) << ValidateDataSet(data);
}

TEST(DataSetRulesTest, TranslationsAreKeyedByLocaleOtherThanDutch) {
  DataSet data = testing::SmallDataSet();
  (*FindMeasure(data, "werk-2")->mutable_title()->mutable_translations())["nl"].set_text("x");
  ExpectInvalid(data, "measures[werk-2].title.translations[nl]: Dutch is the source text");

  data = testing::SmallDataSet();
  (*FindMeasure(data, "werk-2")->mutable_title()->mutable_translations())["Polish"].set_text("x");
  ExpectInvalid(data, "\"Polish\" is not a locale code");
}

TEST(DataSetRulesTest, ListsHaveItemsAndParagraphsHaveText) {
  DataSet data = testing::SmallDataSet();
  auto* block = FindMeasure(data, "werk-1")->mutable_body()->mutable_nl()->mutable_blocks(1);
  block->clear_items();
  ExpectInvalid(data, "measures[werk-1].body.nl.blocks[1]: a list needs at least one item");

  data = testing::SmallDataSet();
  FindMeasure(data, "werk-1")->mutable_body()->mutable_nl()->mutable_blocks(0)->set_text("");
  ExpectInvalid(data, "measures[werk-1].body.nl.blocks[0].text: must not be empty");
}

// SmallDataSet with two departments, theme defaults and an owner on every measure; werk-1's owner
// is quoted from its body, the others take their theme's default.
DataSet OwnedDataSet() {
  DataSet data = testing::SmallDataSet();
  for (const auto& [code, name] : {std::pair<const char*, const char*>{"SZW", "Ministerie van Sociale Zaken"},
                                   {"BZK", "Ministerie van Binnenlandse Zaken"}}) {
    monitor::v1::Department* department = data.add_departments();
    department->set_code(code);
    department->mutable_name()->set_nl(name);
  }
  data.mutable_themes(0)->set_default_owner("SZW");
  data.mutable_themes(1)->set_default_owner("BZK");
  for (Measure& m : *data.mutable_measures()) m.mutable_owner()->set_department(m.theme_id() == "werk" ? "SZW" : "BZK");
  FindMeasure(data, "werk-1")->mutable_owner()->set_quote("invoering is op");
  return data;
}

TEST(DataSetRulesTest, AcceptsOwnershipFromTheTextAndFromTheThemeDefault) {
  const DataSet data = OwnedDataSet();
  EXPECT_TRUE(ValidateDataSet(data).ok()) << ValidateDataSet(data);
}

// A data set made before departments existed has no owners at all and still loads.
TEST(DataSetRulesTest, ADataSetWithoutDepartmentsNeedsNoOwners) {
  DataSet data = testing::SmallDataSet();
  ASSERT_EQ(data.departments_size(), 0);
  EXPECT_TRUE(ValidateDataSet(data).ok()) << ValidateDataSet(data);
  // ... but what it names must exist.
  FindMeasure(data, "werk-2")->mutable_owner()->set_department("SZW");
  ExpectInvalid(data, "measures[werk-2].owner.department: no department \"SZW\" (the data set lists none)");
  data = testing::SmallDataSet();
  data.mutable_themes(0)->set_default_owner("SZW");
  ExpectInvalid(data, "themes[werk].default_owner: no department \"SZW\" (the data set lists none)");
}

TEST(DataSetRulesTest, DepartmentCodesAreUniqueAbbreviationsWithADutchName) {
  DataSet data = OwnedDataSet();
  data.mutable_departments(1)->set_code("SZW");
  ExpectInvalid(data, "departments[SZW].code: is used twice");

  data = OwnedDataSet();
  data.mutable_departments(1)->clear_code();
  ExpectInvalid(data, "departments[1].code: must be the ministry's abbreviation");

  data = OwnedDataSet();
  data.mutable_departments(1)->set_code("B-ZK");
  ExpectInvalid(data, "departments[B-ZK].code: must be the ministry's abbreviation");

  data = OwnedDataSet();
  data.mutable_departments(1)->mutable_name()->clear_nl();
  ExpectInvalid(data, "departments[BZK].name.nl: must not be empty");
}

TEST(DataSetRulesTest, OwnersAndThemeDefaultsAreKnownDepartments) {
  DataSet data = OwnedDataSet();
  data.mutable_themes(1)->set_default_owner("VRO");
  ExpectInvalid(data, "themes[registratie].default_owner: no department \"VRO\"");

  data = OwnedDataSet();
  data.mutable_themes(1)->clear_default_owner();
  ExpectInvalid(data, "themes[registratie].default_owner: is required when the data set lists departments");

  data = OwnedDataSet();
  FindMeasure(data, "registratie-2a")->mutable_owner()->set_department("OCW");
  ExpectInvalid(data, "measures[registratie-2a].owner.department: no department \"OCW\"");

  // A parent needs an owner as well as its sub-measures.
  data = OwnedDataSet();
  FindMeasure(data, "registratie-2")->clear_owner();
  ExpectInvalid(data, "measures[registratie-2].owner.department: is required when the data set lists departments");
}

void ExpectBadQuote(const DataSet& data, const std::string& message) {
  const absl::Status s = CheckOwnerQuotes(data);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(message));
  EXPECT_TRUE(ValidateDataSet(data).ok()) << "a state whose text was edited after the owner was assigned is valid";
}

TEST(DataSetRulesTest, AQuoteStandsVerbatimInTheMeasuresDutchText) {
  // In the title, in a list item: both are the measure's text.
  DataSet data = OwnedDataSet();
  FindMeasure(data, "werk-1")->mutable_owner()->set_quote("Toelatingsstelsel");
  EXPECT_TRUE(CheckOwnerQuotes(data).ok()) << CheckOwnerQuotes(data);
  FindMeasure(data, "werk-1")->mutable_owner()->set_quote("twee");
  EXPECT_TRUE(CheckOwnerQuotes(data).ok()) << CheckOwnerQuotes(data);

  // Case matters: a quote is exact.
  FindMeasure(data, "werk-1")->mutable_owner()->set_quote("Invoering is op");
  ExpectBadQuote(data, "measures[werk-1].owner.quote: \"Invoering is op\" is not in the measure's Dutch title or body");

  // Not across two blocks, not from the summary or another measure.
  FindMeasure(data, "werk-1")->mutable_owner()->set_quote("2027. een");
  ExpectBadQuote(data, "measures[werk-1].owner.quote: \"2027. een\" is not in");
  FindMeasure(data, "werk-1")->mutable_owner()->set_quote("geldt een toelating");
  ExpectBadQuote(data, "measures[werk-1].owner.quote: \"geldt een toelating\" is not in");
  data = OwnedDataSet();
  FindMeasure(data, "werk-2")->mutable_owner()->set_quote("invoering is op");
  ExpectBadQuote(data, "measures[werk-2].owner.quote: \"invoering is op\" is not in");

  // A quote names a department.
  data = OwnedDataSet();
  FindMeasure(data, "werk-1")->mutable_owner()->clear_department();
  ExpectInvalid(data, "measures[werk-1].owner.department: is required");
}

TEST(DataSetRulesTest, TheSourcesAsOfDateIsAValidPartialDate) {
  DataSet data = OwnedDataSet();
  data.mutable_source()->mutable_as_of()->set_precision(monitor::v1::PartialDate::MONTH);
  data.mutable_source()->mutable_as_of()->set_year(2025);
  data.mutable_source()->mutable_as_of()->set_month(11);
  data.mutable_source()->set_as_of_reason("Het jongste feit is van november 2025.");
  EXPECT_TRUE(ValidateDataSet(data).ok()) << ValidateDataSet(data);

  data.mutable_source()->mutable_as_of()->set_day(31);
  ExpectInvalid(data, "source.as_of: a MONTH date has year and month only");
  data.mutable_source()->mutable_as_of()->set_precision(monitor::v1::PartialDate::DAY);
  ExpectInvalid(data, "source.as_of.day: 2025-11-31 is not a date");
  data.mutable_source()->mutable_as_of()->set_month(13);
  ExpectInvalid(data, "source.as_of.month: 13 is not a month");
}

}  // namespace
}  // namespace werkmonitor
