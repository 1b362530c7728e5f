#include "i18n/localizer.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "domain/fingerprint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::PartialDate;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class LocalizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<Catalogs> loaded = Catalogs::Load(DefaultCatalogDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    catalogs_ = new Catalogs(std::move(*loaded));
  }
  static void TearDownTestSuite() { delete catalogs_; }

  static Localizer For(absl::string_view locale) { return *Localizer::Create(*catalogs_, locale); }
  static std::string Measures(absl::string_view locale, int64_t count) {
    return For(locale).Message("count.measures", MessageArgs().Number("count", count))->text;
  }
  static PartialDate Date(PartialDate::Precision precision, int year, int month = 0, int day = 0,
                          PartialDate::Period period = PartialDate::PERIOD_UNSPECIFIED) {
    PartialDate date;
    date.set_precision(precision);
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
    date.set_period(period);
    return date;
  }

  static Catalogs* catalogs_;
};
Catalogs* LocalizerTest::catalogs_ = nullptr;

TEST_F(LocalizerTest, DutchPlurals) {
  EXPECT_EQ(Measures("nl", 1), "1 maatregel");
  EXPECT_EQ(Measures("nl", 41), "41 maatregelen");
  EXPECT_EQ(Measures("nl", 0), "0 maatregelen");
}

TEST_F(LocalizerTest, PolishPluralsOneFewMany) {
  EXPECT_EQ(Measures("pl", 1), "1 działanie");
  EXPECT_EQ(Measures("pl", 2), "2 działania");
  EXPECT_EQ(Measures("pl", 5), "5 działań");
  EXPECT_EQ(Measures("pl", 22), "22 działania");
  EXPECT_EQ(Measures("pl", 25), "25 działań");
  EXPECT_EQ(Measures("pl", 12), "12 działań");
}

TEST_F(LocalizerTest, RomanianPluralsOneFewOther) {
  EXPECT_EQ(Measures("ro", 1), "1 măsură");
  EXPECT_EQ(Measures("ro", 2), "2 măsuri");
  EXPECT_EQ(Measures("ro", 19), "19 măsuri");
  EXPECT_EQ(Measures("ro", 20), "20 de măsuri");
  EXPECT_EQ(Measures("ro", 101), "101 măsuri");
  EXPECT_EQ(Measures("ro", 41), "41 de măsuri");
}

TEST_F(LocalizerTest, BulgarianAndEnglishPlurals) {
  EXPECT_EQ(Measures("bg", 1), "1 мярка");
  EXPECT_EQ(Measures("bg", 2), "2 мерки");
  EXPECT_EQ(Measures("en", 1), "1 measure");
  EXPECT_EQ(Measures("en", 2), "2 measures");
}

TEST_F(LocalizerTest, HungarianKeepsTheSingularAfterANumber) {
  EXPECT_EQ(Measures("hu", 1), "1 intézkedés");
  EXPECT_EQ(Measures("hu", 2), "2 intézkedés");
  EXPECT_EQ(Measures("hu", 41), "41 intézkedés");
}

TEST_F(LocalizerTest, LithuanianPluralsOneFewOther) {
  EXPECT_EQ(Measures("lt", 1), "1 priemonė");
  EXPECT_EQ(Measures("lt", 2), "2 priemonės");
  EXPECT_EQ(Measures("lt", 10), "10 priemonių");
  EXPECT_EQ(Measures("lt", 11), "11 priemonių");
  EXPECT_EQ(Measures("lt", 21), "21 priemonė");
  EXPECT_EQ(Measures("lt", 22), "22 priemonės");
  EXPECT_EQ(Measures("lt", 41), "41 priemonė");
}

TEST_F(LocalizerTest, TwoPluralsInOneMessage) {
  auto args = MessageArgs().Number("count", 41).Number("themes", 7);
  EXPECT_EQ(For("nl").Message("dashboard.summary", args)->text, "41 maatregelen in 7 thema’s");
  EXPECT_EQ(For("pl").Message("dashboard.summary", args)->text, "41 działań w 7 tematach");
  EXPECT_EQ(For("ro").Message("dashboard.summary", args)->text, "41 de măsuri în 7 teme");
}

TEST_F(LocalizerTest, LongDatesPerLocale) {
  const PartialDate day = Date(PartialDate::DAY, 2027, 1, 1);
  EXPECT_EQ(*For("nl").Date(day), "1 januari 2027");
  EXPECT_EQ(*For("pl").Date(day), "1 stycznia 2027 r.");
  EXPECT_EQ(*For("ro").Date(day), "1 ianuarie 2027");
  // CLDR puts a narrow no-break space (U+202F) before the Bulgarian year marker.
  EXPECT_EQ(*For("bg").Date(day), "1 януари 2027\u202fг.");
  EXPECT_EQ(*For("en").Date(day), "1 January 2027");
  EXPECT_EQ(*For("hu").Date(day), "2027. január 1.");
  EXPECT_EQ(*For("lt").Date(day), "2027 m. sausio 1 d.");
}

TEST_F(LocalizerTest, HungarianAndLithuanianDatesAtEveryPrecision) {
  EXPECT_EQ(*For("hu").Date(Date(PartialDate::MONTH, 2025, 6)), "2025. június");
  EXPECT_EQ(*For("lt").Date(Date(PartialDate::MONTH, 2025, 6)), "2025 m. birželio mėn.");
  EXPECT_EQ(*For("hu").Date(Date(PartialDate::PERIOD, 2026, 0, 0, PartialDate::BEGIN)), "2026 eleje");
  EXPECT_EQ(*For("lt").Date(Date(PartialDate::PERIOD, 2026, 0, 0, PartialDate::BEGIN)), "2026 m. pradžia");
  EXPECT_EQ(*For("hu").Date(Date(PartialDate::PERIOD, 2025, 0, 0, PartialDate::END)), "2025 vége");
  EXPECT_EQ(*For("lt").Date(Date(PartialDate::PERIOD, 2025, 0, 0, PartialDate::END)), "2025 m. pabaiga");
  EXPECT_EQ(*For("hu").Date(Date(PartialDate::YEAR, 2026)), "2026");
  EXPECT_EQ(*For("lt").Date(Date(PartialDate::YEAR, 2026)), "2026 m.");
}

TEST_F(LocalizerTest, DatesKeepThePrecisionOfTheSource) {
  const PartialDate month = Date(PartialDate::MONTH, 2025, 6);
  EXPECT_EQ(*For("nl").Date(month), "juni 2025");
  EXPECT_EQ(*For("bg").Date(month), "юни 2025\u202fг.");
  const PartialDate begin = Date(PartialDate::PERIOD, 2026, 0, 0, PartialDate::BEGIN);
  EXPECT_EQ(*For("nl").Date(begin), "begin 2026");
  EXPECT_EQ(*For("pl").Date(begin), "początek 2026 r.");
  EXPECT_EQ(*For("ro").Date(begin), "începutul anului 2026");
  EXPECT_EQ(*For("bg").Date(begin), "началото на 2026 г.");
  EXPECT_EQ(*For("en").Date(begin), "early 2026");
  EXPECT_EQ(*For("nl").Date(Date(PartialDate::PERIOD, 2026, 0, 0, PartialDate::SPRING)), "voorjaar 2026");
  EXPECT_EQ(*For("nl").Date(Date(PartialDate::PERIOD, 2025, 0, 0, PartialDate::END)), "eind 2025");
  // A year is never printed with digit grouping ("2 026").
  EXPECT_EQ(*For("pl").Date(Date(PartialDate::YEAR, 2026)), "2026 r.");
  EXPECT_EQ(*For("nl").Date(Date(PartialDate::YEAR, 2026)), "2026");
}

TEST_F(LocalizerTest, EuroAmountsPerLocale) {
  EXPECT_EQ(For("nl").Euros(5000), "€\u00a05.000,00");
  EXPECT_EQ(For("pl").Euros(5000), "5000,00\u00a0€");
  EXPECT_EQ(For("ro").Euros(12400000), "12.400.000,00\u00a0EUR");  // CLDR's Romanian writes the code
  EXPECT_EQ(For("bg").Euros(9100000.5), "9\u00a0100\u00a0000,50\u00a0€");
  EXPECT_EQ(For("en").Euros(5000), "€5,000.00");
  EXPECT_EQ(For("nl").Integer(3409), "3.409");
}

TEST_F(LocalizerTest, SortsInTheLocalesAlphabeticalOrder) {
  std::vector<std::string> bulgarian = {"Ябълка", "Банан", "Ами", "Вишна", "Щъркел", "Юг"};
  For("bg").Sort(bulgarian);
  EXPECT_THAT(bulgarian, ElementsAre("Ами", "Банан", "Вишна", "Щъркел", "Юг", "Ябълка"));

  std::vector<std::string> polish = {"Żaba", "Zebra", "Łódź", "Lublin", "Ćma", "Cebula", "Źródło"};
  For("pl").Sort(polish);
  EXPECT_THAT(polish, ElementsAre("Cebula", "Ćma", "Lublin", "Łódź", "Zebra", "Źródło", "Żaba"));
}

TEST_F(LocalizerTest, AMissingKeyFallsBackToDutchAndSaysSo) {
  testing::TempDir dir;
  for (const std::string& locale : SupportedLocales()) {
    std::ofstream(dir.File(locale + ".textproto"))
        << "locale: \"" << locale << "\"\n"
        << (locale == "nl" ? "messages { key: \"only.dutch\" text: \"Alleen in het Nederlands\" }\n" : "")
        << "messages { key: \"everywhere\" text: \"" << locale << "\" }\n";
  }
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(dir.path().string());
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  Localizer pl = *Localizer::Create(*catalogs, "pl");
  absl::StatusOr<Localized> fallback = pl.Message("only.dutch");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->text, "Alleen in het Nederlands");
  EXPECT_TRUE(fallback->fell_back);
  EXPECT_FALSE(pl.Message("everywhere")->fell_back);
  EXPECT_EQ(pl.Message("nowhere").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LocalizerTest, UnknownLocalesAreRefusedListingTheSupportedOnes) {
  absl::StatusOr<Localizer> de = Localizer::Create(*catalogs_, "de");
  EXPECT_EQ(de.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::ErrorText(de.status()), "locale \"de\" is not supported; use one of nl, pl, ro, bg, hu, lt, en");
}

TEST_F(LocalizerTest, DataTextsUseCurrentTranslationsOnly) {
  monitor::v1::DataSet data = testing::SmallDataSet();
  monitor::v1::Measure measure = data.measures(0);  // werk-1: its pl title was made from other Dutch
  Localized stale = For("pl").Text(measure.title());
  EXPECT_EQ(stale.text, "Toelatingsstelsel");
  EXPECT_TRUE(stale.fell_back);
  (*measure.mutable_title()->mutable_translations())["pl"].set_source_fingerprint("fe05b0e61e4139ed");
  // FNV-1a 64 of "Toelatingsstelsel", worked out independently.
  Localized current = For("pl").Text(measure.title());
  EXPECT_EQ(current.text, "System dopuszczenia");
  EXPECT_FALSE(current.fell_back);
  EXPECT_FALSE(For("nl").Text(measure.title()).fell_back);
  EXPECT_TRUE(For("ro").Text(measure.title()).fell_back);  // missing
}

TEST_F(LocalizerTest, SummariesFormatTheirMilestonesAsDatesOfTheTextsLanguage) {
  monitor::v1::Measure measure = testing::SmallDataSet().measures(0);
  EXPECT_EQ(For("nl").Summary(measure)->text, "Vanaf 1 januari 2027 geldt een toelating.");
  // No Bulgarian summary: the Dutch one, with a Dutch date.
  absl::StatusOr<Localized> bg = For("bg").Summary(measure);
  EXPECT_EQ(bg->text, "Vanaf 1 januari 2027 geldt een toelating.");
  EXPECT_TRUE(bg->fell_back);
}

// "… od 1 stycznia 2027 r.." is a typing error: the date's abbreviation ends the sentence.
TEST_F(LocalizerTest, ADateAtTheEndOfASentenceTakesOnePeriod) {
  monitor::v1::Measure measure = testing::SmallDataSet().measures(0);
  auto& polish = (*measure.mutable_summary()->mutable_translations())["pl"];
  polish.set_source_fingerprint(Fingerprint(measure.summary().nl()));
  polish.set_text("Zezwolenia od {invoering}. Do {invoering} obowiązują stare zasady.");
  EXPECT_EQ(For("pl").Summary(measure)->text,
            "Zezwolenia od 1 stycznia 2027 r. Do 1 stycznia 2027 r. obowiązują stare zasady.");
  // A date without a final period keeps the sentence's.
  EXPECT_EQ(For("nl").Summary(measure)->text, "Vanaf 1 januari 2027 geldt een toelating.");
}

TEST(CatalogsTest, AMalformedCatalogIsAStartupErrorNamingFileKeyAndReason) {
  testing::TempDir dir;
  for (const std::string& locale : SupportedLocales()) {
    std::ofstream(dir.File(locale + ".textproto"))
        << "locale: \"" << locale << "\"\n"
        << "messages { key: \"count\" text: \""
        << (locale == "ro" ? "{count, plural, one {# măsură} other {# de măsuri}" : "{count}") << "\" }\n";
  }
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(dir.path().string());
  EXPECT_EQ(catalogs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(catalogs.status()), HasSubstr("ro.textproto:count: not valid ICU MessageFormat"));
}

TEST(CatalogsTest, AMissingOrMislabelledCatalogIsAStartupError) {
  testing::TempDir dir;
  EXPECT_EQ(Catalogs::Load(dir.path().string()).status().code(), absl::StatusCode::kNotFound);
  for (const std::string& locale : SupportedLocales()) {
    std::ofstream(dir.File(locale + ".textproto")) << "locale: \"" << (locale == "bg" ? "ru" : locale) << "\"\n";
  }
  EXPECT_THAT(testing::ErrorText(Catalogs::Load(dir.path().string()).status()),
              HasSubstr("bg.textproto:locale: says \"ru\""));
}

TEST(CatalogsTest, CatalogsFromTextsAreCheckedLikeFiles) {
  std::map<std::string, std::string> texts;
  for (const std::string& locale : SupportedLocales()) {
    texts[locale] = "locale: \"" + locale + "\" messages { key: \"hello\" text: \"{name}: " + locale + "\" }";
  }
  absl::StatusOr<Catalogs> catalogs = Catalogs::FromTexts(texts);
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  EXPECT_EQ(Localizer::Create(*catalogs, "ro")->Message("hello", MessageArgs().Text("name", "Ana"))->text, "Ana: ro");

  texts["ro"] = "locale: \"ro\" messages { key: \"hello\" text: \"{name\" }";
  EXPECT_THAT(testing::ErrorText(Catalogs::FromTexts(texts).status()),
              HasSubstr("ro.textproto:hello: not valid ICU MessageFormat"));
  texts.erase("ro");
  EXPECT_EQ(testing::ErrorText(Catalogs::FromTexts(texts).status()), "ro.textproto: no catalog text");
}

}  // namespace
}  // namespace werkmonitor
