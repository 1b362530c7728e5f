// The catalogs as translation files, offline: the missing and stale messages of a locale out, a
// translated file back in, checked unit by unit and written into the catalog all or nothing.
#include "i18n/catalog_xliff.h"

#include <fstream>
#include <sstream>

#include "common/files.h"
#include "domain/fingerprint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalog_stamps.h"
#include "i18n/lint.h"
#include "i18n/xliff.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kDutch[] = R"(locale: "nl"
messages { key: "a" text: "Afgerond" note: "Status label." }
messages { key: "b" text: "{count, plural, one {# maatregel} other {# maatregelen}}" note: "count: a number." }
messages { key: "c" text: "Pagina {page} van {pages}" note: "Page footer." }
)";

class CatalogXliffTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir_.File("nl.textproto")) << kDutch;
    // a is current; b was translated from an earlier Dutch message; c is missing.
    polish_ =
        absl::StrCat("locale: \"pl\"\n# Statuses\nmessages { key: \"a\" text: \"Zakończone\" source_fingerprint: \"",
                     Fingerprint("Afgerond"), "\" }\nmessages { key: \"b\" text: \"{count} działań\" ",
                     "source_fingerprint: \"0000000000000000\" }  # to be redone\n\nterms { id: \"bsn\" }\n");
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
                   Fingerprint("Pagina {page} van {pages}"), "\" }\n\nterms { id: \"bsn\" }\n"));
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

}  // namespace
}  // namespace werkmonitor
