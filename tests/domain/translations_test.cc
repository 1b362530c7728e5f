// The data's texts as translation units: which there are, the checks an imported unit passes, and
// the monitor applying a locale's units in one durable write, or none.
#include "domain/fingerprint.h"
#include "domain/monitor.h"
#include "domain/translation_units.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using monitor::v1::ImportTranslationsRequest;
using monitor::v1::ImportTranslationsResponse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const TranslationUnit* FindUnit(const std::vector<TranslationUnit>& units, const std::string& id) {
  for (const TranslationUnit& unit : units) {
    if (unit.id == id) return &unit;
  }
  return nullptr;
}

TEST(TranslationUnitsTest, EveryTranslatableTextOfTheDataWithItsState) {
  const std::vector<TranslationUnit> units = DataTranslationUnits(testing::SmallDataSetWithOwners(), "pl");
  std::vector<std::string> ids;
  for (const TranslationUnit& unit : units) ids.push_back(unit.id);
  // Measures without a summary have no summary unit; bodies are not units.
  EXPECT_THAT(ids,
              ElementsAre("theme.werk.title", "theme.werk.introduction", "theme.registratie.title",
                          "theme.registratie.introduction", "measure.werk-1.title", "measure.werk-1.summary",
                          "milestone.werk-1.invoering.label", "measure.werk-2.title", "measure.registratie-1.title",
                          "measure.registratie-2.title", "measure.registratie-2a.title", "measure.registratie-2b.title",
                          "department.SZW.name", "department.BZK.name", "department.VRO.name"));
  const TranslationUnit& title = *FindUnit(units, "measure.werk-1.title");
  EXPECT_EQ(title.kind, UnitKind::kMeasureTitle);
  EXPECT_THAT(title.source, ElementsAre("Toelatingsstelsel"));
  EXPECT_EQ(title.source_fingerprint, Fingerprint("Toelatingsstelsel"));
  EXPECT_EQ(title.state, TranslationState::kStale);  // made from another Dutch text
  EXPECT_THAT(title.target, ElementsAre("System dopuszczenia"));
  EXPECT_EQ(FindUnit(units, "measure.werk-1.summary")->state, TranslationState::kMissing);
  EXPECT_THAT(FindUnit(units, "theme.werk.introduction")->source, ElementsAre("Over werk."));
  EXPECT_EQ(NoteOf(title),
            "measure title: printed with the measure's status on every document. At most 200 characters.");
}

// A test's own translation of a unit: the Dutch with a Polish word in front, made from the current Dutch.
TranslationUnit Translated(const TranslationUnit& current, std::vector<std::string> target = {}) {
  TranslationUnit unit;
  unit.id = current.id;
  unit.source_fingerprint = current.source_fingerprint;
  if (target.empty()) {
    for (const std::string& segment : current.source) target.push_back("Polski: " + segment);
  }
  unit.target = std::move(target);
  return unit;
}

class CheckUnitsTest : public ::testing::Test {
 protected:
  UnitVerdict Check(const TranslationUnit& unit) { return CheckUnits(current_, "pl", {unit}).front(); }
  const TranslationUnit& Current(const std::string& id) { return *FindUnit(current_, id); }

  std::vector<TranslationUnit> current_ = DataTranslationUnits(testing::SmallDataSetWithOwners(), "pl");
};

TEST_F(CheckUnitsTest, AcceptsATranslationOfTheCurrentDutch) {
  EXPECT_EQ(Check(Translated(Current("measure.werk-1.summary"), {"Od {invoering} obowiązuje zezwolenie."})).outcome,
            UnitVerdict::kApply);
  EXPECT_EQ(Check(Translated(Current("theme.werk.introduction"))).outcome, UnitVerdict::kApply);
}

TEST_F(CheckUnitsTest, RefusesAChangedPlaceholder) {
  UnitVerdict verdict = Check(Translated(Current("measure.werk-1.summary"), {"Od {wprowadzenie} obowiązuje."}));
  EXPECT_EQ(verdict.outcome, UnitVerdict::kRefused);
  EXPECT_EQ(verdict.reason, "arguments {wprowadzenie} differ from the Dutch {invoering}");
  verdict = Check(Translated(Current("measure.werk-1.summary"), {"Od 1 stycznia obowiązuje."}));
  EXPECT_EQ(verdict.reason, "arguments {} differ from the Dutch {invoering}");
}

TEST_F(CheckUnitsTest, RefusesABrokenPlural) {
  // Without the categories Polish needs.
  UnitVerdict verdict =
      Check(Translated(Current("measure.werk-1.summary"), {"{invoering, plural, one {# dzień} other {# dni}}"}));
  EXPECT_EQ(verdict.outcome, UnitVerdict::kRefused);
  EXPECT_THAT(verdict.reason, HasSubstr("plural {invoering} lacks few, many (pl needs few, many, one, other)"));
  // Complete, but a summary's arguments are dates given as texts: a number never formats.
  verdict = Check(Translated(Current("measure.werk-1.summary"),
                             {"{invoering, plural, one {# dzień} few {# dni} many {# dni} other {# dnia}}"}));
  EXPECT_EQ(verdict.outcome, UnitVerdict::kRefused);
  EXPECT_THAT(verdict.reason, HasSubstr("does not format with its arguments as texts"));
  // Not MessageFormat at all.
  verdict = Check(Translated(Current("measure.werk-1.summary"), {"{invoering, plural, one {# dzień}}"}));
  EXPECT_THAT(verdict.reason, HasSubstr("not an ICU MessageFormat pattern"));
}

TEST_F(CheckUnitsTest, RefusesAStaleUnit) {
  TranslationUnit unit = Translated(Current("measure.werk-1.title"));
  unit.source_fingerprint = Fingerprint("Toelatingsstelsel voor uitleners");
  const UnitVerdict verdict = Check(unit);
  EXPECT_EQ(verdict.outcome, UnitVerdict::kRefused);
  EXPECT_TRUE(verdict.stale);
  EXPECT_EQ(verdict.reason, absl::StrCat("stale: made from Dutch ", unit.source_fingerprint, ", the Dutch is now ",
                                         Fingerprint("Toelatingsstelsel"), "; export it again"));
}

TEST_F(CheckUnitsTest, RefusesWhatDoesNotFitTheText) {
  auto reason = [&](const TranslationUnit& unit) { return Check(unit).reason; };
  TranslationUnit unknown = Translated(Current("measure.werk-1.title"));
  unknown.id = "measure.werk-99.title";
  EXPECT_EQ(reason(unknown), "no such text (the data has no text with this id)");
  EXPECT_EQ(reason(Translated(Current("measure.werk-1.title"), {std::string(201, 'a')})),
            "target: longer than 200 characters (201)");
  EXPECT_EQ(reason(Translated(Current("milestone.werk-1.invoering.label"), {"Wpro-\nwadzenie"})),
            "target: contains control character U+000A");
  EXPECT_EQ(reason(Translated(Current("theme.werk.introduction"), {"jeden", "dwa"})),
            "has 2 segment(s); the Dutch has 1");
  EXPECT_EQ(reason(Translated(Current("theme.werk.title"), {" "})), "target: must not be empty");
  const TranslationUnit twice = Translated(Current("theme.werk.title"));
  const std::vector<UnitVerdict> verdicts = CheckUnits(current_, "pl", {twice, twice});
  EXPECT_EQ(verdicts[0].reason, "appears more than once");
  EXPECT_EQ(verdicts[1].reason, "appears more than once");
}

TEST_F(CheckUnitsTest, TheStoredTranslationOfTheCurrentDutchIsUnchanged) {
  TranslationUnit stored = Translated(Current("theme.werk.title"));
  std::vector<TranslationUnit> current = current_;
  for (TranslationUnit& unit : current) {
    if (unit.id == stored.id) {
      unit.target = stored.target;
      unit.state = TranslationState::kCurrent;
    }
  }
  EXPECT_EQ(CheckUnits(current, "pl", {stored}).front().outcome, UnitVerdict::kUnchanged);
  // The same words over a stale translation confirm it: they are applied with the current fingerprint.
  EXPECT_EQ(Check(Translated(Current("measure.werk-1.title"), {"System dopuszczenia"})).outcome, UnitVerdict::kApply);
}

class ImportTranslationsTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(/*import=*/true); }

  void Open(bool import) {
    monitor_.reset();
    auto store = SqliteMeasureStore::Open(dir_.File("monitor.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    auto monitor = Monitor::Open(std::move(*store));
    ASSERT_TRUE(monitor.ok()) << monitor.status();
    monitor_ = std::move(*monitor);
    if (import) {
      ASSERT_TRUE(monitor_->Import(testing::SmallDataSetWithOwners(), "Testbijlage 2025", "import").ok());
    }
  }

  std::vector<TranslationUnit> Units() { return DataTranslationUnits(monitor_->CurrentData(), "pl"); }

  ImportTranslationsRequest Request(const std::vector<TranslationUnit>& units) {
    ImportTranslationsRequest request;
    request.set_locale("pl");
    for (const TranslationUnit& unit : units) {
      monitor::v1::TranslationUnit& sent = *request.add_units();
      sent.set_id(unit.id);
      sent.mutable_target()->Assign(unit.target.begin(), unit.target.end());
      sent.set_source_fingerprint(unit.source_fingerprint);
    }
    return request;
  }

  // Every missing or stale unit, translated.
  std::vector<TranslationUnit> AllTranslated() {
    std::vector<TranslationUnit> units;
    for (const TranslationUnit& unit : Units()) {
      if (unit.id == "measure.werk-1.summary") {
        units.push_back(Translated(unit, {"Od {invoering} obowiązuje zezwolenie."}));
      } else if (unit.state != TranslationState::kCurrent) {
        units.push_back(Translated(unit));
      }
    }
    return units;
  }

  testing::TempDir dir_;
  std::unique_ptr<Monitor> monitor_;
};

TEST_F(ImportTranslationsTest, AppliesEveryUnitInOneDurableWrite) {
  const int64_t before = monitor_->revision();
  const std::vector<TranslationUnit> units = AllTranslated();
  absl::StatusOr<ImportTranslationsResponse> response = monitor_->ImportTranslations(Request(units), "tolk");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->revision(), before + 1);
  ASSERT_EQ(response->results_size(), static_cast<int>(units.size()));
  for (const auto& result : response->results()) {
    EXPECT_EQ(result.outcome(), ImportTranslationsResponse::Result::APPLIED) << result.unit_id();
  }
  // After a restart, from the database: every text of the locale current.
  Open(/*import=*/false);
  EXPECT_EQ(monitor_->revision(), before + 1);
  for (const TranslationUnit& unit : Units()) EXPECT_EQ(unit.state, TranslationState::kCurrent) << unit.id;
  const monitor::v1::DataSet data = monitor_->CurrentData();
  EXPECT_EQ(data.measures(0).summary().translations().at("pl").text(), "Od {invoering} obowiązuje zezwolenie.");
  EXPECT_EQ(data.measures(0).revision(), before + 1);
  EXPECT_EQ(data.measures(0).updated_by(), "tolk");
  EXPECT_EQ(data.measures(1).revision(), before + 1);  // its title
  EXPECT_EQ(data.themes(0).title().translations().at("pl").text(), "Polski: Werk");
  EXPECT_EQ(data.themes(0).introduction().translations().at("pl").body().blocks(0).text(), "Polski: Over werk.");
  EXPECT_EQ(data.themes(0).default_owner(), "SZW");
  EXPECT_EQ(data.departments(1).name().translations().at("pl").text(), "Polski: Ministerie BZK");
  // One journal entry says what was imported.
  absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> events = monitor_->ChangesSince(before, 10);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].translations_imported().locale(), "pl");
  EXPECT_EQ((*events)[0].translations_imported().unit_ids_size(), static_cast<int>(units.size()));
  EXPECT_EQ((*events)[0].actor(), "tolk");

  // Again, the same: nothing changes, nothing is written.
  response = monitor_->ImportTranslations(Request(units), "tolk");
  ASSERT_TRUE(response.ok()) << response.status();
  for (const auto& result : response->results()) {
    EXPECT_EQ(result.outcome(), ImportTranslationsResponse::Result::UNCHANGED) << result.unit_id();
  }
  EXPECT_EQ(monitor_->revision(), before + 1);
}

TEST_F(ImportTranslationsTest, OneBadUnitRefusesAllNamingEachBadUnit) {
  const int64_t before = monitor_->revision();
  std::vector<TranslationUnit> units = AllTranslated();
  units[0].target = {std::string(81, 'x')};                        // theme.werk.title: too long
  units[5].target = {"Od {wprowadzenie} obowiązuje zezwolenie."};  // measure.werk-1.summary
  ASSERT_EQ(units[5].id, "measure.werk-1.summary");
  absl::StatusOr<ImportTranslationsResponse> response = monitor_->ImportTranslations(Request(units), "tolk");
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::ErrorText(response.status()),
            "nothing applied; refused: units[0] theme.werk.title: target: longer than 80 characters (81); units[5] "
            "measure.werk-1.summary: arguments {wprowadzenie} differ from the Dutch {invoering}");
  EXPECT_EQ(monitor_->revision(), before);
  for (const TranslationUnit& unit : Units()) EXPECT_NE(unit.state, TranslationState::kCurrent) << unit.id;

  // Checking only reports, and writes nothing either.
  ImportTranslationsRequest check = Request(units);
  check.set_validate_only(true);
  response = monitor_->ImportTranslations(check, "tolk");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->results(0).outcome(), ImportTranslationsResponse::Result::REFUSED);
  EXPECT_EQ(response->results(1).outcome(), ImportTranslationsResponse::Result::APPLIED);
  EXPECT_EQ(response->results(5).reason(), "arguments {wprowadzenie} differ from the Dutch {invoering}");
  EXPECT_EQ(monitor_->revision(), before);
}

TEST_F(ImportTranslationsTest, UnitsMadeFromAnEarlierDutchTextAreStale) {
  const std::vector<TranslationUnit> units = AllTranslated();
  // The Dutch title changes after the export.
  monitor::v1::UpdateMeasureRequest update;
  update.mutable_measure()->set_id("werk-2");
  update.mutable_measure()->mutable_title()->set_nl("Cao-afspraken voor uitzendkrachten");
  update.mutable_update_mask()->add_paths("title.nl");
  update.set_note("titel verduidelijkt");
  ASSERT_TRUE(monitor_->UpdateMeasure(update, "anna").ok());
  const int64_t before = monitor_->revision();
  absl::StatusOr<ImportTranslationsResponse> response = monitor_->ImportTranslations(Request(units), "tolk");
  EXPECT_EQ(response.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(testing::ErrorText(response.status()),
              HasSubstr("units[7] measure.werk-2.title: stale: made from Dutch " + Fingerprint("Cao-afspraken")));
  EXPECT_EQ(monitor_->revision(), before);
}

TEST_F(ImportTranslationsTest, RefusesARequestThatIsNotForATranslation) {
  ImportTranslationsRequest request = Request(AllTranslated());
  request.set_locale("nl");
  EXPECT_EQ(testing::ErrorText(monitor_->ImportTranslations(request, "tolk").status()),
            "locale: Dutch is the source text, not a translation");
  request.set_locale("xx");
  EXPECT_THAT(testing::ErrorText(monitor_->ImportTranslations(request, "tolk").status()),
              HasSubstr("locale: locale \"xx\" is not supported"));
  request.set_locale("pl");
  request.mutable_units(0)->set_id(std::string(101, 'a'));
  EXPECT_EQ(testing::ErrorText(monitor_->ImportTranslations(request, "tolk").status()),
            "units[0].id: longer than 100 characters (101)");
}

}  // namespace
}  // namespace werkmonitor
