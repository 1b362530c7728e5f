// The documents as a reader gets them: rendered from the real data set, then read back with
// poppler (text, word boxes, fonts, pages) and qpdf.
#include "report_worker/documents/documents.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/files.h"
#include "domain/dashboard.h"
#include "domain/data_set_files.h"
#include "domain/locales.h"
#include "domain/proto_time.h"
#include "domain/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "i18n/localizer.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::WithoutWhitespace;

class DocumentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<monitor::v1::DataSet> data = LoadDataSetDir(testing::RepoDataDir());
    ASSERT_TRUE(data.ok()) << data.status();
    snapshot_ = new monitor::v1::Snapshot;
    snapshot_->mutable_info()->set_id(1);
    snapshot_->mutable_info()->set_label("Bijlage I Monitoringsoverzicht 2025");
    *snapshot_->mutable_info()->mutable_created_at() = ToProtoTime(absl::FromUnixSeconds(1764590400));  // 2025-12-01
    snapshot_->mutable_info()->mutable_as_of()->set_precision(monitor::v1::PartialDate::DAY);
    snapshot_->mutable_info()->mutable_as_of()->set_year(2025);
    snapshot_->mutable_info()->mutable_as_of()->set_month(12);
    snapshot_->mutable_info()->mutable_as_of()->set_day(1);
    *snapshot_->mutable_data() = *data;
    *snapshot_->mutable_dashboard() = ComputeDashboard(*data);
    absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultCatalogDir());
    ASSERT_TRUE(catalogs.ok()) << catalogs.status();
    catalogs_ = new Catalogs(std::move(*catalogs));
    dir_ = new testing::TempDir;
  }
  static void TearDownTestSuite() {
    delete snapshot_;
    delete catalogs_;
    delete dir_;
  }

  // Renders and writes a document; its path.
  static std::string Render(DocumentKind kind, const std::string& locale, PaperSize paper = A4(),
                            const monitor::v1::Snapshot* snapshot = nullptr, const std::vector<std::string>& themes = {}) {
    absl::StatusOr<RenderedDocument> document =
        RenderDocument(snapshot ? *snapshot : *snapshot_,
                       {.kind = kind, .locale = locale, .paper = paper, .themes = themes}, {catalogs_, DefaultFontFiles()});
    EXPECT_TRUE(document.ok()) << document.status();
    if (!document.ok()) return "";
    const std::string path = dir_->File(
        absl::StrCat(ToString(kind), "-", locale, "-", paper.name, themes.empty() ? "" : "-", absl::StrJoin(themes, "-"), ".pdf"));
    EXPECT_TRUE(WriteFileAtomically(path, document->pdf).ok());
    EXPECT_EQ(testing::PageCount(path), document->pages);
    return path;
  }
  static std::string Message(const std::string& locale, const std::string& key, const MessageArgs& args = {}) {
    return Localizer::Create(*catalogs_, locale)->Message(key, args)->text;
  }
  // The page footers ("Pagina 3 van 17") and the running header of a document.
  static std::vector<std::string> Furniture(const std::string& path, const std::string& locale,
                                            const std::string& header_key = "") {
    std::vector<std::string> furniture;
    const int pages = testing::PageCount(path);
    for (int page = pages; page >= 1; --page) {  // "van 17" before "van 1"
      furniture.push_back(
          Message(locale, "document.page_of", MessageArgs().Number("page", page).Number("pages", pages)));
    }
    if (!header_key.empty()) furniture.push_back(Message(locale, header_key));
    return furniture;
  }

  static monitor::v1::Snapshot* snapshot_;
  static Catalogs* catalogs_;
  static testing::TempDir* dir_;
};
monitor::v1::Snapshot* DocumentsTest::snapshot_ = nullptr;
Catalogs* DocumentsTest::catalogs_ = nullptr;
testing::TempDir* DocumentsTest::dir_ = nullptr;

// Text survives the round trip exactly (ą ł ș ț, Cyrillic), with no CMap warning from poppler. A
// paragraph may continue on the next page: the running header and the page footers between its
// parts are taken out first.
void ExpectReadable(const std::string& path, const std::vector<std::string>& expected,
                    const std::vector<std::string>& page_furniture = {}) {
  testing::PdfText text = testing::ExtractText(path);
  EXPECT_EQ(text.warnings, "") << path;
  std::string flat = WithoutWhitespace(absl::StrReplaceAll(text.text, {{"\f", ""}}));
  for (const std::string& furniture : page_furniture) {
    flat = absl::StrReplaceAll(flat, {{WithoutWhitespace(furniture), ""}});
  }
  int missing = 0;
  for (const std::string& piece : expected) {
    if (!absl::StrContains(flat, WithoutWhitespace(piece)) && ++missing <= 5) {
      ADD_FAILURE() << path << ": \"" << piece << "\" not found in the extracted text";
    }
  }
  EXPECT_EQ(missing, 0) << path;
}

// Every word lies inside the page margins and no two words overlap.
void ExpectWellPlaced(const std::string& path, double margin) {
  const std::vector<testing::Word> words = testing::Words(path);
  ASSERT_FALSE(words.empty()) << path;
  std::map<int, std::vector<const testing::Word*>> by_page;
  for (const testing::Word& w : words) {
    EXPECT_GE(w.x_min, margin - 1) << path << " page " << w.page << ": \"" << w.text << "\" left of the margin";
    EXPECT_LE(w.x_max, w.page_width - margin + 1)
        << path << " page " << w.page << ": \"" << w.text << "\" runs into the right margin";
    EXPECT_GE(w.y_min, 0) << w.text;
    EXPECT_LE(w.y_max, w.page_height) << w.text;
    by_page[w.page].push_back(&w);
  }
  int overlaps = 0;
  for (const auto& [page, list] : by_page) {
    for (size_t i = 0; i < list.size(); ++i) {
      for (size_t k = i + 1; k < list.size(); ++k) {
        const testing::Word& a = *list[i];
        const testing::Word& b = *list[k];
        // Boxes include the font's full ascent and descent; require a real overlap of the glyph areas.
        const double dx = std::min(a.x_max, b.x_max) - std::max(a.x_min, b.x_min);
        const double dy = std::min(a.y_max, b.y_max) - std::max(a.y_min, b.y_min);
        const double line = std::min(a.y_max - a.y_min, b.y_max - b.y_min);
        if (dx > 0.5 && dy > line * 0.45 && ++overlaps <= 5) {
          ADD_FAILURE() << path << " page " << page << ": \"" << a.text << "\" overlaps \"" << b.text << "\"";
        }
      }
    }
  }
  EXPECT_EQ(overlaps, 0);
}

TEST_F(DocumentsTest, TheDutchAppendixCarriesEverySentenceOfTheSource) {
  const std::string path = Render(DocumentKind::kAppendix, "nl");
  std::vector<std::string> expected = {"Legenda", "Dashboard totaaloverzicht"};
  for (const auto& theme : snapshot_->data().themes()) {
    expected.push_back(theme.title().nl());
    for (const auto& block : theme.introduction().nl().blocks()) expected.push_back(block.text());
  }
  for (const auto& measure : snapshot_->data().measures()) {
    expected.push_back(measure.title().nl());
    for (const auto& block : measure.body().nl().blocks()) {
      if (!block.text().empty()) expected.push_back(block.text());
      for (const auto& item : block.items()) expected.push_back(item);
    }
  }
  for (const StatusInfo& info : AllStatuses()) {
    expected.push_back(std::string(info.label_nl));
    expected.push_back(std::string(info.legend_nl));
  }
  const int pages = testing::PageCount(path);
  ExpectReadable(path, {"Bijlage I", "Monitoringsoverzicht", absl::StrCat("Pagina 1 van ", pages),
                        absl::StrCat("Pagina ", pages, " van ", pages)});
  ExpectReadable(path, expected, Furniture(path, "nl", "appendix.running_header"));
  ExpectWellPlaced(path, 20 * 72 / 25.4);
  EXPECT_GE(pages, 10);
}

TEST_F(DocumentsTest, EveryDocumentNamesEveryMeasureAndStatusInEveryLocale) {
  for (const std::string& locale : SupportedLocales()) {
    Localizer l10n = *Localizer::Create(*catalogs_, locale);
    std::vector<std::string> labels;
    for (const StatusInfo& info : AllStatuses()) {
      labels.push_back(Message(locale, absl::StrCat("status.", info.enum_name, ".label")));
    }
    std::vector<std::string> appendix = labels, leaflet = labels;
    for (const auto& measure : snapshot_->data().measures()) {
      appendix.push_back(l10n.Text(measure.title()).text);
      const bool parent = std::any_of(snapshot_->data().measures().begin(), snapshot_->data().measures().end(),
                                      [&](const auto& m) { return m.parent_id() == measure.id(); });
      if (parent) continue;  // the leaflet lists the sub-measures
      leaflet.push_back(l10n.Text(measure.title()).text);
      leaflet.push_back(l10n.Summary(measure)->text);
    }
    for (const auto& theme : snapshot_->data().themes()) leaflet.push_back(l10n.Text(theme.title()).text);
    leaflet.push_back(Message(locale, "leaflet.help.title"));
    const std::string appendix_pdf = Render(DocumentKind::kAppendix, locale);
    const std::string leaflet_pdf = Render(DocumentKind::kLeaflet, locale);
    ExpectReadable(appendix_pdf, appendix, Furniture(appendix_pdf, locale, "appendix.running_header"));
    const int leaflet_pages = testing::PageCount(leaflet_pdf);
    ExpectReadable(leaflet_pdf, {Message(locale, "document.page_of",
                                         MessageArgs().Number("page", leaflet_pages).Number("pages", leaflet_pages))});
    ExpectReadable(leaflet_pdf, leaflet, Furniture(leaflet_pdf, locale));
    ExpectReadable(Render(DocumentKind::kDashboard, locale), labels);
  }
}

TEST_F(DocumentsTest, DiacriticsAndCyrillicSurviveExtraction) {
  ExpectReadable(Render(DocumentKind::kLeaflet, "pl"), {"ą", "ę", "ł", "ś", "ż", "Ochrona"});
  ExpectReadable(Render(DocumentKind::kLeaflet, "ro"), {"ș", "ț", "Ț", "ă", "î"});
  ExpectReadable(Render(DocumentKind::kLeaflet, "bg"), {"Защита на трудовите мигранти", "януари"});
  ExpectReadable(Render(DocumentKind::kLeaflet, "hu"), {"ő", "ű", "á", "é", "Hollandiában"});
  ExpectReadable(Render(DocumentKind::kLeaflet, "lt"), {"ą", "č", "ę", "ė", "į", "š", "ų", "ū", "ž"});
  // Romanian uses the comma below, never the cedilla.
  const std::string romanian = testing::ExtractText(Render(DocumentKind::kAppendix, "ro")).text;
  EXPECT_FALSE(absl::StrContains(romanian, "ş"));
  EXPECT_FALSE(absl::StrContains(romanian, "ţ"));
}

TEST_F(DocumentsTest, PageLimitsHold) {
  for (const std::string& locale : SupportedLocales()) {
    EXPECT_EQ(testing::PageCount(Render(DocumentKind::kDashboard, locale)), 1) << locale;
    EXPECT_LE(testing::PageCount(Render(DocumentKind::kLeaflet, locale)), 6) << locale;  // three A4 sheets
    // A few themes fit one sheet.
    EXPECT_LE(testing::PageCount(Render(DocumentKind::kLeaflet, locale, A4(), nullptr, {"werk"})), 2) << locale;
    EXPECT_GE(testing::PageCount(Render(DocumentKind::kLeaflet, locale, A5())), 3) << locale;
  }
}

// The "who is who" box explains every term the leaflet's texts name. Which terms those are is found
// here from the Dutch sources of the printed titles and summaries, by the Dutch forms: the
// documents find them in the translation, by the reader's language's forms.
TEST_F(DocumentsTest, TheLeafletExplainsTheTermsItNames) {
  const TermBase& dutch = catalogs_->Terms(kSourceLocale);
  for (const std::string theme : {"registratie", "werk"}) {
    std::vector<std::string> sources;
    for (const monitor::v1::Measure& measure : snapshot_->data().measures()) {
      if (measure.theme_id() != theme || measure.summary().nl().empty()) continue;
      sources.push_back(measure.title().nl());
      sources.push_back(measure.summary().nl());
    }
    const std::vector<const i18n::v1::Term*> named = dutch.TermsIn(sources);
    ASSERT_GE(named.size(), 3u) << theme;
    for (const std::string& locale : SupportedLocales()) {
      const std::string path = Render(DocumentKind::kLeaflet, locale, A4(), nullptr, {theme});
      std::vector<std::string> expected = {Message(locale, "leaflet.terms.title")};
      for (const i18n::v1::Term* term : named) {
        const i18n::v1::Term* rendered = catalogs_->Terms(locale).Get(term->id());
        ASSERT_NE(rendered, nullptr) << locale << " " << term->id();
        expected.push_back(absl::StrCat(rendered->name(), ": ", rendered->explanation()));
      }
      ExpectReadable(path, expected, Furniture(path, locale));
    }
  }
}

// A text not translated yet is printed in Dutch, with a notice: the box explains the terms it
// names all the same.
TEST_F(DocumentsTest, TheBoxAlsoExplainsTheTermsOfTextsShownInDutch) {
  monitor::v1::Snapshot untranslated = *snapshot_;
  std::vector<std::string> sources;
  for (monitor::v1::Measure& measure : *untranslated.mutable_data()->mutable_measures()) {
    if (measure.theme_id() != "registratie") continue;
    measure.mutable_title()->mutable_translations()->erase("pl");
    measure.mutable_summary()->mutable_translations()->erase("pl");
    if (!measure.summary().nl().empty()) {
      sources.push_back(measure.title().nl());
      sources.push_back(measure.summary().nl());
    }
  }
  const std::vector<const i18n::v1::Term*> named = catalogs_->Terms(kSourceLocale).TermsIn(sources);
  ASSERT_GE(named.size(), 3u);
  const std::string path = Render(DocumentKind::kLeaflet, "pl", A4(), &untranslated, {"registratie"});
  std::vector<std::string> expected = {Message("pl", "document.untranslated_notice")};
  for (const i18n::v1::Term* term : named) expected.push_back(catalogs_->Terms("pl").Get(term->id())->name());
  ExpectReadable(path, expected, Furniture(path, "pl"));
}

TEST_F(DocumentsTest, NothingRunsIntoTheMarginsOrOverlaps) {
  for (const std::string& locale : SupportedLocales()) {
    ExpectWellPlaced(Render(DocumentKind::kLeaflet, locale), 10 * 72 / 25.4);
    ExpectWellPlaced(Render(DocumentKind::kLeaflet, locale, A5()), 10 * 72 / 25.4);
    ExpectWellPlaced(Render(DocumentKind::kDashboard, locale), 18 * 72 / 25.4);
  }
  ExpectWellPlaced(Render(DocumentKind::kAppendix, "bg"), 20 * 72 / 25.4);
}

TEST_F(DocumentsTest, FontsAreEmbeddedAndFilesAreValid) {
  for (const std::string& path : {Render(DocumentKind::kAppendix, "ro"), Render(DocumentKind::kLeaflet, "bg"),
                                  Render(DocumentKind::kDashboard, "pl")}) {
    const std::string fonts = testing::Fonts(path);
    int rows = 0;
    for (absl::string_view line : absl::StrSplit(fonts, '\n')) {
      if (!absl::StrContains(line, "NotoSans")) continue;
      ++rows;
      EXPECT_THAT(std::string(line), ::testing::MatchesRegex(".*CID TrueType +Identity-H +yes +yes +yes .*")) << path;
    }
    EXPECT_GE(rows, 2) << fonts;
    EXPECT_TRUE(testing::QpdfCheckPasses(path)) << path;
  }
}

TEST_F(DocumentsTest, TheSameInputGivesTheSameBytes) {
  const RenderRequest request{.kind = DocumentKind::kLeaflet, .locale = "ro", .paper = A4(), .themes = {}};
  absl::StatusOr<RenderedDocument> first = RenderDocument(*snapshot_, request, {catalogs_, DefaultFontFiles()});
  absl::StatusOr<RenderedDocument> second = RenderDocument(*snapshot_, request, {catalogs_, DefaultFontFiles()});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->pdf, second->pdf);
  // A leaflet is tens of kilobytes: the fonts are subset.
  EXPECT_LT(first->pdf.size(), 100u * 1024);
}

TEST_F(DocumentsTest, StaleTranslationsShowTheDutchTextWithANotice) {
  monitor::v1::Snapshot changed = *snapshot_;
  monitor::v1::Measure* measure = changed.mutable_data()->mutable_measures(2);  // werk-1
  measure->mutable_title()->set_nl("Toelatingsstelsel voor uitleners (gewijzigd)");
  const std::string text =
      WithoutWhitespace(testing::ExtractText(Render(DocumentKind::kLeaflet, "pl", A4(), &changed)).text);
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace("Toelatingsstelsel voor uitleners (gewijzigd)")));
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace(Message("pl", "document.untranslated_notice"))));
  const std::string current = WithoutWhitespace(testing::ExtractText(Render(DocumentKind::kLeaflet, "pl")).text);
  EXPECT_THAT(current, ::testing::Not(HasSubstr(WithoutWhitespace(Message("pl", "document.untranslated_notice")))));
}

TEST_F(DocumentsTest, TheAppendixInAnotherLanguageMarksTheDutchBodyTexts) {
  const std::string text = WithoutWhitespace(testing::ExtractText(Render(DocumentKind::kAppendix, "en")).text);
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace(Message("en", "document.untranslated_notice"))));
  // The official Dutch text is there in full.
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace(snapshot_->data().measures(2).body().nl().blocks(0).text())));
}

TEST_F(DocumentsTest, ACharacterTheFontsLackIsAnErrorNamingTheText) {
  monitor::v1::Snapshot changed = *snapshot_;
  changed.mutable_data()->mutable_measures(2)->mutable_body()->mutable_nl()->mutable_blocks(0)->set_text("Hallo 你好");
  absl::StatusOr<RenderedDocument> document =
      RenderDocument(changed, {.kind = DocumentKind::kAppendix, .locale = "nl", .paper = A4(), .themes = {}},
                     {catalogs_, DefaultFontFiles()});
  EXPECT_EQ(document.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(document.status()), HasSubstr("U+4F60"));
  EXPECT_THAT(testing::ErrorText(document.status()), HasSubstr("Hallo 你好"));
}

// The QR code as a phone reads it: the page rendered to pixels and decoded with zbarimg.
std::string DecodeQrCode(const std::string& pdf_path) {
  const std::string png = pdf_path + ".qr";
  testing::RunCommand({"/usr/bin/pdftoppm", "-r", "150", "-png", "-singlefile", "-f", "1", "-l", "1", pdf_path, png});
  return testing::RunCommand({"/usr/bin/zbarimg", "--quiet", "--raw", png + ".png"}).out;
}

TEST_F(DocumentsTest, TheLeafletsQrCodeLeadsToTheOnlineVersionInItsLanguage) {
  EXPECT_EQ(DecodeQrCode(Render(DocumentKind::kLeaflet, "pl")), "https://www.workinnl.nl/pl/\n");
  EXPECT_EQ(DecodeQrCode(Render(DocumentKind::kLeaflet, "bg", A5())), "https://www.workinnl.nl/bg/\n");
  // The address is shown under the code, for those who type it.
  EXPECT_THAT(testing::ExtractText(Render(DocumentKind::kLeaflet, "ro")).text, HasSubstr("www.workinnl.nl/ro/"));

  // A configured address.
  RenderResources resources{catalogs_, DefaultFontFiles(), "https://example.nl/folder?taal={locale}"};
  absl::StatusOr<RenderedDocument> document =
      RenderDocument(*snapshot_, {.kind = DocumentKind::kLeaflet, .locale = "en", .paper = A4()}, resources);
  ASSERT_TRUE(document.ok()) << document.status();
  const std::string path = dir_->File("leaflet-configured.pdf");
  ASSERT_TRUE(WriteFileAtomically(path, document->pdf).ok());
  EXPECT_EQ(DecodeQrCode(path), "https://example.nl/folder?taal=en\n");

  for (const char* wrong : {"https://example.nl/folder", "ftp://example.nl/{locale}", "example.nl/{locale}"}) {
    resources.online_url = wrong;
    EXPECT_EQ(RenderDocument(*snapshot_, {.kind = DocumentKind::kLeaflet, .locale = "en", .paper = A4()}, resources)
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument)
        << wrong;
  }
}

TEST_F(DocumentsTest, APrintedLeafletSaysWhenItWasPrintedAndOfWhichDay) {
  auto render = [&](const std::string& locale, PaperSize paper) {
    absl::StatusOr<RenderedDocument> document = RenderDocument(
        *snapshot_,
        {.kind = DocumentKind::kLeaflet, .locale = locale, .paper = paper, .printed_on = absl::CivilDay(2026, 3, 3)},
        {catalogs_, DefaultFontFiles()});
    EXPECT_TRUE(document.ok()) << document.status();
    const std::string path = dir_->File(absl::StrCat("printed-", locale, "-", paper.name, ".pdf"));
    EXPECT_TRUE(WriteFileAtomically(path, document->pdf).ok());
    return path;
  };
  // On every page, in the reader's language; the snapshot reports the state of 1 December 2025.
  const std::map<std::string, std::string> expected = {
      {"nl", "Afgedrukt op 3 maart 2026 — stand van zaken per 1 december 2025"},
      {"pl", "Wydrukowano 3 marca 2026 r. — stan na 1 grudnia 2025 r."},
      {"ro", "Tipărit la 3 martie 2026 — situația la data de 1 decembrie 2025"},
      {"bg", "Отпечатано на 3 март 2026 г. — състояние към 1 декември 2025 г."},
      {"en", "Printed on 3 March 2026 — status as of 1 December 2025"},
  };
  for (const auto& [locale, line] : expected) {
    const std::string path = render(locale, locale == "pl" ? A5() : A4());
    const std::string text = testing::ExtractText(path).text;
    int pages_with_line = 0;
    for (absl::string_view page : absl::StrSplit(text, '\f')) {
      if (absl::StrContains(WithoutWhitespace(std::string(page)), WithoutWhitespace(line))) ++pages_with_line;
    }
    EXPECT_EQ(pages_with_line, testing::PageCount(path)) << locale << ": " << line;
    ExpectWellPlaced(path, 10 * 72 / 25.4);
  }
  // Rendered ahead of printing, a leaflet names no print date.
  EXPECT_THAT(testing::ExtractText(Render(DocumentKind::kLeaflet, "pl")).text, Not(HasSubstr("Wydrukowano")));
}

TEST_F(DocumentsTest, LeafletsForSelectedThemes) {
  absl::StatusOr<RenderedDocument> document = RenderDocument(
      *snapshot_, {.kind = DocumentKind::kLeaflet, .locale = "nl", .paper = A4(), .themes = {"huisvesting"}},
      {catalogs_, DefaultFontFiles()});
  ASSERT_TRUE(document.ok()) << document.status();
  const std::string path = dir_->File("huisvesting.pdf");
  ASSERT_TRUE(WriteFileAtomically(path, document->pdf).ok());
  const std::string text = WithoutWhitespace(testing::ExtractText(path).text);
  EXPECT_THAT(text, HasSubstr("Wetgoedverhuurderschap"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("Netwerksleutelpersonen")));
  EXPECT_THAT(text, HasSubstr(WithoutWhitespace(Message("nl", "leaflet.intro", MessageArgs().Number("count", 7)))));

  absl::StatusOr<RenderedDocument> unknown =
      RenderDocument(*snapshot_, {.kind = DocumentKind::kLeaflet, .locale = "nl", .paper = A4(), .themes = {"wonen"}},
                     {catalogs_, DefaultFontFiles()});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(testing::ErrorText(unknown.status()), HasSubstr("no theme \"wonen\""));
  EXPECT_EQ(RenderDocument(*snapshot_, {.kind = DocumentKind::kLeaflet, .locale = "de", .paper = A4(), .themes = {}},
                           {catalogs_, DefaultFontFiles()})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace werkmonitor
