// Proves the transcription of the 2025 appendix in data/ against the copy of the source text in
// data/source/: every paragraph, title, number and status of the source is in the data, the
// milestones quote the text, and the published figures differ from the computed ones only where the
// document itself is wrong.
#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/files.h"
#include "domain/dashboard.h"
#include "domain/data_set_files.h"
#include "domain/data_set_rules.h"
#include "domain/fingerprint.h"
#include "domain/partial_date.h"
#include "domain/status.h"
#include "domain/locales.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::DataSet;
using monitor::v1::Measure;

std::string CollapseWhitespace(absl::string_view text) {
  return absl::StrJoin(absl::StrSplit(text, absl::ByAnyChar(" \t\n\r"), absl::SkipEmpty()), " ");
}

std::string StripTags(const std::string& text) {
  static const std::regex kTag("<[^>]*>");
  return absl::StrReplaceAll(std::regex_replace(text, kTag, " "), {{"**", ""}});
}

bool IsStatusLabel(absl::string_view text) {
  for (const StatusInfo& info : AllStatuses()) {
    if (absl::EqualsIgnoreCase(text, info.label_nl)) return true;
  }
  return false;
}

// The source's measure part (after the legend and dashboard) cut into the smallest pieces its
// markup delimits: lines, <p> and <li> elements, italic runs, numbered list items; list markers and
// numbering removed.
std::vector<std::string> SourcePieces(const std::string& source) {
  std::vector<std::string> lines = absl::StrSplit(source, '\n');
  auto first_text = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.size() > 200; });
  std::string body = absl::StrJoin(first_text - 1, lines.end(), "\n");  // from the first theme heading
  body = absl::StrReplaceAll(body, {{"</p>", "\n"}, {"</i>", "\n"}, {"<li>", "\n"}, {"\t", "\n"}, {"•", "\n"}});
  static const std::regex kNumberedItem(R"( (\d+)\) )");
  body = std::regex_replace(body, kNumberedItem, "\n");
  static const std::regex kLeadingMarker(R"(^(?:● |- |[a-c]\. |\d+\. |\d+\) )+)");

  std::vector<std::string> pieces;
  for (absl::string_view raw : absl::StrSplit(body, '\n')) {
    std::string piece = CollapseWhitespace(StripTags(std::string(raw)));
    piece = std::regex_replace(piece, kLeadingMarker, "");
    piece = std::string(absl::StripAsciiWhitespace(piece));
    if (absl::StartsWith(piece, "● ")) piece = piece.substr(std::string("● ").size());
    if (piece.empty() || IsStatusLabel(piece) || piece == "MAATREGELEN" || piece == "MAATREGELLEN") continue;
    pieces.push_back(piece);
  }
  return pieces;
}

void AppendBody(const monitor::v1::Body& body, std::vector<std::string>& texts) {
  for (const auto& block : body.blocks()) {
    if (!block.text().empty()) texts.push_back(block.text());
    for (const auto& item : block.items()) texts.push_back(item);
  }
}

std::string MeasureText(const Measure& m) {
  std::vector<std::string> texts = {m.title().nl()};
  AppendBody(m.body().nl(), texts);
  return absl::StrJoin(texts, "\n");
}

class AppendixDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<DataSet> loaded = LoadDataSetDir(testing::RepoDataDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    data_ = new DataSet(std::move(*loaded));
    absl::StatusOr<std::string> text = ReadFile(testing::SourceTextPath());
    ASSERT_TRUE(text.ok()) << text.status();
    source_ = new std::string(std::move(*text));
  }
  static void TearDownTestSuite() {
    delete data_;
    delete source_;
  }
  static std::vector<const Measure*> Leaves() {
    std::set<std::string> parents;
    for (const Measure& m : data_->measures()) parents.insert(m.parent_id());
    std::vector<const Measure*> leaves;
    for (const Measure& m : data_->measures()) {
      if (!parents.count(m.id())) leaves.push_back(&m);
    }
    return leaves;
  }

  static DataSet* data_;
  static std::string* source_;
};
DataSet* AppendixDataTest::data_ = nullptr;
std::string* AppendixDataTest::source_ = nullptr;

TEST_F(AppendixDataTest, IsAValidDataSetOfSevenThemesAndFortyOneMeasures) {
  EXPECT_TRUE(ValidateDataSet(*data_).ok()) << ValidateDataSet(*data_);
  EXPECT_EQ(data_->themes_size(), 7);
  EXPECT_EQ(Leaves().size(), 41u);
  std::vector<std::string> children;
  for (const Measure& m : data_->measures()) {
    if (m.parent_id() == "registratie-2") children.push_back(m.number());
  }
  EXPECT_THAT(children, ::testing::ElementsAre("2a", "2b", "2c"));
}

TEST_F(AppendixDataTest, EverySourceParagraphIsInTheData) {
  std::vector<std::string> texts;
  for (const auto& theme : data_->themes()) {
    texts.push_back(theme.title().nl());
    AppendBody(theme.introduction().nl(), texts);
  }
  for (const Measure& m : data_->measures()) texts.push_back(MeasureText(m));
  const std::string haystack = CollapseWhitespace(absl::StrJoin(texts, "\n"));
  const std::string haystack_lower = absl::AsciiStrToLower(haystack);

  const std::vector<std::string> pieces = SourcePieces(*source_);
  EXPECT_GT(pieces.size(), 150u);  // guards against a splitter that finds nothing
  int missing = 0;
  for (const std::string& piece : pieces) {
    const bool short_heading = std::count(piece.begin(), piece.end(), ' ') < 5;
    const bool found = absl::StrContains(haystack, piece) ||
                       (short_heading && absl::StrContains(haystack_lower, absl::AsciiStrToLower(piece)));
    if (!found && ++missing <= 10) ADD_FAILURE() << "source text not in the data: \"" << piece << "\"";
  }
  EXPECT_EQ(missing, 0);
}

TEST_F(AppendixDataTest, EveryNumberTitleAndStatusIsAsPrinted) {
  const std::string source = CollapseWhitespace(StripTags(*source_));
  std::set<std::string> parents;
  for (const Measure& m : data_->measures()) parents.insert(m.parent_id());
  for (const Measure& m : data_->measures()) {
    // "1. Netwerk sleutelpersonen", or "a. Experiment ..." for sub-measure 2a.
    const std::string printed_number = m.parent_id().empty() ? m.number() : m.number().substr(m.number().size() - 1);
    const std::string heading = absl::StrCat(printed_number, ". ", m.title().nl());
    const size_t at = source.find(heading);
    ASSERT_NE(at, std::string::npos) << m.id() << ": \"" << heading << "\" is not in the source";
    if (parents.count(m.id())) continue;
    // The first status label after the heading is the measure's; prefer the longer label where
    // "In uitvoering" starts "In uitvoering, vertraagd".
    size_t best = std::string::npos;
    std::string label;
    for (const StatusInfo& info : AllStatuses()) {
      const size_t found = source.find(std::string(info.label_nl), at + heading.size());
      if (found < best || (found == best && info.label_nl.size() > label.size())) {
        best = found;
        label = std::string(info.label_nl);
      }
    }
    EXPECT_EQ(label, InfoFor(m.status()).label_nl) << m.id();
  }
}

// Counts the status markers of the source's measures ("● Afgerond", "- In uitvoering", a radio
// input's label) and compares them with the statuses of the transcribed leaf measures.
TEST_F(AppendixDataTest, StatusMarkersInTheSourceMatchTheMeasures) {
  std::map<std::string, int> printed;
  for (absl::string_view line : absl::StrSplit(*source_, '\n')) {
    for (absl::string_view marker : {"● ", "/> ", "- "}) {
      for (size_t at = line.find(marker); at != absl::string_view::npos; at = line.find(marker, at + 1)) {
        if (marker == "- " && at != 0) break;  // a dash marks a status only at the start of a line
        const absl::string_view rest = line.substr(at + marker.size());
        std::string label;
        for (const StatusInfo& info : AllStatuses()) {
          if (absl::StartsWith(rest, info.label_nl) && info.label_nl.size() > label.size())
            label = std::string(info.label_nl);
        }
        const bool at_end = rest.size() == label.size() || rest[label.size()] == '<' || rest[label.size()] == '\r';
        if (!label.empty() && at_end) ++printed[label];  // a legend or dashboard line goes on with a tab
      }
    }
  }
  std::map<std::string, int> transcribed;
  for (const Measure* m : Leaves()) ++transcribed[std::string(InfoFor(m->status()).label_nl)];
  EXPECT_EQ(printed, transcribed);
}

TEST_F(AppendixDataTest, MilestonesQuoteTheTextAtItsPrecision) {
  static const char* kMonths[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                  "juli",    "augustus", "september", "oktober", "november", "december"};
  static const std::map<monitor::v1::PartialDate::Period, std::vector<std::string>> kPeriodWords = {
      {monitor::v1::PartialDate::BEGIN, {"begin"}},   {monitor::v1::PartialDate::SPRING, {"voorjaar"}},
      {monitor::v1::PartialDate::MID, {"medio"}},     {monitor::v1::PartialDate::SUMMER, {"zomer"}},
      {monitor::v1::PartialDate::AUTUMN, {"najaar"}}, {monitor::v1::PartialDate::END, {"eind"}},
  };
  int milestones = 0;
  for (const Measure& m : data_->measures()) {
    const std::string text = CollapseWhitespace(MeasureText(m));
    for (const auto& milestone : m.milestones()) {
      ++milestones;
      const auto& date = milestone.date();
      const std::string& written = milestone.as_written();
      EXPECT_TRUE(absl::StrContains(text, written)) << m.id() << ": \"" << written << "\" is not in its text";
      static const std::regex kYear(R"(\b(19|20)\d\d\b)");
      if (std::regex_search(written, kYear)) {
        EXPECT_TRUE(absl::StrContains(written, std::to_string(date.year()))) << m.id() << "/" << milestone.id();
      }
      switch (date.precision()) {
        case monitor::v1::PartialDate::DAY:
          EXPECT_TRUE(absl::StartsWith(written, absl::StrCat(date.day(), " ", kMonths[date.month() - 1])))
              << m.id() << "/" << milestone.id() << ": " << written;
          break;
        case monitor::v1::PartialDate::MONTH:
          EXPECT_TRUE(absl::StrContains(written, kMonths[date.month() - 1])) << m.id() << "/" << milestone.id();
          break;
        case monitor::v1::PartialDate::PERIOD: {
          const std::string lower = absl::AsciiStrToLower(written);
          const auto& words = kPeriodWords.at(date.period());
          EXPECT_TRUE(
              std::any_of(words.begin(), words.end(), [&](const auto& w) { return absl::StrContains(lower, w); }))
              << m.id() << "/" << milestone.id() << ": " << written;
          break;
        }
        default:
          break;
      }
    }
  }
  EXPECT_GT(milestones, 40);
}

// Counted by hand from the source: the theme rows of the printed dashboard agree with the measures
// except "Handhaving en toezicht", which prints 3 "In uitvoering" where its measures 6 and 7 are
// the only two. The data keeps the printed 3; the computed dashboard says 2.
TEST_F(AppendixDataTest, PublishedFiguresDifferOnlyWhereTheDocumentIsWrong) {
  const monitor::v1::Dashboard computed = ComputeDashboard(*data_);
  const std::vector<FigureDifference> differences = CompareWithPublished(data_->published(), computed);
  ASSERT_EQ(differences.size(), 1u);
  EXPECT_EQ(differences[0].theme_id, "handhaving-en-toezicht");
  EXPECT_EQ(differences[0].column, "In uitvoering");
  EXPECT_EQ(differences[0].published, 3);
  EXPECT_EQ(differences[0].computed, 2);
  EXPECT_EQ(data_->published().rows_size(), 8);
}

std::vector<std::string> TranslatedLocales() {
  std::vector<std::string> locales;
  for (const std::string& locale : SupportedLocales()) {
    if (locale != kSourceLocale) locales.push_back(locale);
  }
  return locales;
}

TEST_F(AppendixDataTest, TranslationsAreCompleteAndMadeFromTheCurrentDutch) {
  for (const std::string& locale : TranslatedLocales()) {
    for (const auto& theme : data_->themes()) {
      ASSERT_TRUE(theme.title().translations().contains(locale)) << theme.id() << " " << locale;
      EXPECT_EQ(theme.title().translations().at(locale).source_fingerprint(), Fingerprint(theme.title().nl()));
      ASSERT_TRUE(theme.introduction().translations().contains(locale)) << theme.id() << " " << locale;
      EXPECT_EQ(theme.introduction().translations().at(locale).source_fingerprint(),
                Fingerprint(theme.introduction().nl()));
    }
    for (const Measure& m : data_->measures()) {
      for (const auto* text : {&m.title(), &m.summary()}) {
        ASSERT_TRUE(text->translations().contains(locale)) << m.id() << " " << locale;
        EXPECT_EQ(text->translations().at(locale).source_fingerprint(), Fingerprint(text->nl())) << m.id();
        EXPECT_FALSE(text->translations().at(locale).text().empty()) << m.id();
      }
      for (const auto& milestone : m.milestones()) {
        ASSERT_TRUE(milestone.label().translations().contains(locale)) << m.id() << "/" << milestone.id();
        EXPECT_EQ(milestone.label().translations().at(locale).source_fingerprint(),
                  Fingerprint(milestone.label().nl()));
      }
    }
  }
}

// The departments a Dutch text names as responsible: "het ministerie van BZK", "de minister van
// SZW", "De staatssecretaris van BZK", "de ministeries van JenV, VWS en SZW", and the one minister
// the source names by portfolio, "De minister voor Rechtsbescherming" (Justitie en Veiligheid).
// Derived here from the text, independently of the owners the data records.
std::set<std::string> DepartmentsNamedIn(const std::string& text, const std::set<std::string>& codes) {
  std::set<std::string> named;
  static const std::regex kNaming(
      R"((?:ministerie|minister|staatssecretaris|ministeries) van ([A-Za-z]+(?:(?:, | en )[A-Za-z]+)*))",
      std::regex::icase);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kNaming); it != std::sregex_iterator(); ++it) {
    for (absl::string_view word : absl::StrSplit((*it)[1].str(), absl::ByAnyChar(", "), absl::SkipEmpty())) {
      if (codes.count(std::string(word))) named.insert(std::string(word));
    }
  }
  if (absl::StrContains(absl::AsciiStrToLower(text), "minister voor rechtsbescherming")) named.insert("JenV");
  return named;
}

TEST_F(AppendixDataTest, SixDepartmentsWithTheirNamesInEveryLocale) {
  std::set<std::string> codes;
  for (const auto& department : data_->departments()) {
    codes.insert(department.code());
    EXPECT_TRUE(absl::StartsWith(department.name().nl(), "Ministerie van ")) << department.code();
    for (const std::string& locale : TranslatedLocales()) {
      ASSERT_TRUE(department.name().translations().contains(locale)) << department.code() << " " << locale;
      EXPECT_EQ(department.name().translations().at(locale).source_fingerprint(), Fingerprint(department.name().nl()))
          << department.code() << " " << locale;
    }
  }
  // The ministries the source itself names by abbreviation, anywhere in its text.
  std::set<std::string> named_in_source;
  static const std::regex kAbbreviation(R"(\b(SZW|BZK|VRO|VWS|JenV|OCW)\b)");
  for (auto it = std::sregex_iterator(source_->begin(), source_->end(), kAbbreviation); it != std::sregex_iterator();
       ++it) {
    named_in_source.insert((*it)[1].str());
  }
  EXPECT_EQ(codes, named_in_source);
}

// Every measure has an owner. Where its Dutch text names ministries, the owner is one of them and
// the quote is words of that text (and of the source file) naming it; where it names none, the
// owner is the theme's default and there is no quote.
TEST_F(AppendixDataTest, EveryMeasureHasAnOwnerFromItsTextOrItsThemesDefault) {
  std::set<std::string> codes;
  for (const auto& department : data_->departments()) codes.insert(department.code());
  std::map<std::string, std::string> defaults;
  for (const auto& theme : data_->themes()) {
    EXPECT_TRUE(codes.count(theme.default_owner())) << theme.id() << ": \"" << theme.default_owner() << "\"";
    defaults[theme.id()] = theme.default_owner();
  }
  const std::string source = CollapseWhitespace(StripTags(*source_));
  std::map<std::string, int> by_basis;
  for (const Measure& m : data_->measures()) {
    const std::string& owner = m.owner().department();
    const std::string& quote = m.owner().quote();
    ASSERT_TRUE(codes.count(owner)) << m.id() << " has no known owner: \"" << owner << "\"";
    const std::set<std::string> named = DepartmentsNamedIn(MeasureText(m), codes);
    if (named.empty()) {
      ++by_basis["theme default"];
      EXPECT_EQ(owner, defaults[m.theme_id()]) << m.id();
      EXPECT_EQ(quote, "") << m.id();
      continue;
    }
    ++by_basis["text"];
    EXPECT_TRUE(named.count(owner)) << m.id() << ": " << owner << " is not among the ministries its text names";
    EXPECT_TRUE(absl::StrContains(MeasureText(m), quote)) << m.id() << ": \"" << quote << "\"";
    EXPECT_TRUE(absl::StrContains(source, quote)) << m.id() << ": \"" << quote << "\" is not in the source text";
    EXPECT_TRUE(DepartmentsNamedIn(quote, codes).count(owner))
        << m.id() << ": \"" << quote << "\" does not name " << owner;
  }
  // Both bases occur, and every measure (parents included) was counted once.
  EXPECT_GT(by_basis["text"], 0);
  EXPECT_GT(by_basis["theme default"], 0);
  EXPECT_EQ(by_basis["text"] + by_basis["theme default"], data_->measures_size());
}

// The document prints no date: the as-of date chosen is no earlier than the latest date its text
// reports as past ("per brief van 14 november 2025") and comes with its reason.
TEST_F(AppendixDataTest, TheAsOfDateIsTheMonthOfTheLatestDatedFact) {
  const auto& source = data_->source();
  ASSERT_TRUE(source.has_as_of());
  EXPECT_FALSE(source.as_of_reason().empty());
  static const char* kMonths[] = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                  "juli",    "augustus", "september", "oktober", "november", "december"};
  // The latest "brief van D MAAND JJJJ" of the text: letters already sent.
  static const std::regex kLetter(R"(brief van (\d{1,2}) ([a-z]+) (20\d\d))");
  int latest_year = 0, latest_month = 0;
  for (auto it = std::sregex_iterator(source_->begin(), source_->end(), kLetter); it != std::sregex_iterator(); ++it) {
    const int year = std::stoi((*it)[3].str());
    const int month = static_cast<int>(std::find(std::begin(kMonths), std::end(kMonths), (*it)[2].str()) - kMonths) + 1;
    if (std::tie(year, month) > std::tie(latest_year, latest_month))
      std::tie(latest_year, latest_month) = std::make_tuple(year, month);
  }
  ASSERT_GT(latest_year, 0);
  EXPECT_EQ(source.as_of().precision(), monitor::v1::PartialDate::MONTH);
  EXPECT_EQ(source.as_of().year(), latest_year);
  EXPECT_EQ(source.as_of().month(), latest_month);
  EXPECT_TRUE(absl::StrContains(source.as_of_reason(), absl::StrCat(kMonths[latest_month - 1], " ", latest_year)));
}

// The milestones dated wholly before the as-of month (their last possible day lies before its first
// day) that the source text does not report as having happened: the open past promises the first
// report counts as overdue. Every other such milestone is marked reached in the data, with the words
// that show it in a comment above the flag. In the 2025 appendix the list is empty: all such
// milestones are events the text reports in the past tense or as in force ("Sinds oktober 2022
// kunnen...", "trad op 1 juli 2023 in werking"); its missed and postponed promises carry no date that
// has passed. A reached flag removed or a new past date added makes one of the tests below name it.
struct OpenPastMilestone {
  std::string measure_id;
  std::string milestone_id;
  std::string reason;  // why the text does not count as reporting it done
};
const std::vector<OpenPastMilestone>& OpenPastMilestones() {
  static const auto* open = new std::vector<OpenPastMilestone>{};
  return *open;
}

// A future event cannot have been reported reached: at the latest it could have happened on the
// as-of month's last day.
TEST_F(AppendixDataTest, EveryReachedMilestoneCanHaveHappenedByTheAsOfDate) {
  const absl::CivilDay as_of_end = LatestDay(data_->source().as_of());
  int reached = 0;
  for (const Measure& m : data_->measures()) {
    for (const auto& milestone : m.milestones()) {
      if (!milestone.reached()) continue;
      ++reached;
      EXPECT_LE(EarliestDay(milestone.date()), as_of_end) << m.id() << "/" << milestone.id() << " is reached early";
    }
  }
  EXPECT_GT(reached, 0);
}

TEST_F(AppendixDataTest, EveryPastMilestoneIsReachedOrAnOpenPromiseListedWithItsReason) {
  const absl::CivilDay as_of_start = EarliestDay(data_->source().as_of());
  std::set<std::pair<std::string, std::string>> open_in_data;
  for (const Measure& m : data_->measures()) {
    for (const auto& milestone : m.milestones()) {
      if (!milestone.reached() && LatestDay(milestone.date()) < as_of_start)
        open_in_data.insert({m.id(), milestone.id()});
    }
  }
  std::set<std::pair<std::string, std::string>> listed;
  for (const OpenPastMilestone& open : OpenPastMilestones()) {
    EXPECT_FALSE(open.reason.empty()) << open.measure_id << "/" << open.milestone_id;
    EXPECT_TRUE(listed.insert({open.measure_id, open.milestone_id}).second) << "listed twice: " << open.milestone_id;
  }
  for (const auto& [measure, milestone] : open_in_data) {
    EXPECT_TRUE(listed.count({measure, milestone}))
        << measure << "/" << milestone << " is past, not reached and not listed";
  }
  for (const auto& [measure, milestone] : listed) {
    EXPECT_TRUE(open_in_data.count({measure, milestone}))
        << measure << "/" << milestone << " is listed open but is reached, not past or not in the data";
  }
}

// The first snapshot (no previous one) counts exactly the listed open promises as overdue, per theme
// and in total.
TEST_F(AppendixDataTest, TheFirstSnapshotCountsTheOpenPastMilestonesAsOverdue) {
  monitor::v1::Dashboard dashboard = ComputeDashboard(*data_);
  CountMilestones(dashboard, *data_, data_->source().as_of(), nullptr);
  std::map<std::string, std::string> theme_of;
  for (const Measure& m : data_->measures()) theme_of[m.id()] = m.theme_id();
  std::map<std::string, int> expected;
  for (const OpenPastMilestone& open : OpenPastMilestones()) ++expected[theme_of[open.measure_id]];
  for (const auto& row : dashboard.themes()) {
    EXPECT_EQ(row.milestones_overdue(), expected[row.theme_id()]) << row.theme_id();
  }
  EXPECT_EQ(dashboard.total().milestones_overdue(), static_cast<int>(OpenPastMilestones().size()));
}

}  // namespace
}  // namespace werkmonitor
