// Catalog messages record the Dutch they translate: stamping edits the files minimally, and the
// linter reports a translation made from an earlier Dutch message as stale.
#include "i18n/catalog_stamps.h"

#include <fstream>

#include "common/files.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kDutch[] = R"(locale: "nl"
messages { key: "a" text: "Afgerond" note: "Status." }
messages { key: "b" text: "{count, plural, one {# maatregel} other {# maatregelen}}" }
messages { key: "c" text: "Nieuw" }
)";

// A translated catalog as translators write them: comments, messages over two lines, one already
// stamped from an earlier Dutch text, one not in the Dutch catalog.
constexpr char kPolish[] = R"(# proto-file: i18n/v1/catalog.proto
locale: "pl"

# --- Statuses ---
messages { key: "a" text: "Zakończone" }  # said of a measure
messages { key: "b"
  text: "{count, plural, one {# działanie} few {# działania} many {# działań} other {# działania}}" }
	messages { key: "c" source_fingerprint: "0000000000000000" text: "Nowe" }
messages { key: "z" text: "Zbędne" }
)";

class CatalogStampsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const std::string& locale : SupportedLocales()) {
      std::ofstream(dir_.File(locale + ".textproto")) << (locale == kSourceLocale ? kDutch : kPolish);
    }
  }
  std::string Polish() { return *ReadFile(dir_.File("pl.textproto")); }

  testing::TempDir dir_;
};

TEST_F(CatalogStampsTest, StampingInsertsOrReplacesTheFingerprintAndKeepsEverythingElse) {
  absl::StatusOr<std::vector<StampedFile>> stamped = StampCatalogs(dir_.path().string(), {"pl"});
  ASSERT_TRUE(stamped.ok()) << stamped.status();
  ASSERT_EQ(stamped->size(), 1u);
  EXPECT_EQ((*stamped)[0].changed, 3);
  const std::string a = Fingerprint("Afgerond"), c = Fingerprint("Nieuw");
  const std::string b = Fingerprint("{count, plural, one {# maatregel} other {# maatregelen}}");
  EXPECT_EQ(Polish(), R"(# proto-file: i18n/v1/catalog.proto
locale: "pl"

# --- Statuses ---
messages { key: "a" text: "Zakończone" source_fingerprint: ")" +
                          a + R"(" }  # said of a measure
messages { key: "b"
  text: "{count, plural, one {# działanie} few {# działania} many {# działań} other {# działania}}" source_fingerprint: ")" +
                          b + R"(" }
	messages { key: "c" source_fingerprint: ")" +
                          c + R"(" text: "Nowe" }
messages { key: "z" text: "Zbędne" }
)");
  // Only the locales asked for.
  EXPECT_EQ(*ReadFile(dir_.File("ro.textproto")), kPolish);

  // A second run finds nothing to do and leaves the bytes as they are.
  const std::string once = Polish();
  stamped = StampCatalogs(dir_.path().string(), {"pl"});
  ASSERT_TRUE(stamped.ok()) << stamped.status();
  EXPECT_EQ((*stamped)[0].changed, 0);
  EXPECT_EQ(Polish(), once);
}

TEST_F(CatalogStampsTest, AStampedTranslationOfAnEarlierDutchMessageIsStale) {
  auto polish_lines = [&] {
    std::vector<std::string> lines;
    for (const LintFinding& finding : LintCatalogStamps(dir_.path().string())) {
      if (finding.file == dir_.File("pl.textproto")) lines.push_back(finding.key + ": " + finding.reason);
    }
    return lines;
  };
  // Before stamping: c was stamped from another Dutch text, so the catalog counts as stamped.
  EXPECT_THAT(
      polish_lines(),
      ElementsAre("a: not stamped: once it translates the Dutch, run i18n_lint --stamp --locales=pl",
                  "b: not stamped: once it translates the Dutch, run i18n_lint --stamp --locales=pl",
                  "c: stale: translated from Dutch 0000000000000000, the Dutch message is now " + Fingerprint("Nieuw") +
                      "; update the translation, then run i18n_lint --stamp "
                      "--locales=pl"));
  ASSERT_TRUE(StampCatalogs(dir_.path().string(), {}).ok());
  EXPECT_THAT(LintCatalogStamps(dir_.path().string()), IsEmpty());

  // The Dutch changes after the translation was stamped.
  std::string dutch = kDutch;
  dutch.replace(dutch.find("Afgerond"), 8, "Voltooid");
  ASSERT_TRUE(WriteFileAtomically(dir_.File("nl.textproto"), dutch).ok());
  std::vector<std::string> lines;
  for (const LintFinding& finding : LintCatalogStamps(dir_.path().string())) lines.push_back(finding.ToString());
  std::vector<std::string> expected;
  for (const std::string& locale : SupportedLocales()) {
    if (locale == kSourceLocale) continue;
    expected.push_back(dir_.File(locale + ".textproto") + ":a: stale: translated from Dutch " +
                       Fingerprint("Afgerond") + ", the Dutch message is now " + Fingerprint("Voltooid") +
                       "; update the translation, then run i18n_lint --stamp --locales=" + locale);
  }
  EXPECT_EQ(lines, expected);
}

TEST_F(CatalogStampsTest, OnceACatalogIsStampedEveryMessageMustBe) {
  ASSERT_TRUE(StampCatalogs(dir_.path().string(), {"pl"}).ok());
  // A new Dutch message, which a translator adds without stamping it.
  ASSERT_TRUE(
      WriteFileAtomically(dir_.File("nl.textproto"), std::string(kDutch) + "messages { key: \"d\" text: \"D\" }\n")
          .ok());
  ASSERT_TRUE(WriteFileAtomically(dir_.File("pl.textproto"), Polish() + "messages { key: \"d\" text: \"Dé\" }\n").ok());
  std::vector<std::string> lines;
  for (const LintFinding& finding : LintCatalogStamps(dir_.path().string())) {
    if (finding.file == dir_.File("pl.textproto")) lines.push_back(finding.ToString());
  }
  EXPECT_THAT(lines, ElementsAre(dir_.File("pl.textproto") +
                                 ":d: not stamped: once it translates the Dutch, run i18n_lint --stamp --locales=pl"));
}

TEST_F(CatalogStampsTest, EditsReplaceTextsAndAddMessagesAfterTheLast) {
  const std::string catalog = "locale: \"pl\"\nmessages { key: \"a\" text: \"A\" }  # a\nterms { id: \"bsn\" }\n";
  absl::StatusOr<std::string> edited =
      EditCatalogText(catalog, "pl.textproto",
                      {{"a", "Zakończone \"już\"", "1111111111111111"}, {"n", "Nowy\nwiersz", "2222222222222222"}});
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(*edited,
            "locale: \"pl\"\nmessages { key: \"a\" text: \"Zakończone \\\"już\\\"\" source_fingerprint: "
            "\"1111111111111111\" }"
            "  # a\nmessages { key: \"n\" text: \"Nowy\\nwiersz\" source_fingerprint: \"2222222222222222\" }\n"
            "terms { id: \"bsn\" }\n");
  i18n::v1::Catalog parsed;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(*edited, &parsed));
  EXPECT_EQ(parsed.messages(0).text(), "Zakończone \"już\"");
  EXPECT_EQ(parsed.messages(1).text(), "Nowy\nwiersz");
}

TEST_F(CatalogStampsTest, RefusesWhatItCannotStamp) {
  EXPECT_EQ(StampCatalogs(dir_.path().string(), {"xx"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(StampCatalogs(dir_.path().string(), {"nl"}).status().code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(WriteFileAtomically(dir_.File("ro.textproto"), "messages { key: \"a\" text: ").ok());
  absl::StatusOr<std::vector<StampedFile>> stamped = StampCatalogs(dir_.path().string(), {});
  EXPECT_EQ(stamped.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(stamped.status().message()), ::testing::StartsWith(dir_.File("ro.textproto") + ":1:"));
  EXPECT_EQ(Polish(), kPolish);  // nothing written
}

}  // namespace
}  // namespace werkmonitor
