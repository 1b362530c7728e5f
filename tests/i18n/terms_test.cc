#include "i18n/terms.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"

namespace werkmonitor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TermBase Terms(const std::string& locale, const std::string& text) {
  i18n::v1::Catalog catalog;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &catalog)) << text;
  absl::StatusOr<TermBase> base = TermBase::Create(locale, catalog.terms(), locale + ".textproto");
  EXPECT_TRUE(base.ok()) << base.status();
  return base.ok() ? *base : TermBase();
}

const char kDutch[] = R"pb(
  terms { id: "bsn" name: "BSN" forms: "BSN" forms: "burgerservicenummer*" }
  terms { id: "gemeente" name: "gemeente" forms: "gemeente*" }
  terms { id: "tweede-kamer" name: "Tweede Kamer" forms: "Tweede Kamer*" }
)pb";
const char kPolish[] = R"pb(
  terms { id: "bsn" name: "numer BSN" forms: "numer* BSN" }
  terms { id: "gemeente" name: "gmina" forms: "gmin*" }
  terms { id: "tweede-kamer" name: "Tweede Kamer" forms: "Tweede Kamer (niższ* izb* parlamentu)" }
)pb";

// The text between an occurrence's offsets (UTF-16 code units: every letter here is one).
std::vector<std::string> Found(const TermBase& base, const std::u16string& text) {
  std::string utf8;
  for (char16_t c : text) {
    if (c < 0x80) {
      utf8 += static_cast<char>(c);
    } else {  // two-byte UTF-8 suffices for these tests' letters
      utf8 += static_cast<char>(0xC0 | (c >> 6));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  std::vector<std::string> found;
  for (const TermBase::Occurrence& o : base.Find(utf8)) {
    std::u16string part = text.substr(o.begin, o.end - o.begin);
    found.push_back(o.term->id() + ":" + std::string(part.begin(), part.end()));  // ASCII parts only
  }
  return found;
}

TEST(TermBaseTest, FormsMatchWholeWordsWithTheirEndingsIgnoringCase) {
  const TermBase polish = Terms("pl", kPolish);
  EXPECT_THAT(Found(polish, u"Podaj numeru BSN w GMINIE."), ElementsAre("bsn:numeru BSN", "gemeente:GMINIE"));
  // Not inside another word, and the literal part must be whole: "numerBSN" and "gminnaBSN" are not forms.
  EXPECT_THAT(Found(polish, u"numerBSN, Xgmina, agminy"), IsEmpty());
  // Spaces of any length, even a line break, stand for the form's space.
  EXPECT_THAT(Found(polish, u"numer\n  BSN"), SizeIs(1));
}

TEST(TermBaseTest, TheLongestFormWinsWhereFormsOverlap) {
  const TermBase dutch = Terms("nl", R"pb(
    terms { id: "rni" name: "RNI" forms: "RNI" forms: "Registratie Niet-Ingezetenen (RNI)" }
  )pb");
  EXPECT_THAT(Found(dutch, u"de Registratie Niet-Ingezetenen (RNI) en RNI"),
              ElementsAre("rni:Registratie Niet-Ingezetenen (RNI)", "rni:RNI"));
}

TEST(TermBaseTest, TermsInListsEachTermOnceInOrderOfAppearance) {
  const TermBase dutch = Terms("nl", kDutch);
  std::vector<std::string> ids;
  for (const i18n::v1::Term* term : dutch.TermsIn({"De gemeente vraagt uw BSN.", "Uw burgerservicenummer en de gemeenten"})) {
    ids.push_back(term->id());
  }
  EXPECT_THAT(ids, ElementsAre("gemeente", "bsn"));
}

TEST(TermBaseTest, BadTermsAreRefusedNamingTheTermAndField) {
  i18n::v1::Catalog catalog;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(terms { id: "bsn" name: "BSN" forms: "*" })pb", &catalog));
  EXPECT_THAT(TermBase::Create("pl", catalog.terms(), "pl.textproto").status().message(),
              HasSubstr("pl.textproto:terms[bsn].forms: \"*\" matches any word"));
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(terms { id: "bsn" name: "BSN" forms: "nu*mer" })pb",
                                                            &catalog));
  EXPECT_THAT(TermBase::Create("pl", catalog.terms(), "pl.textproto").status().message(),
              HasSubstr("pl.textproto:terms[bsn].forms: \"nu*mer\" a \"*\" must end a word"));
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(terms { id: "bsn" name: "BSN" forms: "BSN" } terms { id: "bsn" name: "x" forms: "x" })pb", &catalog));
  EXPECT_THAT(TermBase::Create("pl", catalog.terms(), "pl.textproto").status().message(),
              HasSubstr("terms[bsn]: the id appears twice"));
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(R"pb(terms { id: "bsn" forms: "BSN" })pb", &catalog));
  EXPECT_THAT(TermBase::Create("pl", catalog.terms(), "pl.textproto").status().message(), HasSubstr("terms[bsn].name: empty"));
}

TEST(CheckTermUseTest, ATermTheDutchNamesNeedsItsApprovedRendering) {
  const TermBase dutch = Terms("nl", kDutch), polish = Terms("pl", kPolish);
  EXPECT_THAT(CheckTermUse(dutch, polish, "De Tweede Kamer stemde in.",
                           "Tweede Kamer (niższa izba parlamentu) zagłosowała za."),
              IsEmpty());
  // "Parliament adopted": the reader would think the law is final.
  EXPECT_THAT(CheckTermUse(dutch, polish, "De Tweede Kamer stemde in.", "Parlament przyjął ustawę."),
              ElementsAre(HasSubstr("the Dutch names tweede-kamer but the text has none of its approved forms "
                                    "(\"Tweede Kamer (niższ* izb* parlamentu)\")")));
  // A text whose Dutch names no term may use any words.
  EXPECT_THAT(CheckTermUse(dutch, polish, "Het loon gaat omhoog.", "Płace rosną."), IsEmpty());
}

TEST(CheckTermUseTest, ABareDutchNameOutsideTheApprovedRenderingIsAFault) {
  const TermBase dutch = Terms("nl", kDutch), polish = Terms("pl", kPolish);
  EXPECT_THAT(CheckTermUse(dutch, polish, "Uw BSN staat op de brief.", "Twój numer BSN jest w liście."), IsEmpty());
  // The rendering is there once, but the second "BSN" stands alone, unexplained.
  EXPECT_THAT(CheckTermUse(dutch, polish, "Uw BSN staat op de brief.", "Twój numer BSN: BSN jest w liście."),
              ElementsAre(HasSubstr("\"BSN\" (bsn) stands without its approved rendering (\"numer* BSN\")")));
  // A Dutch word the Dutch source does not even use is found as well.
  EXPECT_THAT(CheckTermUse(dutch, polish, "De brief.", "List z gemeente."),
              ElementsAre(HasSubstr("\"gemeente\" (gemeente) stands without its approved rendering")));
}

TEST(CheckTermUseTest, ATermMissingFromTheTranslatedCatalogIsNamed) {
  const TermBase dutch = Terms("nl", kDutch);
  const TermBase polish = Terms("pl", R"pb(terms { id: "gemeente" name: "gmina" forms: "gmin*" })pb");
  EXPECT_THAT(CheckTermUse(dutch, polish, "Uw BSN.", "Twój numer."),
              ElementsAre(HasSubstr("none: the term is missing from the catalog")));
}

MATCHER_P4(Entry, id, term, translations, definition, "") {
  return arg.id == id && arg.term == term && arg.translations == translations && arg.definition == definition;
}

TEST(GlossaryOfTest, TheTermsTheDutchNamesWithTheirApprovedRenderings) {
  const TermBase dutch = Terms("nl", kDutch);
  const TermBase polish = Terms("pl", R"pb(
    terms { id: "bsn" name: "numer BSN" forms: "numer* BSN" forms: "numer BSN" explanation: "Twój numer." }
    terms { id: "gemeente" name: "gmina" forms: "gmin*" }
  )pb");
  // In order of first appearance, each once, over every segment; the name is not repeated as a form.
  EXPECT_THAT(GlossaryOf(dutch, polish, {"Uw gemeente.", "Uw BSN, uw burgerservicenummer en de gemeenten."}),
              ElementsAre(Entry("gemeente", "gemeente", std::vector<std::string>{"gmina", "gmin*"}, ""),
                          Entry("bsn", "BSN", std::vector<std::string>{"numer BSN", "numer* BSN"}, "Twój numer.")));
  // A term the translated catalog lacks has no entry (it could have no translation).
  EXPECT_THAT(GlossaryOf(dutch, polish, {"De Tweede Kamer."}), IsEmpty());
  EXPECT_THAT(GlossaryOf(dutch, polish, {"Het loon."}), IsEmpty());
}

TranslationUnit Unit(const std::string& id, std::vector<std::string> source, std::vector<std::string> target) {
  TranslationUnit unit;
  unit.id = id;
  unit.source = std::move(source);
  unit.target = std::move(target);
  unit.source_fingerprint = "f-" + id;
  return unit;
}

TEST(CheckUnitTermsTest, RefusesUnitsThatBreakTheTermBaseNamingUnitAndTerm) {
  const TermBase dutch = Terms("nl", kDutch), polish = Terms("pl", kPolish);
  const std::vector<TranslationUnit> current = {Unit("a", {"De Tweede Kamer stemde in."}, {}),
                                                Unit("b", {"Uw BSN.", "Bij de gemeente."}, {}),
                                                Unit("c", {"Het loon."}, {})};
  const std::vector<TranslationUnit> incoming = {
      Unit("a", {}, {"Parlament przyjął ustawę."}),
      // The segments are checked together: the term may stand in another segment than in the Dutch.
      Unit("b", {}, {"Twój numer BSN w gminie.", "BSN i gmina."}), Unit("c", {}, {"Płace."})};
  EXPECT_THAT(CheckUnitTerms(dutch, polish, current, incoming),
              ElementsAre(std::pair<std::string, std::string>(
                              "a",
                              "the Dutch names tweede-kamer but the text has none of its approved forms "
                              "(\"Tweede Kamer (niższ* izb* parlamentu)\")"),
                          std::pair<std::string, std::string>(
                              "b", "\"BSN\" (bsn) stands without its approved rendering (\"numer* BSN\")")));
  // Checked against the Dutch as it is now, not the file's copy: a file whose source a tool emptied
  // is refused all the same.
  std::vector<TranslationUnit> edited = {Unit("a", {"Het parlement."}, {"Parlament przyjął ustawę."})};
  EXPECT_THAT(CheckUnitTerms(dutch, polish, current, edited), SizeIs(1));
  // A unit of another id, or made from another Dutch, is CheckUnits' to refuse.
  edited = {Unit("x", {}, {"Parlament."}), Unit("a", {}, {"Parlament."})};
  edited[1].source_fingerprint = "older";
  EXPECT_THAT(CheckUnitTerms(dutch, polish, current, edited), IsEmpty());
}

TEST(TermBaseTest, EveryCatalogOfTheRepositoryHasACompilingTermBase) {
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultCatalogDir());
  ASSERT_TRUE(catalogs.ok()) << catalogs.status();
  EXPECT_GE(catalogs->Terms("nl").terms().size(), 30u);
  // The Dutch names of a term find it in a Dutch text.
  EXPECT_THAT(catalogs->Terms("nl").TermsIn({"Inschrijving in de BRP bij de gemeente"}), SizeIs(2));
}

}  // namespace
}  // namespace werkmonitor
