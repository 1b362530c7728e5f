// Translation files: ICU messages cut into text and inline codes, and units written as XLIFF 2.0 and
// read back, including what translators' tools do to a file and what a hostile file tries.
#include "i18n/xliff.h"

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "icu/message_syntax.h"

namespace werkmonitor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

MATCHER_P2(Piece, code, text, "") { return arg.code == code && arg.text == text; }

std::string Joined(const std::vector<MessagePiece>& pieces) {
  std::string joined;
  for (const MessagePiece& piece : pieces) joined += piece.text;
  return joined;
}

TEST(SplitMessageTest, PlaceholdersArePiecesOfTheirOwn) {
  const std::string summary = "Vanaf {invoering} geldt een toelating; tot {eind, date, ::dMMMMy} niet.";
  absl::StatusOr<std::vector<MessagePiece>> pieces = SplitMessage(summary);
  ASSERT_TRUE(pieces.ok()) << pieces.status();
  EXPECT_THAT(*pieces, ElementsAre(Piece(false, "Vanaf "), Piece(true, "{invoering}"),
                                   Piece(false, " geldt een toelating; tot "), Piece(true, "{eind, date, ::dMMMMy}"),
                                   Piece(false, " niet.")));
  EXPECT_EQ(Joined(*pieces), summary);
}

TEST(SplitMessageTest, APluralsFrameAndNumberAreCodesAndItsWordsText) {
  const std::string message = "{count, plural, one {# maatregel} other {# maatregelen in {theme}}}";
  absl::StatusOr<std::vector<MessagePiece>> pieces = SplitMessage(message);
  ASSERT_TRUE(pieces.ok()) << pieces.status();
  EXPECT_THAT(*pieces, ElementsAre(Piece(true, "{count, plural, one {"), Piece(true, "#"), Piece(false, " maatregel"),
                                   Piece(true, "} other {"), Piece(true, "#"), Piece(false, " maatregelen in "),
                                   Piece(true, "{theme}"), Piece(true, "}}")));
  EXPECT_EQ(Joined(*pieces), message);
}

TEST(SplitMessageTest, QuotingStaysInTheTextAndAPlainTextIsOnePiece) {
  absl::StatusOr<std::vector<MessagePiece>> pieces = SplitMessage("Het programma 'Woningbouw' en '{'haakjes'}'");
  ASSERT_TRUE(pieces.ok()) << pieces.status();
  EXPECT_THAT(*pieces, ElementsAre(Piece(false, "Het programma 'Woningbouw' en '{'haakjes'}'")));
  EXPECT_FALSE(SplitMessage("{count, plural, one {x}").ok());
}

TEST(CheckTranslatedMessageTest, NamesEveryProblem) {
  EXPECT_THAT(CheckTranslatedMessage("Vanaf {start}", "Od {start}", "pl"), IsEmpty());
  EXPECT_THAT(CheckTranslatedMessage("Vanaf {start}", "Od {begin}", "pl"),
              ElementsAre("arguments {begin} differ from the Dutch {start}"));
  EXPECT_THAT(CheckTranslatedMessage("{n, plural, one {# dag} other {# dagen}}",
                                     "{n, plural, one {# dzień} other {# dni}}", "pl"),
              ElementsAre("plural {n} lacks few, many (pl needs few, many, one, other)"));
  EXPECT_THAT(CheckTranslatedMessage("Vanaf {start}", "Od {start", "pl"),
              ElementsAre(HasSubstr("not an ICU MessageFormat pattern")));
}

TranslationUnit Unit(std::string id, UnitKind kind, std::vector<std::string> source, std::vector<std::string> target,
                     TranslationState state) {
  TranslationUnit unit;
  unit.id = std::move(id);
  unit.kind = kind;
  unit.source = std::move(source);
  unit.target = std::move(target);
  unit.state = state;
  unit.source_fingerprint = "0123456789abcdef";
  return unit;
}

XliffDocument Document() {
  XliffDocument document{.file_id = "data", .target_locale = "hu", .units = {}};
  document.units = {
      Unit("measure.werk-1.summary", UnitKind::kMeasureSummary,
           {"Vanaf {invoering} geldt een toelating voor {invoering} & <meer>."}, {}, TranslationState::kMissing),
      Unit("theme.werk.introduction", UnitKind::kThemeIntroduction, {"Over werk.", "een", "twee"},
           {"A munkáról.", "egy", "kettő"}, TranslationState::kStale),
      Unit("catalog.count", UnitKind::kCatalogMessage, {"{count, plural, one {# maatregel} other {# maatregelen}}"}, {},
           TranslationState::kMissing),
  };
  return document;
}

TEST(XliffTest, WritesXliff2WithNotesFingerprintsAndProtectedCodes) {
  absl::StatusOr<std::string> xml = WriteXliff(Document());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" "
                              "xmlns:mda=\"urn:oasis:names:tc:xliff:metadata:2.0\" version=\"2.0\" srcLang=\"nl\" "
                              "trgLang=\"hu\">"));
  EXPECT_THAT(*xml, HasSubstr("<file id=\"data\" canResegment=\"no\">"));
  EXPECT_THAT(*xml, HasSubstr("<mda:meta type=\"source_fingerprint\">0123456789abcdef</mda:meta>"));
  EXPECT_THAT(*xml, HasSubstr("<note category=\"description\">measure summary: the leaflet's plain-language "
                              "summary (about B1); each inline code prints a milestone's date: keep them all. At "
                              "most 800 characters.</note>"));
  // One <data> per distinct code, a <ph> per use, and the text escaped.
  EXPECT_THAT(*xml, HasSubstr("<originalData>\n        <data id=\"d1\">{invoering}</data>\n      </originalData>"));
  EXPECT_THAT(*xml, HasSubstr("<source xml:space=\"preserve\">Vanaf <ph id=\"1\" dataRef=\"d1\" disp=\"{invoering}\" "
                              "canDelete=\"no\"/> geldt een toelating voor <ph id=\"2\" dataRef=\"d1\" "
                              "disp=\"{invoering}\" canDelete=\"no\"/> &amp; &lt;meer&gt;.</source>"));
  // A stale unit's old translation, to be revised: never taken back as it is.
  EXPECT_THAT(*xml, HasSubstr("<segment state=\"initial\">\n        <source xml:space=\"preserve\">een</source>\n"
                              "        <target xml:space=\"preserve\">egy</target>"));
  EXPECT_THAT(*xml, HasSubstr("At most 2500 characters per segment."));
  // A segment that starts with a code gets no white space from the indentation.
  EXPECT_THAT(*xml, HasSubstr("<source xml:space=\"preserve\"><ph id=\"1\" dataRef=\"d1\""));
}

TEST(XliffTest, AFileNeedsAUnit) {
  EXPECT_EQ(WriteXliff({.file_id = "data", .target_locale = "hu", .units = {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(XliffTest, ReadsBackWhatItWrote) {
  absl::StatusOr<std::string> xml = WriteXliff(Document());
  ASSERT_TRUE(xml.ok()) << xml.status();
  absl::StatusOr<XliffRead> read = ReadXliff(*xml);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->file_id, "data");
  EXPECT_EQ(read->source_locale, "nl");
  EXPECT_EQ(read->target_locale, "hu");
  ASSERT_EQ(read->units.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const XliffUnit& unit = read->units[i];
    EXPECT_EQ(unit.problem, "");
    EXPECT_EQ(unit.unit.id, Document().units[i].id);
    EXPECT_EQ(unit.unit.source, Document().units[i].source);
    EXPECT_EQ(unit.unit.source_fingerprint, "0123456789abcdef");
    // Nothing translated: no target, or the old one in state initial.
    EXPECT_FALSE(unit.translated);
    EXPECT_THAT(unit.unit.target, IsEmpty());
  }
}

TEST(XliffTest, TakesTargetsWhoseSegmentsAreTranslated) {
  XliffDocument document = Document();
  document.units[1].state = TranslationState::kCurrent;  // written as translated
  document.units[2].target = {"{count, plural, one {# intézkedés} other {# intézkedés}}"};
  document.units[2].state = TranslationState::kCurrent;
  absl::StatusOr<std::string> xml = WriteXliff(document);
  ASSERT_TRUE(xml.ok()) << xml.status();
  absl::StatusOr<XliffRead> read = ReadXliff(*xml);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->units[1].translated);
  EXPECT_EQ(read->units[1].unit.target, document.units[1].target);
  EXPECT_TRUE(read->units[2].translated);
  EXPECT_EQ(read->units[2].unit.target, document.units[2].target);
}

TEST(XliffTest, ASegmentOfCodesOnlyGetsNoWhiteSpace) {
  XliffDocument document{.file_id = "data", .target_locale = "pl", .units = {}};
  document.units = {Unit("measure.werk-1.summary", UnitKind::kMeasureSummary, {"{invoering}{eind}"},
                         {"{eind}{invoering}"}, TranslationState::kCurrent)};
  absl::StatusOr<std::string> xml = WriteXliff(document);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("<source xml:space=\"preserve\"><ph id=\"1\" dataRef=\"d1\" disp=\"{invoering}\" "
                              "canDelete=\"no\"/><ph id=\"2\" dataRef=\"d2\" disp=\"{eind}\" canDelete=\"no\"/>"
                              "</source>"));
  // The target's codes are the source's, by id, in the translator's order.
  EXPECT_THAT(*xml, HasSubstr("<target xml:space=\"preserve\"><ph id=\"2\" dataRef=\"d2\" disp=\"{eind}\" "
                              "canDelete=\"no\"/><ph id=\"1\" dataRef=\"d1\""));
  absl::StatusOr<XliffRead> read = ReadXliff(*xml);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->units[0].unit.source, ElementsAre("{invoering}{eind}"));
  EXPECT_THAT(read->units[0].unit.target, ElementsAre("{eind}{invoering}"));
}

XliffDocument DocumentWithAGlossary() {
  XliffDocument document{.file_id = "data", .target_locale = "pl", .units = {}};
  document.units = {
      Unit("measure.registratie-1.summary", UnitKind::kMeasureSummary, {"Vraag uw BSN aan bij de gemeente & meer."}, {},
           TranslationState::kMissing),
      Unit("measure.registratie-1.title", UnitKind::kMeasureTitle, {"Registratie"}, {}, TranslationState::kMissing)};
  document.units[0].glossary = {
      {.id = "bsn", .term = "BSN", .translations = {"numer BSN", "numer* BSN"}, .definition = "Twój numer."},
      {.id = "gemeente", .term = "gemeente", .translations = {"gmina <urząd>"}, .definition = ""}};
  return document;
}

TEST(XliffTest, WritesAUnitsGlossaryBeforeItsNotes) {
  absl::StatusOr<std::string> xml = WriteXliff(DocumentWithAGlossary());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_THAT(*xml, HasSubstr("xmlns:mda=\"urn:oasis:names:tc:xliff:metadata:2.0\" "
                              "xmlns:gls=\"urn:oasis:names:tc:xliff:glossary:2.0\" version=\"2.0\""));
  // Where the core schema allows modules' elements in a <unit>: before <notes>. In each entry the
  // term, its translations, then the definition (the module's order); text escaped.
  EXPECT_THAT(*xml, HasSubstr(R"(</mda:metadata>
      <gls:glossary>
        <gls:glossEntry id="bsn">
          <gls:term source="werkmonitor term base">BSN</gls:term>
          <gls:translation>numer BSN</gls:translation>
          <gls:translation>numer* BSN</gls:translation>
          <gls:definition>Twój numer.</gls:definition>
        </gls:glossEntry>
        <gls:glossEntry id="gemeente">
          <gls:term source="werkmonitor term base">gemeente</gls:term>
          <gls:translation>gmina &lt;urząd&gt;</gls:translation>
        </gls:glossEntry>
      </gls:glossary>
      <notes>)"));
  // A unit whose Dutch names no term has no glossary: the module requires an entry.
  EXPECT_THAT(*xml, HasSubstr("<unit id=\"measure.registratie-1.title\">\n      <mda:metadata>"));
  EXPECT_EQ(xml->find("<gls:glossary>"), xml->rfind("<gls:glossary>"));
  // Without glossaries the namespace is not even declared.
  EXPECT_THAT(*WriteXliff(Document()), Not(HasSubstr("glossary")));
}

TEST(XliffTest, ReadingSkipsTheGlossary) {
  XliffDocument document = DocumentWithAGlossary();
  document.units[0].target = {"Poproś o numer BSN w gminie i więcej."};
  document.units[0].state = TranslationState::kCurrent;  // written as translated
  absl::StatusOr<std::string> xml = WriteXliff(document);
  ASSERT_TRUE(xml.ok()) << xml.status();
  absl::StatusOr<XliffRead> read = ReadXliff(*xml);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->units.size(), 2u);
  const XliffUnit& unit = read->units[0];
  EXPECT_EQ(unit.problem, "");
  EXPECT_TRUE(unit.translated);
  EXPECT_EQ(unit.unit.source, document.units[0].source);
  EXPECT_EQ(unit.unit.target, document.units[0].target);
  EXPECT_EQ(unit.unit.source_fingerprint, "0123456789abcdef");
  // The term base, not the file's copy of it, is what an import answers to.
  EXPECT_THAT(unit.unit.glossary, IsEmpty());
}

TEST(XliffTest, AGlossaryEntryNeedsATermAndATranslationOrDefinition) {
  auto error = [](GlossaryEntry entry) {
    XliffDocument document = DocumentWithAGlossary();
    document.units[0].glossary.push_back(std::move(entry));
    return std::string(WriteXliff(document).status().message());
  };
  EXPECT_EQ(error({.id = "rni", .term = "", .translations = {"RNI"}, .definition = ""}),
            "unit measure.registratie-1.summary: glossary entry 3 (rni): no term");
  EXPECT_EQ(error({.id = "rni", .term = "RNI", .translations = {}, .definition = ""}),
            "unit measure.registratie-1.summary: glossary entry 3 (rni): neither a translation nor a definition");
  EXPECT_EQ(error({.id = "", .term = "RNI", .translations = {""}, .definition = "x"}),
            "unit measure.registratie-1.summary: glossary entry 3: an empty translation");
  EXPECT_EQ(error({.id = "bsn", .term = "BSN", .translations = {}, .definition = "x"}),
            "unit measure.registratie-1.summary: glossary entry 3 (bsn): the id appears twice");
  EXPECT_EQ(error({.id = "work in nl", .term = "Work in NL", .translations = {}, .definition = "x"}),
            "unit measure.registratie-1.summary: glossary entry 3 (work in nl): the id is not an XML name token");
}

TEST(XliffImportTest, ALaterCheckJoinsAUnitsReasonsOnItsOneLine) {
  XliffImport checked;
  checked.refused = {{"a", "stale: made from Dutch 0123"}};
  checked.Refuse({{"b", "the Dutch names bsn but …"}, {"a", "the Dutch names rvig but …"}});
  using Refusal = std::pair<std::string, std::string>;
  EXPECT_THAT(checked.refused, ElementsAre(Refusal("a", "stale: made from Dutch 0123; the Dutch names rvig but …"),
                                           Refusal("b", "the Dutch names bsn but …")));
}

// What a CAT tool writes into a target: codes copied with their id only, or with copyOf, text
// wrapped in markers, a character as <cp>.
TEST(XliffTest, ReadsCodesAsToolsCopyThem) {
  const std::string xml = R"(<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"
       version="2.0" srcLang="nl" trgLang="hu">
  <file id="data">
    <group id="g">
      <unit id="measure.werk-1.summary">
        <mda:metadata><mda:metaGroup category="werkmonitor">
          <mda:meta type="source_fingerprint"> 0123456789abcdef </mda:meta>
        </mda:metaGroup></mda:metadata>
        <originalData><data id="d1">{invoering}</data><data id="d2">{eind}</data></originalData>
        <segment state="final">
          <source>Vanaf <ph id="1" dataRef="d1"/> tot <ph id="2" dataRef="d2"/>.</source>
          <target><ph id="1"/>-t<cp hex="00F3"/>l <mrk id="m1" type="term"><ph id="3" copyOf="2"/></mrk>-ig<![CDATA[ & ]]>.</target>
        </segment>
      </unit>
    </group>
  </file>
</xliff>)";
  absl::StatusOr<XliffRead> read = ReadXliff(xml);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->units.size(), 1u);
  const XliffUnit& unit = read->units[0];
  EXPECT_EQ(unit.problem, "");
  EXPECT_TRUE(unit.translated);
  EXPECT_EQ(unit.unit.source_fingerprint, "0123456789abcdef");
  EXPECT_THAT(unit.unit.source, ElementsAre("Vanaf {invoering} tot {eind}."));
  EXPECT_THAT(unit.unit.target, ElementsAre("{invoering}-tól {eind}-ig & ."));
}

TEST(XliffTest, AUnitThatCannotBeReadIsNamedAndTheOthersAreRead) {
  const std::string xml =
      R"(<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="pl">
  <file id="data">
    <unit id="a"><originalData><data id="d1">{x}</data></originalData>
      <segment state="translated"><source><ph id="1" dataRef="d1"/></source><target><ph id="1" dataRef="d9"/></target></segment></unit>
    <unit id="b"><segment state="translated"><source>B</source><target>Bé <b>vet</b></target></segment></unit>
    <unit id="c"><segment state="translated"><source>C</source><target>Cé</target></segment></unit>
  </file>
</xliff>)";
  absl::StatusOr<XliffRead> read = ReadXliff(xml);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->units.size(), 3u);
  EXPECT_EQ(read->units[0].problem, "<ph id=\"1\"> refers to data \"d9\", which <originalData> lacks");
  EXPECT_FALSE(read->units[0].translated);
  EXPECT_EQ(read->units[1].problem, "unexpected <b> in <target>");
  EXPECT_EQ(read->units[2].problem, "");
  EXPECT_THAT(read->units[2].unit.target, ElementsAre("Cé"));
}

TEST(XliffTest, RefusesWhatIsNotAnXliff2File) {
  auto error = [](const std::string& xml) { return std::string(ReadXliff(xml).status().message()); };
  EXPECT_THAT(error("<xliff"), HasSubstr("not well-formed XML: line 1"));
  EXPECT_THAT(error("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"1.2\"/>"),
              HasSubstr("not XLIFF 2.0: the root element is not <xliff> in namespace"));
  EXPECT_THAT(error("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"3.0\" srcLang=\"nl\"/>"),
              HasSubstr("version \"3.0\""));
  EXPECT_THAT(error("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"nl\"/>"),
              HasSubstr("no trgLang"));
  // Entities are never expanded and nothing is fetched: a DOCTYPE is refused outright.
  EXPECT_THAT(error(R"(<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="nl" trgLang="pl">
  <file id="data"><unit id="u"><segment><source>&b;&secret;</source></segment></unit></file>
</xliff>)"),
              "a translation file may not have a DOCTYPE");
}

}  // namespace
}  // namespace werkmonitor
