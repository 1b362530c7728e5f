// The catalogs as translation files, offline: the missing and stale messages of a locale out, a
// translated file back in, checked unit by unit and written into the catalog all or nothing.
#include "i18n/catalog_xliff.h"

#include <fstream>
#include <sstream>

#include "common/files.h"
#include "domain/fingerprint.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "i18n/catalog_stamps.h"
#include "i18n/lint.h"
#include "i18n/xliff.h"
#include "tests/support/glossary.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::ElementsAre;
using testing::GlossEntryXml;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::RepositoryTerm;

constexpr char kDutch[] = R"(locale: "nl"
messages { key: "a" text: "Afgerond" note: "Status label." }
messages { key: "b" text: "{count, plural, one {# maatregel} other {# maatregelen}}" note: "count: a number." }
messages { key: "c" text: "Pagina {page} van {pages}" note: "Page footer." }
)";

// An export's glossaries and an import's term check need a term base that compiles.
constexpr char kPolishTerms[] = "terms { id: \"bsn\" name: \"numer BSN\" forms: \"numer* BSN\" }\n";

class CatalogXliffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("nl.textproto")) << kDutch;
    // a is current; b was translated from an earlier Dutch message; c is missing.
    polish_ =
        absl::StrCat("locale: \"pl\"\n# Statuses\nmessages { key: \"a\" text: \"Zakończone\" source_fingerprint: \"",
                     Fingerprint("Afgerond"), "\" }\nmessages { key: \"b\" text: \"{count} działań\" ",
                     "source_fingerprint: \"0000000000000000\" }  # to be redone\n\n", kPolishTerms);
    std::ofstream(dir_.File("pl.textproto")) << polish_;
  }

  std::string Catalogs() const { return dir_.path().string(); }
  std::string Polish() const { return *ReadFile(dir_.File("pl.textproto")); }

  // Exports pl, and returns the file's units with `targets` (by id) as a translator confirmed them.
  std::string Translated(const std::map<std::string, std::string>& targets) {
    const std::string file = dir_.File("pl.xlf");
    EXPECT_EQ(*ExportCatalogXliff(Catalogs(), "pl", file), 2);
    absl::StatusOr<XliffRead> read = ReadXliff(*ReadFile(file));
    EXPECT_TRUE(read.ok()) << read.status();
    XliffDocument document{.file_id = read->file_id, .target_locale = read->target_locale, .units = {}};
    for (const XliffUnit& unit : read->units) {
      TranslationUnit& translated = document.units.emplace_back(unit.unit);
      translated.kind = UnitKind::kCatalogMessage;
      translated.target = {targets.at(unit.unit.id)};
      translated.state = TranslationState::kCurrent;  // confirmed: written as translated
    }
    EXPECT_TRUE(WriteFileAtomically(file, *WriteXliff(document)).ok());
    return file;
  }

  absl::Status Import(const std::string& file, std::string* report = nullptr) {
    std::ostringstream out;
    absl::Status status = ImportCatalogXliff(Catalogs(), file, out);
    if (report != nullptr) *report = out.str();
    return status;
  }

  testing::TempDir dir_;
  std::string polish_;
};

TEST_F(CatalogXliffTest, ExportsTheMissingAndStaleMessagesWithTheirNotes) {
  const std::string file = dir_.File("pl.xlf");
  ASSERT_EQ(*ExportCatalogXliff(Catalogs(), "pl", file), 2);
  const std::string xliff = *ReadFile(file);
  EXPECT_THAT(xliff, HasSubstr("<file id=\"catalog\" canResegment=\"no\">"));
  EXPECT_THAT(xliff, HasSubstr("<note category=\"description\">user-interface message: ICU MessageFormat: keep each "
                               "inline code; a plural needs every plural category of the language. count: a number. "
                               "At most 600 characters.</note>"));
  EXPECT_THAT(xliff, HasSubstr("<target xml:space=\"preserve\"><ph id=\"6\" dataRef=\"d5\" disp=\"{count}\""));
  EXPECT_THAT(xliff, ::testing::Not(HasSubstr("<unit id=\"a\">")));
  // Unchanged, it changes nothing: the old translation is not confirmed, the missing one is empty.
  std::string report;
  ASSERT_TRUE(Import(file, &report).ok());
  EXPECT_EQ(report, dir_.File("pl.textproto") +
                        ": 0 applied, 0 unchanged, 2 not translated (no target, or its "
                        "state is initial)\n");
  EXPECT_EQ(Polish(), polish_);
}

TEST_F(CatalogXliffTest, ARoundTripWritesTheTranslationsStampedAndKeepsTheRest) {
  const std::string b = "{count, plural, one {# działanie} few {# działania} many {# działań} other {# działania}}";
  const std::string file = Translated({{"b", b}, {"c", "Strona {page} z {pages}"}});
  std::string report;
  ASSERT_TRUE(Import(file, &report).ok()) << report;
  EXPECT_EQ(report, "  applied    b\n  applied    c\n" + dir_.File("pl.textproto") +
                        ": 2 applied, 0 unchanged, 0 not translated (no target, or its state is initial)\n");
  EXPECT_EQ(
      Polish(),
      absl::StrCat("locale: \"pl\"\n# Statuses\nmessages { key: \"a\" text: \"Zakończone\" source_fingerprint: \"",
                   Fingerprint("Afgerond"), "\" }\nmessages { key: \"b\" text: \"", b, "\" source_fingerprint: \"",
                   Fingerprint("{count, plural, one {# maatregel} other {# maatregelen}}"),
                   "\" }  # to be redone\nmessages { key: \"c\" text: \"Strona {page} z {pages}\" "
                   "source_fingerprint: \"",
                   Fingerprint("Pagina {page} van {pages}"), "\" }\n\n", kPolishTerms));
  std::vector<std::string> problems;
  for (const LintFinding& finding : LintCatalogStamps(Catalogs())) {
    if (finding.file == dir_.File("pl.textproto")) problems.push_back(finding.ToString());
  }
  EXPECT_THAT(problems, IsEmpty());
  // Again: nothing left to do.
  ASSERT_TRUE(Import(file, &report).ok());
  EXPECT_THAT(report, HasSubstr(": 0 applied, 2 unchanged, 0 not translated"));
}

TEST_F(CatalogXliffTest, BadUnitsAreRefusedByNameAndNothingIsWritten) {
  auto refused = [&](const std::string& file) {
    std::string report;
    absl::Status status = Import(file, &report);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(status.message()), HasSubstr("refused (listed above); nothing written"));
    EXPECT_EQ(Polish(), polish_);
    return report;
  };
  EXPECT_EQ(refused(Translated(
                {{"b", "{count, plural, one {# działanie} other {# działań}}"}, {"c", "Strona {strona} z {pages}"}})),
            "  refused    b: plural {count} lacks few, many (pl needs few, many, one, other)\n"
            "  refused    c: arguments {pages, strona} differ from the Dutch {page, pages}\n");
  // Made from a Dutch message that has changed since.
  const std::string file =
      Translated({{"b", "{count, plural, one {#} few {#} many {#} other {#}}"}, {"c", "Strona {page} z {pages}"}});
  std::string dutch = kDutch;
  dutch.replace(dutch.find("Pagina"), 6, "Blad");
  ASSERT_TRUE(WriteFileAtomically(dir_.File("nl.textproto"), dutch).ok());
  EXPECT_THAT(refused(file),
              HasSubstr("  refused    c: stale: made from Dutch " + Fingerprint("Pagina {page} van {pages}")));
}

// Catalogs made here with the repository's term bases: the Dutch messages `messages` (key, text)
// and terms, and the terms of `locale` without messages (so all are to be translated).
class CatalogTermsTest : public CatalogXliffTest {
 protected:
  void WriteCatalogs(const std::string& locale, const std::vector<std::pair<std::string, std::string>>& messages) {
    i18n::v1::Catalog dutch, translated;
    dutch.set_locale("nl");
    translated.set_locale(locale);
    for (const auto& [key, text] : messages) {
      i18n::v1::Message& message = *dutch.add_messages();
      message.set_key(key);
      message.set_text(text);
      message.set_note("Test.");
    }
    for (const i18n::v1::Term& term : testing::RepositoryCatalogs().Terms("nl").terms()) *dutch.add_terms() = term;
    for (const i18n::v1::Term& term : testing::RepositoryCatalogs().Terms(locale).terms())
      *translated.add_terms() = term;
    for (const i18n::v1::Catalog* catalog : {&dutch, &translated}) {
      std::string text;
      ASSERT_TRUE(google::protobuf::TextFormat::PrintToString(*catalog, &text));
      ASSERT_TRUE(WriteFileAtomically(dir_.File(catalog->locale() + ".textproto"), text).ok());
    }
  }
};

TEST_F(CatalogTermsTest, AnExportGivesEachMessageAGlossaryOfTheTermsItsDutchNames) {
  WriteCatalogs("hu", {{"d", "Vraag uw BSN aan bij de gemeente."}, {"e", "Pagina {page}"}});
  const std::string file = dir_.File("hu.xlf");
  ASSERT_EQ(*ExportCatalogXliff(Catalogs(), "hu", file), 2);
  const std::string xliff = testing::WithoutIndentation(*ReadFile(file));
  // Each term as the Dutch catalog names it, with the Hungarian catalog's name and forms (the
  // approved renderings) and its explanation.
  EXPECT_THAT(xliff, HasSubstr("</mda:metadata><gls:glossary>" +
                               GlossEntryXml(RepositoryTerm("nl", "bsn"), RepositoryTerm("hu", "bsn")) +
                               GlossEntryXml(RepositoryTerm("nl", "gemeente"), RepositoryTerm("hu", "gemeente")) +
                               "</gls:glossary><notes>"));
  EXPECT_THAT(xliff, HasSubstr("<unit id=\"d\"><mda:metadata>"));
  // A message that names no term has none.
  EXPECT_THAT(xliff, HasSubstr("<unit id=\"e\"><mda:metadata><mda:metaGroup category=\"werkmonitor\"><mda:meta "
                               "type=\"source_fingerprint\">" +
                               Fingerprint("Pagina {page}") + "</mda:meta></mda:metaGroup></mda:metadata><notes>"));
  // Still a translation file as any other: read back, it is the messages' Dutch.
  absl::StatusOr<XliffRead> read = ReadXliff(*ReadFile(file));
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->units.size(), 2u);
  EXPECT_EQ(read->units[0].problem, "");
  EXPECT_THAT(read->units[0].unit.source, ElementsAre("Vraag uw BSN aan bij de gemeente."));
  // Imported as it is, it changes nothing.
  const std::string before = *ReadFile(dir_.File("hu.textproto"));
  std::string report;
  ASSERT_TRUE(Import(file, &report).ok()) << report;
  EXPECT_THAT(report, HasSubstr(": 0 applied, 0 unchanged, 2 not translated"));
  EXPECT_EQ(*ReadFile(dir_.File("hu.textproto")), before);
}

TEST_F(CatalogTermsTest, AnImportThatDropsAnApprovedRenderingIsRefusedNamingUnitAndTerm) {
  WriteCatalogs("pl", {{"law", "Aangenomen door de Tweede Kamer."}, {"page", "Pagina {page}"}});
  const std::string before = Polish();
  // "Parliament adopted": the reader would take the law for final, when only the lower house voted.
  std::string report;
  absl::Status status = Import(Translated({{"law", "Przyjęte przez parlament."}, {"page", "Strona {page}"}}), &report);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("1 unit(s) refused (listed above); nothing written"));
  EXPECT_THAT(report, ::testing::StartsWith("  refused    law: the Dutch names tweede-kamer but the text has none of "
                                            "its approved forms (\""));
  EXPECT_EQ(Polish(), before);
  // With the approved rendering it goes in.
  const std::string approved = "Przyjęte przez " + RepositoryTerm("pl", "tweede-kamer").name() + ".";
  ASSERT_TRUE(Import(Translated({{"law", approved}, {"page", "Strona {page}"}}), &report).ok()) << report;
  EXPECT_THAT(report, HasSubstr("  applied    law\n"));
  EXPECT_THAT(Polish(), HasSubstr(approved));
}

}  // namespace
}  // namespace werkmonitor
