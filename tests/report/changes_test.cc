// "What changed since the previous report" in the documents, read back as a reader gets them: a
// second report made by hand from the data set (two status changes, a date moved later, a new
// measure) with its comparison written out by hand, rendered in every locale and extracted with
// pdftotext. The first report shows none of it; a snapshot without an as-of date prints no date.
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/files.h"
#include "domain/dashboard.h"
#include "domain/data_set_files.h"
#include "domain/fingerprint.h"
#include "domain/locales.h"
#include "domain/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "i18n/localizer.h"
#include "report_worker/documents/documents.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::MeasureChange;
using monitor::v1::MilestoneChange;
using monitor::v1::PartialDate;
using testing::WithoutWhitespace;

PartialDate Day(int year, int month, int day) {
  PartialDate date;
  date.set_precision(PartialDate::DAY);
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

PartialDate Month(int year, int month) {
  PartialDate date;
  date.set_precision(PartialDate::MONTH);
  date.set_year(year);
  date.set_month(month);
  return date;
}

monitor::v1::Measure* Find(monitor::v1::DataSet& data, const std::string& id) {
  for (monitor::v1::Measure& measure : *data.mutable_measures()) {
    if (measure.id() == id) return &measure;
  }
  ADD_FAILURE() << "no measure " << id;
  return nullptr;
}

// A text with current translations in every locale.
monitor::v1::LocalizedText Translated(const std::map<std::string, std::string>& texts) {
  monitor::v1::LocalizedText text;
  text.set_nl(texts.at("nl"));
  for (const auto& [locale, translation] : texts) {
    if (locale == "nl") continue;
    monitor::v1::Translation& t = (*text.mutable_translations())[locale];
    t.set_text(translation);
    t.set_source_fingerprint(Fingerprint(texts.at("nl")));
  }
  return text;
}

// The dashboard rows of a comparison: per theme (then the total) the counts before and after.
void AddDashboardChanges(const monitor::v1::Dashboard& base, const monitor::v1::Dashboard& target,
                         monitor::v1::SnapshotComparison& comparison) {
  auto add = [&](const monitor::v1::DashboardRow& from, const monitor::v1::DashboardRow& to) {
    monitor::v1::DashboardChange& row = *comparison.add_dashboard();
    row.set_theme_id(to.theme_id());
    row.set_from_total(from.total());
    row.set_to_total(to.total());
    for (int i = 0; i < to.counts_size(); ++i) {
      monitor::v1::StatusDelta& delta = *row.add_statuses();
      delta.set_status(to.counts(i).status());
      delta.set_from_count(CountOf(from, to.counts(i).status()));
      delta.set_to_count(to.counts(i).count());
    }
  };
  for (int i = 0; i < target.themes_size(); ++i) add(base.themes(i), target.themes(i));
  add(base.total(), target.total());
}

class ChangesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<monitor::v1::DataSet> data = LoadDataSetDir(testing::RepoDataDir());
    ASSERT_TRUE(data.ok()) << data.status();
    absl::StatusOr<Catalogs> catalogs = Catalogs::Load(DefaultCatalogDir());
    ASSERT_TRUE(catalogs.ok()) << catalogs.status();
    catalogs_ = new Catalogs(std::move(*catalogs));
    dir_ = new testing::TempDir;

    // The first report: the published appendix, as of December 2025.
    base_ = new monitor::v1::Snapshot;
    base_->mutable_info()->set_id(1);
    base_->mutable_info()->set_label("Bijlage I Monitoringsoverzicht 2025");
    *base_->mutable_info()->mutable_created_at() =
        ToProtoTime(absl::FromUnixSeconds(1768305600));  // 2026-01-13 12:00 UTC
    *base_->mutable_info()->mutable_as_of() = Month(2025, 12);
    *base_->mutable_data() = *data;
    *base_->mutable_dashboard() = ComputeDashboard(*data);

    // The second, as of 1 June 2026.
    target_ = new monitor::v1::Snapshot(*base_);
    target_->mutable_info()->set_id(2);
    target_->mutable_info()->set_label("Voortgangsrapportage juni 2026");
    *target_->mutable_info()->mutable_created_at() = ToProtoTime(absl::FromUnixSeconds(1781049600));  // 2026-06-10
    *target_->mutable_info()->mutable_as_of() = Day(2026, 6, 1);
    monitor::v1::DataSet& next = *target_->mutable_data();
    monitor::v1::Measure* werk1 = Find(next, "werk-1");
    werk1->set_status(monitor::v1::VERTRAAGD);
    werk1->set_status_reason("De uitvoeringstoets van de NAU vraagt meer tijd.");
    for (monitor::v1::Milestone& milestone : *werk1->mutable_milestones()) {
      if (milestone.id() != "invoering_toelatingsstelsel") continue;
      *milestone.mutable_date() = Day(2027, 7, 1);
      milestone.set_move_reason("Uitvoeringstoets NAU vraagt meer tijd");
    }
    monitor::v1::Measure* werk4 = Find(next, "werk-4");
    werk4->set_status(monitor::v1::AFGEROND);
    *werk4->mutable_completed_on() = Month(2026, 5);
    // A new measure, after the theme's last one.
    monitor::v1::Measure added;
    added.set_id("werk-7");
    added.set_theme_id("werk");
    added.set_number("7");
    added.set_status(monitor::v1::DOORLOPEND);
    *added.mutable_title() = Translated({{"nl", "Meldpunt voor uitzendkrachten"},
                                         {"en", "Reporting point for agency workers"},
                                         {"pl", "Punkt zgłoszeń dla pracowników tymczasowych"},
                                         {"ro", "Punct de sesizări pentru lucrătorii temporari"},
                                         {"bg", "Пункт за сигнали на временно наетите работници"}});
    *added.mutable_summary() =
        Translated({{"nl", "Heeft u een probleem met uw uitzendbureau? Meld het bij het meldpunt."},
                    {"en", "A problem with your employment agency? Report it to the reporting point."},
                    {"pl", "Masz problem z agencją pracy? Zgłoś go w punkcie zgłoszeń."},
                    {"ro", "Aveți o problemă cu agenția de muncă? Semnalați-o la punctul de sesizări."},
                    {"bg", "Имате проблем с агенцията си? Съобщете за него в пункта за сигнали."}});
    added.mutable_body()->mutable_nl()->add_blocks()->set_text(
        "Uitzendkrachten kunnen misstanden melden bij één landelijk meldpunt.");
    int last_werk = 0;
    for (int i = 0; i < next.measures_size(); ++i) {
      if (next.measures(i).theme_id() == "werk") last_werk = i;
    }
    *next.mutable_measures()->Add() = added;
    for (int i = next.measures_size() - 1; i > last_werk + 1; --i) next.mutable_measures()->SwapElements(i, i - 1);
    *target_->mutable_dashboard() = ComputeDashboard(next);
    *target_->mutable_dashboard()->mutable_as_of() = Day(2026, 6, 1);
    // Counted by the service (domain/dashboard.h CountMilestones); set here so the test does not
    // depend on it.
    for (monitor::v1::DashboardRow& row : *target_->mutable_dashboard()->mutable_themes()) {
      if (row.theme_id() == "werk") {
        row.set_milestones_overdue(2);
        row.set_milestones_moved(1);
      }
    }

    // What changed, written out.
    monitor::v1::SnapshotComparison& changes = *target_->mutable_changes();
    *changes.mutable_base() = base_->info();
    *changes.mutable_target() = target_->info();
    MeasureChange& c1 = *changes.add_measures();
    c1.set_measure_id("werk-1");
    c1.set_kind(MeasureChange::CHANGED);
    c1.set_from_status(monitor::v1::IN_UITVOERING);
    c1.set_to_status(monitor::v1::VERTRAAGD);
    c1.set_summary_changed(false);
    MilestoneChange& moved = *c1.add_milestones();
    moved.set_kind(MilestoneChange::MOVED);
    moved.set_milestone_id("invoering_toelatingsstelsel");
    *moved.mutable_from_date() = Day(2027, 1, 1);
    *moved.mutable_to_date() = Day(2027, 7, 1);
    moved.set_reason("Uitvoeringstoets NAU vraagt meer tijd");
    moved.set_later(true);
    MeasureChange& c4 = *changes.add_measures();
    c4.set_measure_id("werk-4");
    c4.set_kind(MeasureChange::CHANGED);
    c4.set_from_status(monitor::v1::VERTRAAGD);
    c4.set_to_status(monitor::v1::AFGEROND);
    MeasureChange& c7 = *changes.add_measures();
    c7.set_measure_id("werk-7");
    c7.set_kind(MeasureChange::ADDED);
    c7.set_to_status(monitor::v1::DOORLOPEND);
    AddDashboardChanges(base_->dashboard(), target_->dashboard(), changes);
  }
  static void TearDownTestSuite() {
    delete base_;
    delete target_;
    delete catalogs_;
    delete dir_;
  }

  // Renders a document and returns its extracted text without whitespace (lines and pages may
  // break anywhere); "" when rendering failed.
  static std::string Text(const monitor::v1::Snapshot& snapshot, DocumentKind kind, const std::string& locale,
                          PaperSize paper = A4()) {
    absl::StatusOr<RenderedDocument> document =
        RenderDocument(snapshot, {.kind = kind, .locale = locale, .paper = paper}, {catalogs_, DefaultFontFiles()});
    EXPECT_TRUE(document.ok()) << document.status();
    if (!document.ok()) return "";
    const std::string path =
        dir_->File(absl::StrCat(ToString(kind), "-", locale, "-", paper.name, "-", snapshot.info().id(), ".pdf"));
    EXPECT_TRUE(WriteFileAtomically(path, document->pdf).ok());
    // In drawing order (-raw), so a table cell's lines stay together rather than interleave with
    // the next cell's.
    const testing::CommandResult text = testing::RunCommand({"/usr/bin/pdftotext", "-raw", "-enc", "UTF-8", path, "-"});
    EXPECT_EQ(text.exit_code, 0) << path;
    EXPECT_EQ(text.err, "") << path;
    return WithoutWhitespace(absl::StrReplaceAll(text.out, {{"\f", ""}}));
  }

  static Localizer L10n(const std::string& locale) { return *Localizer::Create(*catalogs_, locale); }
  static std::string Message(const std::string& locale, const std::string& key, const MessageArgs& args = {}) {
    absl::StatusOr<Localized> message = L10n(locale).Message(key, args);
    EXPECT_TRUE(message.ok()) << key << ": " << message.status();
    return message.ok() ? WithoutWhitespace(message->text) : "?";
  }
  static std::string Status(const std::string& locale, monitor::v1::Status status) {
    return L10n(locale).Message(absl::StrCat("status.", monitor::v1::Status_Name(status), ".label"))->text;
  }
  static std::string Date(const std::string& locale, const PartialDate& date) { return *L10n(locale).Date(date); }
  static std::string FromTo(const std::string& locale, const std::string& from, const std::string& to) {
    return Message(locale, "changes.from_to", MessageArgs().Text("from", from).Text("to", to));
  }
  static std::string CountWithChange(const std::string& locale, int count, int change) {
    return Message(locale, "dashboard.count_with_change",
                   MessageArgs()
                       .Number("count", count)
                       .Number("change", change < 0 ? -change : change)
                       .Text("direction", change > 0 ? "up" : "down"));
  }

  static monitor::v1::Snapshot* base_;
  static monitor::v1::Snapshot* target_;
  static Catalogs* catalogs_;
  static testing::TempDir* dir_;
};
monitor::v1::Snapshot* ChangesTest::base_ = nullptr;
monitor::v1::Snapshot* ChangesTest::target_ = nullptr;
Catalogs* ChangesTest::catalogs_ = nullptr;
testing::TempDir* ChangesTest::dir_ = nullptr;

// Whether `text` contains `piece`, saying which piece (never the whole document) either way.
::testing::AssertionResult Contains(const std::string& text, const std::string& piece) {
  if (absl::StrContains(text, piece)) return ::testing::AssertionSuccess() << "\"" << piece << "\" found";
  return ::testing::AssertionFailure() << "\"" << piece << "\" not found";
}

int StatusTotal(const monitor::v1::Snapshot& snapshot, monitor::v1::Status status) {
  return CountOf(snapshot.dashboard().total(), status);
}

int Occurrences(const std::string& text, const std::string& piece) {
  int n = 0;
  for (size_t at = text.find(piece); at != std::string::npos; at = text.find(piece, at + piece.size())) ++n;
  return n;
}

TEST_F(ChangesTest, TheDutchDocumentsSayWhatChangedInPlainWords) {
  const std::string appendix = Text(*target_, DocumentKind::kAppendix, "nl");
  for (const char* piece :
       {"Stand van zaken per 1 juni 2026 · Voortgangsrapportage juni 2026",
        "Wijzigingen sinds de vorige rapportage (december 2025)",
        "2 maatregelen gewijzigd, 1 nieuwe maatregel, 1 datum verschoven.", "Maatregelen met een andere status",
        "was In uitvoering, nu In uitvoering, vertraagd", "was In uitvoering, vertraagd, nu Afgerond",
        "Verschoven data", "Beoogde invoering toelatingsstelsel", "was 1 januari 2027, nu 1 juli 2027",
        "Uitvoeringstoets NAU vraagt meer tijd", "Nieuwe maatregelen", "7. Meldpunt voor uitzendkrachten",
        "Nieuw sinds december 2025"}) {
    EXPECT_TRUE(Contains(appendix, WithoutWhitespace(piece)));
  }
  EXPECT_EQ(Occurrences(appendix, WithoutWhitespace("Gewijzigd sinds december 2025")), 2);  // werk-1, werk-4

  const std::string dashboard = Text(*target_, DocumentKind::kDashboard, "nl");
  const int doorlopend = StatusTotal(*target_, monitor::v1::DOORLOPEND);
  const int in_uitvoering = StatusTotal(*target_, monitor::v1::IN_UITVOERING);
  for (const std::string& piece :
       {std::string("Stand van zaken per 1 juni 2026"), absl::StrCat(doorlopend, "(+1)"),
        absl::StrCat(in_uitvoering, "(–1)"), std::string("7(+1)"), std::string("2 mijlpalen over datum"),
        std::string("1 mijlpaal later gepland"),
        std::string("Tussen haakjes: de verandering sinds de vorige rapportage (december 2025)")}) {
    EXPECT_TRUE(Contains(dashboard, WithoutWhitespace(piece)));
  }

  const std::string leaflet = Text(*target_, DocumentKind::kLeaflet, "nl");
  for (const char* piece : {"Wat is er veranderd sinds december 2025",
                            "Bij 3 maatregelen is iets veranderd:", "Nieuw: Meldpunt voor uitzendkrachten",
                            "Toelatingsstelsel voor bestaande en startende uitleners: nu „In uitvoering, vertraagd” "
                            "(was „In uitvoering”)",
                            "Beoogde invoering toelatingsstelsel: nieuwe datum 1 juli 2027 (was 1 januari 2027)",
                            "Gewijzigd: Toelatingsstelsel voor bestaande en startende uitleners",
                            "Nieuw: Meldpunt voor uitzendkrachten · Doorlopend"}) {
    EXPECT_TRUE(Contains(leaflet, WithoutWhitespace(piece)));
  }
  // Only the structured changes: never the departments' own Dutch words.
  EXPECT_FALSE(Contains(leaflet, WithoutWhitespace("Uitvoeringstoets NAU vraagt meer tijd")));
}

TEST_F(ChangesTest, EveryLocaleShowsTheChangesInItsOwnWords) {
  const PartialDate base_as_of = base_->info().as_of();
  for (const std::string& locale : SupportedLocales()) {
    SCOPED_TRACE(locale);
    Localizer l10n = L10n(locale);
    const std::string since = Date(locale, base_as_of);
    const std::string as_of = Message(locale, "document.snapshot_line",
                                      MessageArgs()
                                          .Text("date", Date(locale, target_->info().as_of()))
                                          .Text("precision", "day")
                                          .Text("label", target_->info().label()));
    const std::string status_change =
        FromTo(locale, Status(locale, monitor::v1::IN_UITVOERING), Status(locale, monitor::v1::VERTRAAGD));
    const std::string moved_date = FromTo(locale, Date(locale, Day(2027, 1, 1)), Date(locale, Day(2027, 7, 1)));
    const std::string werk1 = l10n.Text(Find(*target_->mutable_data(), "werk-1")->title()).text;
    const std::string werk7 = l10n.Text(Find(*target_->mutable_data(), "werk-7")->title()).text;

    const std::string appendix = Text(*target_, DocumentKind::kAppendix, locale);
    EXPECT_TRUE(Contains(appendix, as_of));
    EXPECT_TRUE(Contains(appendix, Message(locale, "appendix.changes.title", MessageArgs().Text("since", since))));
    EXPECT_TRUE(Contains(appendix, Message(locale, "appendix.changes.summary",
                                           MessageArgs().Number("changed", 2).Number("added", 1).Number("moved", 1))));
    EXPECT_TRUE(Contains(appendix, status_change));
    EXPECT_TRUE(Contains(appendix, moved_date));
    EXPECT_TRUE(Contains(appendix, WithoutWhitespace(werk7)));
    EXPECT_EQ(Occurrences(appendix, Message(locale, "appendix.changes.marker", MessageArgs().Text("since", since))), 2);
    EXPECT_EQ(Occurrences(appendix, Message(locale, "appendix.changes.marker_new", MessageArgs().Text("since", since))),
              1);

    const std::string dashboard = Text(*target_, DocumentKind::kDashboard, locale);
    EXPECT_TRUE(Contains(dashboard, as_of));
    EXPECT_TRUE(Contains(dashboard, CountWithChange(locale, StatusTotal(*target_, monitor::v1::DOORLOPEND), +1)));
    EXPECT_TRUE(Contains(dashboard, CountWithChange(locale, StatusTotal(*target_, monitor::v1::IN_UITVOERING), -1)));
    EXPECT_TRUE(Contains(dashboard, Message(locale, "dashboard.milestones.overdue", MessageArgs().Number("count", 2))));
    EXPECT_TRUE(Contains(dashboard, Message(locale, "dashboard.milestones.moved", MessageArgs().Number("count", 1))));
    // The other themes have none: a zero is left out, not printed six times.
    EXPECT_FALSE(Contains(dashboard, Message(locale, "dashboard.milestones.moved", MessageArgs().Number("count", 0))));

    for (PaperSize paper : {A4(), A5()}) {
      const std::string leaflet = Text(*target_, DocumentKind::kLeaflet, locale, paper);
      EXPECT_TRUE(Contains(leaflet, Message(locale, "leaflet.changes.title", MessageArgs().Text("since", since))));
      EXPECT_TRUE(Contains(leaflet, Message(locale, "leaflet.changes.count", MessageArgs().Number("count", 3))));
      EXPECT_TRUE(Contains(leaflet, Message(locale, "leaflet.changes.status",
                                            MessageArgs()
                                                .Text("measure", werk1)
                                                .Text("from", Status(locale, monitor::v1::IN_UITVOERING))
                                                .Text("to", Status(locale, monitor::v1::VERTRAAGD)))));
      EXPECT_TRUE(Contains(leaflet, Message(locale, "leaflet.changes.added", MessageArgs().Text("measure", werk7))));
      EXPECT_TRUE(Contains(leaflet, WithoutWhitespace(Date(locale, Day(2027, 7, 1)))));
      EXPECT_TRUE(Contains(leaflet, Message(locale, "leaflet.marker.changed")));
      EXPECT_TRUE(Contains(leaflet, Message(locale, "leaflet.marker.new")));
    }
  }
}

// Counts with their change ("16 (–1)") are wider than counts: they still stay inside the margins.
TEST_F(ChangesTest, NothingRunsIntoTheMargins) {
  for (const std::string& locale : SupportedLocales()) {
    for (const auto& [kind, margin] :
         {std::pair{DocumentKind::kDashboard, 18.0}, std::pair{DocumentKind::kLeaflet, 10.0},
          std::pair{DocumentKind::kAppendix, 20.0}}) {
      Text(*target_, kind, locale);  // writes the file
      const std::string path = dir_->File(absl::StrCat(ToString(kind), "-", locale, "-A4-2.pdf"));
      int outside = 0;
      for (const testing::Word& w : testing::Words(path)) {
        const double edge = margin * 72 / 25.4 - 1;
        if ((w.x_min < edge || w.x_max > w.page_width - edge) && ++outside <= 3) {
          ADD_FAILURE() << path << " page " << w.page << ": \"" << w.text << "\" runs into the margin";
        }
      }
      EXPECT_EQ(outside, 0) << path;
    }
  }
}

TEST_F(ChangesTest, DiacriticsAndCyrillicSurviveInTheChanges) {
  EXPECT_TRUE(Contains(Text(*target_, DocumentKind::kLeaflet, "pl"),
                       WithoutWhitespace("Co się zmieniło od ostatniego raportu (grudzień 2025 r.)")));
  EXPECT_TRUE(
      Contains(Text(*target_, DocumentKind::kAppendix, "pl"), WithoutWhitespace("Stan na 1 czerwca 2026 r.")));
  EXPECT_TRUE(
      Contains(Text(*target_, DocumentKind::kAppendix, "ro"), WithoutWhitespace("Situația la data de 1 iunie 2026")));
  EXPECT_TRUE(Contains(Text(*target_, DocumentKind::kLeaflet, "ro"),
                       WithoutWhitespace("Ce s-a schimbat de la raportul anterior (decembrie 2025)")));
  EXPECT_TRUE(
      Contains(Text(*target_, DocumentKind::kDashboard, "bg"), WithoutWhitespace("Състояние към 1 юни 2026 г.")));
  EXPECT_TRUE(Contains(Text(*target_, DocumentKind::kLeaflet, "bg"),
                       WithoutWhitespace("Нова мярка: Пункт за сигнали на временно наетите работници")));
}

TEST_F(ChangesTest, TheFirstReportShowsNoChanges) {
  for (const std::string& locale : SupportedLocales()) {
    SCOPED_TRACE(locale);
    const std::string since = Date(locale, base_->info().as_of());
    const std::string appendix = Text(*base_, DocumentKind::kAppendix, locale);
    const std::string dashboard = Text(*base_, DocumentKind::kDashboard, locale);
    const std::string leaflet = Text(*base_, DocumentKind::kLeaflet, locale);
    EXPECT_FALSE(Contains(appendix, Message(locale, "appendix.changes.title", MessageArgs().Text("since", since))));
    EXPECT_FALSE(Contains(appendix, Message(locale, "appendix.changes.marker", MessageArgs().Text("since", since))));
    EXPECT_FALSE(Contains(appendix, Message(locale, "appendix.changes.status_title")));
    EXPECT_FALSE(Contains(leaflet, Message(locale, "leaflet.changes.title", MessageArgs().Text("since", since))));
    EXPECT_FALSE(Contains(leaflet, Message(locale, "leaflet.marker.changed") + ":"));
    EXPECT_FALSE(Contains(dashboard, Message(locale, "dashboard.changes_note", MessageArgs().Text("since", since))));
    EXPECT_FALSE(Contains(dashboard, Message(locale, "dashboard.milestones.moved", MessageArgs().Number("count", 0))));
    for (const std::string& text : {appendix, dashboard, leaflet}) {
      EXPECT_FALSE(Contains(text, "(+"));
      EXPECT_FALSE(Contains(text, "(–"));
    }
    // Its own as-of date, at its precision.
    EXPECT_TRUE(Contains(
        appendix,
        Message(locale, "document.snapshot_line",
                MessageArgs().Text("date", since).Text("precision", "month").Text("label", base_->info().label()))));
  }
}

TEST_F(ChangesTest, ASnapshotWithoutAnAsOfDatePrintsNoDate) {
  monitor::v1::Snapshot old = *base_;
  old.mutable_info()->clear_as_of();
  for (DocumentKind kind : {DocumentKind::kAppendix, DocumentKind::kDashboard, DocumentKind::kLeaflet}) {
    const std::string text = Text(old, kind, "nl");
    EXPECT_TRUE(Contains(text, WithoutWhitespace("Bijlage I Monitoringsoverzicht 2025")));
    // Not the day it was made (13 January 2026), nor any "as of" wording.
    EXPECT_FALSE(Contains(text, "13januari2026"));
    EXPECT_FALSE(Contains(text, "Standvanzakenper"));
  }
  absl::StatusOr<RenderedDocument> printed =
      RenderDocument(old, {.kind = DocumentKind::kLeaflet, .locale = "nl", .printed_on = absl::CivilDay(2026, 3, 3)},
                     {catalogs_, DefaultFontFiles()});
  ASSERT_TRUE(printed.ok()) << printed.status();
  const std::string path = dir_->File("printed-undated.pdf");
  ASSERT_TRUE(WriteFileAtomically(path, printed->pdf).ok());
  const std::string text = WithoutWhitespace(testing::ExtractText(path).text);
  EXPECT_TRUE(Contains(text, "Afgedruktop3maart2026"));
  EXPECT_FALSE(Contains(text, "standvanzakenper"));
}

}  // namespace
}  // namespace werkmonitor
