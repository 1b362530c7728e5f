#include "i18n/lint.h"

#include <fstream>

#include "absl/strings/str_join.h"
#include "domain/fingerprint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> Lines(const std::vector<LintFinding>& findings) {
  std::vector<std::string> lines;
  for (const auto& f : findings) lines.push_back(f.ToString());
  return lines;
}

// Writes a catalog per locale; `body` maps locale to its messages (text format).
void WriteCatalogs(const testing::TempDir& dir, const std::map<std::string, std::string>& body) {
  for (const std::string& locale : SupportedLocales()) {
    std::ofstream(dir.File(locale + ".textproto")) << "locale: \"" << locale << "\"\n"
                                                   << (body.count(locale) ? body.at(locale) : body.at("*"));
  }
}

TEST(LintTest, TheRepositorysCatalogsAndTranslationsAreClean) {
  EXPECT_THAT(Lines(LintCatalogs(DefaultCatalogDir())), IsEmpty());
}

TEST(LintTest, FindsMissingExtraAndMalformedMessages) {
  testing::TempDir dir;
  WriteCatalogs(dir, {{"nl", "messages { key: \"a\" text: \"A\" } messages { key: \"b\" text: \"B {x}\" }\n"},
                      {"pl", "messages { key: \"a\" text: \"A\" } messages { key: \"c\" text: \"C\" }\n"},
                      {"*", "messages { key: \"a\" text: \"{oops\" } messages { key: \"b\" text: \"B {y}\" }\n"}});
  const std::vector<std::string> lines = Lines(LintCatalogs(dir.path().string()));
  const std::string pl = dir.File("pl.textproto"), ro = dir.File("ro.textproto");
  EXPECT_THAT(lines, Contains(pl + ":b: missing (the Dutch catalog has it)"));
  EXPECT_THAT(lines, Contains(pl + ":c: not in the Dutch catalog"));
  EXPECT_THAT(lines, Contains(HasSubstr(ro + ":a: not an ICU MessageFormat pattern")));
  EXPECT_THAT(lines, Contains(ro + ":b: arguments {y} differ from the Dutch {x}"));
}

TEST(LintTest, FindsPluralsWithoutTheLocalesCategories) {
  testing::TempDir dir;
  const std::string two = "messages { key: \"n\" text: \"{n, plural, one {# x} other {# y}}\" }\n";
  WriteCatalogs(dir, {{"*", two}, {"ro", "messages { key: \"n\" text: \"{n, plural, one {# x} few {# y}}\" }\n"}});
  const std::vector<std::string> lines = Lines(LintCatalogs(dir.path().string()));
  EXPECT_THAT(lines,
              Contains(dir.File("pl.textproto") + ":n: plural {n} lacks few, many (pl needs few, many, one, other)"));
  EXPECT_THAT(lines,
              Contains(dir.File("lt.textproto") + ":n: plural {n} lacks few, many (lt needs few, many, one, other)"));
  // ICU itself refuses a plural without `other`.
  EXPECT_THAT(lines, Contains(dir.File("ro.textproto") +
                              ":n: not an ICU MessageFormat pattern (U_DEFAULT_KEYWORD_MISSING at 1:1)"));
  EXPECT_EQ(lines.size(), 3u) << absl::StrJoin(lines, "\n");
}

TEST(LintTest, EveryCatalogHasTheDutchTermsAndUsesTheirRenderings) {
  testing::TempDir dir;
  const std::string terms = "terms { id: \"bsn\" name: \"BSN\" forms: \"BSN\" explanation: \"Uw nummer.\" }\n";
  WriteCatalogs(dir, {{"*", "messages { key: \"m\" text: \"Uw BSN\" }\n" + terms},
                      {"pl", "messages { key: \"m\" text: \"Twój numer\" }\n"
                             "terms { id: \"bsn\" name: \"numer BSN\" forms: \"numer* BSN\" explanation: \"Twój numer.\" }\n"},
                      {"ro", "messages { key: \"m\" text: \"Uw BSN\" }\n"},
                      {"bg", "messages { key: \"m\" text: \"BSN\" }\n" + terms +
                             "terms { id: \"x\" name: \"x\" forms: \"x\" explanation: \"" + std::string(400, 'x') + "\" }\n"}});
  const std::vector<std::string> lines = Lines(LintCatalogs(dir.path().string()));
  EXPECT_THAT(lines, Contains(dir.File("pl.textproto") +
                              ":m: the Dutch names bsn but the text has none of its approved forms (\"numer* BSN\")"));
  EXPECT_THAT(lines, Contains(dir.File("ro.textproto") + ":terms[bsn]: missing (the Dutch catalog has it)"));
  EXPECT_THAT(lines, Contains(dir.File("bg.textproto") + ":terms[x]: not in the Dutch catalog"));
  EXPECT_THAT(lines, Contains(HasSubstr(dir.File("bg.textproto") + ":terms[x]: the explanation is longer than the box allows")));
  // Where the rendering is the Dutch abbreviation itself, the text is right.
  EXPECT_THAT(lines, ::testing::Not(Contains(HasSubstr(dir.File("hu.textproto") + ":m:"))));
}

TEST(LintTest, RomanianNeedsTheCommaBelow) {
  EXPECT_THAT(CheckScript("ro", "Inspecția Muncii"), IsEmpty());
  EXPECT_THAT(CheckScript("ro", "Inspecţia Muncii şi"),
              ::testing::ElementsAre("cedilla ţ (U+0163) instead of ț (U+021B): Romanian uses the comma below",
                                     "cedilla ş (U+015F) instead of ș (U+0219): Romanian uses the comma below"));
}

TEST(LintTest, BulgarianWordsDoNotMixScripts) {
  EXPECT_THAT(CheckScript("bg", "Work in NL помага на Вас, вижте DigiD."), IsEmpty());
  // "мaрка" with a Latin "a" (U+0061) in the middle.
  EXPECT_THAT(CheckScript("bg", "Една мaрка"),
              ::testing::ElementsAre("the word \"мaрка\" mixes Latin and Cyrillic letters"));
}

TEST(LintTest, FindsMissingAndStaleDataTranslations) {
  monitor::v1::DataSet data = testing::SmallDataSet();
  const std::vector<std::string> lines = Lines(LintDataTranslations(data, "data"));
  // werk-1's Polish title was made from another Dutch text; nothing else is translated.
  EXPECT_THAT(lines, Contains(HasSubstr("data/translations/pl.textproto:werk-1.title: stale: made from Dutch "
                                        "0000000000000000, the Dutch text is now fe05b0e61e4139ed")));
  EXPECT_THAT(lines, Contains("data/translations/bg.textproto:werk-1.summary: no translation"));
  EXPECT_THAT(lines, Contains("data/translations/en.textproto:werk-1.milestones.invoering.label: no translation"));
  EXPECT_THAT(lines, Contains("data:werk-2.summary: no Dutch summary"));
}

TEST(LintTest, SummaryArgumentsAreTheMeasuresMilestones) {
  monitor::v1::DataSet data = testing::SmallDataSet();
  data.mutable_measures(0)->mutable_summary()->set_nl("Vanaf {invoeringsdatum} geldt een toelating.");
  EXPECT_THAT(Lines(LintDataTranslations(data, "data")),
              Contains("data:werk-1.summary: {invoeringsdatum} is not a milestone of werk-1"));
}

TEST(LintTest, DepartmentNamesAreTranslatedLikeTitles) {
  monitor::v1::DataSet data = testing::SmallDataSet();
  monitor::v1::Department* department = data.add_departments();
  department->set_code("SZW");
  department->mutable_name()->set_nl("Ministerie van Sociale Zaken en Werkgelegenheid");
  auto& translations = *department->mutable_name()->mutable_translations();
  translations["en"].set_text("Ministry of Social Affairs and Employment");
  translations["en"].set_source_fingerprint(Fingerprint(department->name().nl()));
  translations["pl"].set_text("Ministerstwo Spraw Społecznych");
  translations["pl"].set_source_fingerprint(Fingerprint("Ministerie van Sociale Zaken"));
  translations["ro"].set_text("Ministerul Afacerilor Sociale şi Ocupării Forţei de Muncă");
  translations["ro"].set_source_fingerprint(Fingerprint(department->name().nl()));
  const std::vector<std::string> lines = Lines(LintDataTranslations(data, "data"));
  EXPECT_THAT(lines, Contains("data/translations/bg.textproto:departments.SZW.name: no translation"));
  EXPECT_THAT(lines,
              Contains(HasSubstr("data/translations/pl.textproto:departments.SZW.name: stale: made from Dutch ")));
  EXPECT_THAT(lines, Contains(HasSubstr("data/translations/ro.textproto:departments.SZW.name: cedilla ş (U+015F)")));
  EXPECT_THAT(lines, ::testing::Not(Contains(HasSubstr("en.textproto:departments.SZW"))));
}

// The data's translations against the repository's term base: a current translation that drops the
// approved rendering of a term its Dutch names is named; a stale one is left to the stale check.
TEST(LintTest, DataTranslationsUseTheTermBasesRenderings) {
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultCatalogDir());
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  monitor::v1::DataSet data = testing::SmallDataSet();
  monitor::v1::Measure& measure = *data.mutable_measures(0);
  measure.mutable_title()->set_nl("De Tweede Kamer stemt over de toelating");
  auto& title = (*measure.mutable_title()->mutable_translations());
  title["pl"].set_text("Parlament głosuje nad zezwoleniami");
  title["pl"].set_source_fingerprint(Fingerprint(measure.title().nl()));
  title["ro"].set_text("Parlamentul votează");
  title["ro"].set_source_fingerprint(Fingerprint("an earlier Dutch title"));
  title["en"].set_text("The House of Representatives (Tweede Kamer) votes on the licences");
  title["en"].set_source_fingerprint(Fingerprint(measure.title().nl()));
  const std::vector<std::string> lines = Lines(LintTermUse(data, "data", *catalogs));
  EXPECT_THAT(lines, Contains(HasSubstr("data/translations/pl.textproto:werk-1.title: the Dutch names tweede-kamer "
                                        "but the text has none of its approved forms")));
  EXPECT_THAT(lines, ::testing::Not(Contains(HasSubstr("ro.textproto:werk-1.title"))));
  EXPECT_THAT(lines, ::testing::Not(Contains(HasSubstr("en.textproto:werk-1.title"))));
}

}  // namespace
}  // namespace werkmonitor
