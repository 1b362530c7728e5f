#include "tests/store/measure_store_conformance.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/monitor.h"
#include "domain/proto_time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"

namespace werkmonitor::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using monitor::v1::ChangeEvent;
using monitor::v1::Measure;
using ::testing::ElementsAre;
using ::testing::Property;

const absl::Time kT0 = absl::FromUnixSeconds(1764000000);

ChangeEvent Event(int64_t revision) {
  ChangeEvent event;
  event.set_revision(revision);
  *event.mutable_at() = ToProtoTime(kT0 + absl::Minutes(revision));
  event.set_actor("jan");
  return event;
}

// The small data set as an import at revision 1 would store it.
monitor::v1::DataSet Imported() {
  monitor::v1::DataSet data = SmallDataSet();
  for (Measure& measure : *data.mutable_measures()) {
    measure.set_revision(1);
    *measure.mutable_updated_at() = ToProtoTime(kT0);
    measure.set_updated_by("import");
  }
  return data;
}

Write ImportWrite() {
  Write write;
  write.events.push_back(Event(1));
  write.import = Imported();
  return write;
}

monitor::v1::StatusChange Change(int64_t revision, const std::string& measure_id, monitor::v1::Status from,
                                 monitor::v1::Status to) {
  monitor::v1::StatusChange change;
  change.set_revision(revision);
  change.set_measure_id(measure_id);
  change.set_from_status(from);
  change.set_to_status(to);
  *change.mutable_changed_at() = ToProtoTime(kT0 + absl::Minutes(revision));
  change.set_changed_by("anna");
  change.set_note(absl::StrCat("wijziging ", revision));
  return change;
}

Write StatusWrite(int64_t revision, const std::string& measure_id, monitor::v1::Status from, monitor::v1::Status to) {
  Write write;
  write.events.push_back(Event(revision));
  write.status_changes.push_back(Change(revision, measure_id, from, to));
  return write;
}

monitor::v1::Snapshot MakeSnapshot(int64_t id, int64_t revision, const monitor::v1::DataSet& data) {
  monitor::v1::Snapshot snapshot;
  snapshot.mutable_info()->set_id(id);
  snapshot.mutable_info()->set_label(absl::StrCat("Snapshot ", id));
  *snapshot.mutable_info()->mutable_created_at() = ToProtoTime(kT0 + absl::Minutes(revision));
  snapshot.mutable_info()->set_created_by("admin");
  snapshot.mutable_info()->set_revision(revision);
  *snapshot.mutable_data() = data;
  return snapshot;
}

Write SnapshotWrite(int64_t revision, int64_t id, const monitor::v1::DataSet& data) {
  Write write;
  write.events.push_back(Event(revision));
  write.snapshots.push_back(MakeSnapshot(id, revision, data));
  return write;
}

::testing::AssertionResult SameMessage(const google::protobuf::Message& expected,
                                       const google::protobuf::Message& actual) {
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  if (differencer.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << difference;
}

monitor::v1::PartialDate Day(int year, int month, int day) {
  monitor::v1::PartialDate date;
  date.set_precision(monitor::v1::PartialDate::DAY);
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

monitor::v1::Department Department(const std::string& code, const std::string& name) {
  monitor::v1::Department department;
  department.set_code(code);
  department.mutable_name()->set_nl(name);
  auto& translation = (*department.mutable_name()->mutable_translations())["en"];
  translation.set_text(absl::StrCat("Ministry ", code));
  translation.set_source_fingerprint("1111111111111111");
  return department;
}

// The reference data of issue 12, as a newer release adds it to an older import.
ReferenceData Reference() {
  ReferenceData reference;
  reference.departments = {Department("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid"),
                           Department("JenV", "Ministerie van Justitie en Veiligheid")};
  reference.theme_default_owners = {{"werk", "SZW"}, {"registratie", "JenV"}};
  reference.source = Imported().source();
  *reference.source.mutable_as_of() = Day(2025, 6, 1);
  reference.source.set_as_of_reason("de brief noemt 1 juni 2025");
  return reference;
}

// Imported() with every field a reporting round adds filled in.
monitor::v1::DataSet ImportedWithRounds() {
  monitor::v1::DataSet data = Imported();
  const ReferenceData reference = Reference();
  *data.mutable_source() = reference.source;
  data.mutable_departments()->Assign(reference.departments.begin(), reference.departments.end());
  data.mutable_themes(0)->set_default_owner("SZW");
  data.mutable_themes(1)->set_default_owner("JenV");
  Measure& measure = *data.mutable_measures(0);
  measure.mutable_owner()->set_department("JenV");
  measure.mutable_owner()->set_quote("de minister van JenV");
  measure.set_progress_note("Het wetsvoorstel ligt bij de Raad van State.");
  measure.set_status_reason("wacht op advies");
  *measure.mutable_completed_on() = Day(2026, 3, 1);
  measure.mutable_milestones(0)->set_reached(true);
  measure.mutable_milestones(0)->set_move_reason("later door de verkiezingen");
  data.mutable_measures(1)->mutable_owner()->set_department("SZW");  // taken from the theme: no quote
  return data;
}

monitor::v1::Round MakeRound(int64_t id, int64_t revision, monitor::v1::Round::State state) {
  monitor::v1::Round round;
  round.set_id(id);
  round.set_label(absl::StrCat("Ronde ", id));
  *round.mutable_as_of() = Day(2026, 6, 1);
  *round.mutable_deadline() = Day(2026, 6, 15);
  round.set_state(state);
  *round.mutable_opened_at() = ToProtoTime(kT0 + absl::Minutes(revision));
  round.set_opened_by("coordinator");
  round.set_base_snapshot_id(1);
  round.set_revision(revision);
  if (state == monitor::v1::Round::PUBLISHED) {
    *round.mutable_published_at() = ToProtoTime(kT0 + absl::Minutes(revision));
    round.set_published_by("coordinator");
    round.set_snapshot_id(2);
  }
  return round;
}

monitor::v1::MeasureUpdate MakeUpdate(int64_t round_id, const std::string& measure_id, int64_t revision,
                                      monitor::v1::MeasureUpdate::State state) {
  monitor::v1::MeasureUpdate update;
  update.set_round_id(round_id);
  update.set_measure_id(measure_id);
  update.set_state(state);
  const monitor::v1::DataSet data = ImportedWithRounds();
  for (const Measure& measure : data.measures()) {
    if (measure.id() == measure_id) *update.mutable_proposed() = measure;
  }
  update.mutable_proposed()->set_progress_note(absl::StrCat("voortgang in ronde ", round_id));
  update.mutable_edited()->add_paths("progress_note");
  update.set_return_comment(state == monitor::v1::MeasureUpdate::RETURNED ? "graag een datum" : "");
  update.set_revision(revision);
  *update.mutable_updated_at() = ToProtoTime(kT0 + absl::Minutes(revision));
  update.set_updated_by("jan");
  update.set_owner("SZW");
  return update;
}

Write RoundWrite(int64_t revision, std::vector<monitor::v1::Round> rounds,
                 std::vector<monitor::v1::MeasureUpdate> updates = {}) {
  Write write;
  write.events.push_back(Event(revision));
  write.rounds = std::move(rounds);
  write.updates = std::move(updates);
  return write;
}

template <typename T>
::testing::AssertionResult SameList(const std::vector<T>& expected, const std::vector<T>& actual) {
  if (expected.size() != actual.size()) {
    return ::testing::AssertionFailure() << expected.size() << " expected, " << actual.size() << " stored";
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    if (::testing::AssertionResult same = SameMessage(expected[i], actual[i]); !same) return same << " at " << i;
  }
  return ::testing::AssertionSuccess();
}

const Measure& Find(const StoredState& state, const std::string& id) {
  for (const Measure& measure : state.data.measures()) {
    if (measure.id() == id) return measure;
  }
  ADD_FAILURE() << "no measure " << id;
  return Measure::default_instance();
}

}  // namespace

std::string MeasureStoreFactoryName(const ::testing::TestParamInfo<MeasureStoreFactory>& info) {
  return info.param.name;
}

void MeasureStoreConformanceTest::SetUp() {
  absl::StatusOr<std::unique_ptr<MeasureStore>> store = GetParam().open(dir_.path().string());
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = std::move(*store);
}

TEST_P(MeasureStoreConformanceTest, AnEmptyStoreHoldsNothing) {
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->revision, 0);
  EXPECT_EQ(state->last_snapshot_id, 0);
  EXPECT_TRUE(SameMessage(monitor::v1::DataSet(), state->data));
  EXPECT_TRUE(store_->ListChanges(0, 10)->empty());
  EXPECT_TRUE(store_->ListStatusChanges({})->empty());
  EXPECT_TRUE(store_->ListSnapshots(0, 10)->empty());
  EXPECT_EQ(store_->GetSnapshot(1).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetSnapshotBytes(1).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(MeasureStoreConformanceTest, AnImportLoadsBackExactlyAsWritten) {
  Write write = ImportWrite();
  write.snapshots.push_back(MakeSnapshot(1, 1, Imported()));
  ASSERT_TRUE(store_->Commit(write).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->revision, 1);
  EXPECT_EQ(state->last_snapshot_id, 1);
  // Translations, fingerprints, structured texts and milestones, byte for byte and in order.
  EXPECT_TRUE(SameMessage(Imported(), state->data));
  EXPECT_THAT(*store_->ListChanges(0, 10), ElementsAre(Property(&ChangeEvent::revision, 1)));
}

TEST_P(MeasureStoreConformanceTest, TextsThatAreAbsentStayAbsentAndEmptyOnesStayPresent) {
  monitor::v1::DataSet data = Imported();
  data.mutable_themes(0)->clear_introduction();
  Measure& measure = *data.mutable_measures(0);
  measure.clear_summary();
  measure.mutable_body()->mutable_nl()->clear_blocks();  // present, but empty: serializes to no bytes
  Write write;
  write.events.push_back(Event(1));
  write.import = data;
  ASSERT_TRUE(store_->Commit(write).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_FALSE(state->data.themes(0).has_introduction());
  EXPECT_FALSE(state->data.measures(0).has_summary());
  EXPECT_TRUE(state->data.measures(0).has_body());
  EXPECT_TRUE(SameMessage(data, state->data));
}

// The Write contract: applying a status change also updates the measure (status, revision, who, when).
TEST_P(MeasureStoreConformanceTest, AStatusChangeAlsoUpdatesTheMeasure) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  ASSERT_TRUE(store_->Commit(StatusWrite(2, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND)).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->revision, 2);
  const Measure& measure = Find(*state, "werk-1");
  EXPECT_EQ(measure.status(), monitor::v1::AFGEROND);
  EXPECT_EQ(measure.revision(), 2);
  EXPECT_EQ(FromProtoTime(measure.updated_at()), kT0 + absl::Minutes(2));
  EXPECT_EQ(measure.updated_by(), "anna");
  EXPECT_EQ(Find(*state, "werk-2").revision(), 1);  // the others untouched
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> history = store_->ListStatusChanges({});
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 1u);
  EXPECT_TRUE(SameMessage(Change(2, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND), (*history)[0]));
}

TEST_P(MeasureStoreConformanceTest, ReplacingAMeasureReplacesItsContentButNotItsIdentity) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  Measure measure = Imported().measures(0);
  measure.mutable_title()->set_nl("Nieuwe titel");
  measure.mutable_title()->mutable_translations()->erase("pl");
  measure.clear_milestones();
  measure.set_revision(2);
  measure.set_number("99");  // identity: ignored
  Write write;
  write.events.push_back(Event(2));
  write.measures.push_back(measure);
  ASSERT_TRUE(store_->Commit(write).ok());

  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  measure.set_number(Imported().measures(0).number());
  EXPECT_TRUE(SameMessage(measure, state->data.measures(0)));
  EXPECT_TRUE(SameMessage(Imported().measures(1), state->data.measures(1)));
}

struct BadWrite {
  const char* name;
  absl::StatusCode code;
  Write (*make)();
};

TEST_P(MeasureStoreConformanceTest, AFailedWriteChangesNothing) {
  const BadWrite kBadWrites[] = {
      {"no journal entry", absl::StatusCode::kInvalidArgument,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.events.clear();
         return w;
       }},
      {"a revision that does not follow", absl::StatusCode::kAborted,
       [] { return StatusWrite(5, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND); }},
      {"an unknown measure replaced", absl::StatusCode::kNotFound,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.measures.emplace_back().set_id("bestaat-niet");
         return w;
       }},
      {"an unknown measure's status changed", absl::StatusCode::kNotFound,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.status_changes.push_back(Change(4, "bestaat-niet", monitor::v1::AFGEROND, monitor::v1::VERTRAAGD));
         return w;
       }},
      {"an import into a store with data", absl::StatusCode::kFailedPrecondition,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.import = Imported();
         return w;
       }},
      {"a snapshot id that exists", absl::StatusCode::kAlreadyExists,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.snapshots.push_back(MakeSnapshot(1, 4, Imported()));
         return w;
       }},
      // Each of the following also carries a round, a new one and a replaced one, and a valid
      // update: none of it may stay.
      {"an update of an unknown round", absl::StatusCode::kNotFound,
       [] {
         return RoundWrite(4,
                           {MakeRound(1, 4, monitor::v1::Round::PUBLISHED), MakeRound(2, 4, monitor::v1::Round::OPEN)},
                           {MakeUpdate(2, "werk-1", 4, monitor::v1::MeasureUpdate::DRAFT),
                            MakeUpdate(3, "werk-1", 4, monitor::v1::MeasureUpdate::DRAFT)});
       }},
      {"an update of an unknown measure", absl::StatusCode::kNotFound,
       [] {
         return RoundWrite(4,
                           {MakeRound(1, 4, monitor::v1::Round::PUBLISHED), MakeRound(2, 4, monitor::v1::Round::OPEN)},
                           {MakeUpdate(1, "werk-1", 4, monitor::v1::MeasureUpdate::APPROVED),
                            MakeUpdate(2, "bestaat-niet", 4, monitor::v1::MeasureUpdate::DRAFT)});
       }},
      {"texts of an unknown theme", absl::StatusCode::kNotFound,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.theme_texts.push_back(Imported().themes(0));
         w.theme_texts.emplace_back().set_id("bestaat-niet");
         return w;
       }},
      {"the name of an unknown department", absl::StatusCode::kNotFound,
       [] {
         Write w = StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
         w.department_names.push_back(Department("XYZ", "Ministerie van Niets"));
         return w;
       }},
      {"a default owner of an unknown theme", absl::StatusCode::kNotFound,
       [] {
         Write w = RoundWrite(4, {MakeRound(2, 4, monitor::v1::Round::OPEN)});
         w.reference_data = Reference();
         w.reference_data->theme_default_owners.emplace_back("bestaat-niet", "SZW");
         return w;
       }},
  };
  Write setup = ImportWrite();
  setup.snapshots.push_back(MakeSnapshot(1, 1, Imported()));
  ASSERT_TRUE(store_->Commit(setup).ok());
  ASSERT_TRUE(store_->Commit(StatusWrite(2, "werk-2", monitor::v1::AFGEROND, monitor::v1::DOORLOPEND)).ok());
  Write open_round = RoundWrite(3, {MakeRound(1, 3, monitor::v1::Round::OPEN)},
                                {MakeUpdate(1, "werk-1", 3, monitor::v1::MeasureUpdate::SUBMITTED)});
  ASSERT_TRUE(store_->Commit(open_round).ok());
  const StoredState before = *store_->Load();

  for (const BadWrite& bad : kBadWrites) {
    SCOPED_TRACE(bad.name);
    EXPECT_EQ(store_->Commit(bad.make()).code(), bad.code);
    absl::StatusOr<StoredState> after = store_->Load();
    ASSERT_TRUE(after.ok()) << after.status();
    EXPECT_EQ(after->revision, 3);
    EXPECT_EQ(after->last_snapshot_id, 1);
    EXPECT_TRUE(SameMessage(before.data, after->data));
    EXPECT_TRUE(SameList(open_round.rounds, after->rounds));
    EXPECT_TRUE(SameList(open_round.updates, after->updates));
    EXPECT_EQ(store_->ListChanges(0, 10)->size(), 3u);
    EXPECT_EQ(store_->ListStatusChanges({})->size(), 1u);
    EXPECT_EQ(store_->ListSnapshots(0, 10)->size(), 1u);
  }
  // And the store goes on from where it was.
  EXPECT_TRUE(store_->Commit(StatusWrite(4, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND)).ok());
}

TEST_P(MeasureStoreConformanceTest, HistoryIsOldestFirstAndFilteredByMeasureTimeAndRevision) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  ASSERT_TRUE(store_->Commit(StatusWrite(2, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND)).ok());
  ASSERT_TRUE(store_->Commit(StatusWrite(3, "werk-2", monitor::v1::AFGEROND, monitor::v1::DOORLOPEND)).ok());
  ASSERT_TRUE(store_->Commit(StatusWrite(4, "werk-1", monitor::v1::AFGEROND, monitor::v1::VERTRAAGD)).ok());
  ASSERT_TRUE(
      store_->Commit(StatusWrite(5, "registratie-2a", monitor::v1::AFGEROND, monitor::v1::ANDERS_UITGEVOERD)).ok());
  auto revisions = [&](const StatusChangeQuery& query) {
    std::vector<int64_t> found;
    absl::StatusOr<std::vector<monitor::v1::StatusChange>> changes = store_->ListStatusChanges(query);
    EXPECT_TRUE(changes.ok()) << changes.status();
    if (changes.ok()) {
      for (const auto& change : *changes) found.push_back(change.revision());
    }
    return found;
  };
  EXPECT_THAT(revisions({}), ElementsAre(2, 3, 4, 5));
  EXPECT_THAT(revisions({.measure_id = "werk-1"}), ElementsAre(2, 4));
  EXPECT_THAT(revisions({.since_time = kT0 + absl::Minutes(3)}), ElementsAre(3, 4, 5));
  EXPECT_THAT(revisions({.after_revision = 3}), ElementsAre(4, 5));
  EXPECT_THAT(revisions({.limit = 2}), ElementsAre(2, 3));
  EXPECT_THAT(revisions({.measure_id = "werk-1", .after_revision = 2}), ElementsAre(4));
  EXPECT_THAT(revisions({.measure_id = "werk-99"}), ElementsAre());
}

TEST_P(MeasureStoreConformanceTest, TheJournalListsEveryWriteAfterARevisionOldestFirst) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  for (int64_t revision = 2; revision <= 6; ++revision) {
    const bool even = revision % 2 == 0;
    ASSERT_TRUE(store_
                    ->Commit(StatusWrite(revision, "werk-1", even ? monitor::v1::IN_UITVOERING : monitor::v1::AFGEROND,
                                         even ? monitor::v1::AFGEROND : monitor::v1::IN_UITVOERING))
                    .ok());
  }
  absl::StatusOr<std::vector<ChangeEvent>> events = store_->ListChanges(3, 2);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_TRUE(SameMessage(Event(4), (*events)[0]));
  EXPECT_TRUE(SameMessage(Event(5), (*events)[1]));
  EXPECT_EQ(store_->ListChanges(0, 100)->size(), 6u);
  EXPECT_TRUE(store_->ListChanges(6, 100)->empty());
}

TEST_P(MeasureStoreConformanceTest, SnapshotsReadBackAsWrittenAndListNewestFirst) {
  Write write = ImportWrite();
  write.snapshots.push_back(MakeSnapshot(1, 1, Imported()));
  ASSERT_TRUE(store_->Commit(write).ok());
  ASSERT_TRUE(store_->Commit(SnapshotWrite(2, 2, Imported())).ok());
  ASSERT_TRUE(store_->Commit(SnapshotWrite(3, 3, Imported())).ok());
  EXPECT_EQ(store_->Load()->last_snapshot_id, 3);

  absl::StatusOr<monitor::v1::Snapshot> snapshot = store_->GetSnapshot(2);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_TRUE(SameMessage(MakeSnapshot(2, 2, Imported()), *snapshot));
  absl::StatusOr<std::string> bytes = store_->GetSnapshotBytes(2);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  monitor::v1::Snapshot parsed;
  ASSERT_TRUE(parsed.ParseFromString(*bytes));
  EXPECT_TRUE(SameMessage(*snapshot, parsed));
  EXPECT_EQ(store_->GetSnapshot(4).status().code(), absl::StatusCode::kNotFound);

  auto ids = [&](int64_t before_id, int limit) {
    std::vector<int64_t> found;
    absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> infos = store_->ListSnapshots(before_id, limit);
    EXPECT_TRUE(infos.ok()) << infos.status();
    if (infos.ok()) {
      for (const auto& info : *infos) found.push_back(info.id());
    }
    return found;
  };
  EXPECT_THAT(ids(0, 2), ElementsAre(3, 2));
  EXPECT_THAT(ids(2, 10), ElementsAre(1));
  EXPECT_TRUE(SameMessage(MakeSnapshot(3, 3, Imported()).info(), (*store_->ListSnapshots(0, 1))[0]));
}

TEST_P(MeasureStoreConformanceTest, AnImportKeepsOwnersDepartmentsAndReportedFields) {
  Write write;
  write.events.push_back(Event(1));
  write.import = ImportedWithRounds();
  ASSERT_TRUE(store_->Commit(write).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(SameMessage(ImportedWithRounds(), state->data));
  // Absent stays absent, and an owner without a quote is still an owner.
  EXPECT_FALSE(Find(*state, "werk-2").has_completed_on());
  EXPECT_FALSE(Find(*state, "registratie-1").has_owner());
  EXPECT_TRUE(Find(*state, "werk-2").has_owner());
}

TEST_P(MeasureStoreConformanceTest, ReplacingAMeasureReplacesItsOwnerAndReportedFields) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  Measure measure = ImportedWithRounds().measures(0);
  measure.set_revision(2);
  Write write;
  write.events.push_back(Event(2));
  write.measures.push_back(measure);
  ASSERT_TRUE(store_->Commit(write).ok());
  EXPECT_TRUE(SameMessage(measure, store_->Load()->data.measures(0)));

  // And back: cleared fields read back absent.
  measure = Imported().measures(0);
  measure.set_revision(3);
  write.events = {Event(3)};
  write.measures = {measure};
  ASSERT_TRUE(store_->Commit(write).ok());
  EXPECT_TRUE(SameMessage(measure, store_->Load()->data.measures(0)));
}

TEST_P(MeasureStoreConformanceTest, ReferenceDataCompletesAnOlderImport) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  Write write;
  write.events.push_back(Event(2));
  write.reference_data = Reference();
  ASSERT_TRUE(store_->Commit(write).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  monitor::v1::DataSet expected = ImportedWithRounds();
  expected.mutable_measures(0)->CopyFrom(Imported().measures(0));  // measures come as measures, not here
  expected.mutable_measures(1)->CopyFrom(Imported().measures(1));
  EXPECT_TRUE(SameMessage(expected, state->data));

  // The list of departments is replaced, not merged.
  write.events = {Event(3)};
  write.reference_data->departments = {Department("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport")};
  write.reference_data->theme_default_owners = {{"werk", "VWS"}};
  ASSERT_TRUE(store_->Commit(write).ok());
  state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  ASSERT_EQ(state->data.departments_size(), 1);
  EXPECT_TRUE(SameMessage(write.reference_data->departments[0], state->data.departments(0)));
  EXPECT_EQ(state->data.themes(0).default_owner(), "VWS");
  EXPECT_EQ(state->data.themes(1).default_owner(), "JenV");
}

// Translations of a theme's texts or a department's name come as the whole theme or department,
// of which only the texts are taken.
TEST_P(MeasureStoreConformanceTest, ThemeTextsAndDepartmentNamesReplaceOnlyTheirTexts) {
  Write import;
  import.events.push_back(Event(1));
  import.import = ImportedWithRounds();
  ASSERT_TRUE(store_->Commit(import).ok());
  monitor::v1::DataSet expected = ImportedWithRounds();
  monitor::v1::Theme& theme = *expected.mutable_themes(1);
  auto& title = (*theme.mutable_title()->mutable_translations())["hu"];
  title.set_text("Regisztráció");
  title.set_source_fingerprint("2222222222222222");
  auto& introduction = (*theme.mutable_introduction()->mutable_translations())["hu"];
  introduction.mutable_body()->add_blocks()->set_text("A regisztrációról.");
  introduction.set_source_fingerprint("3333333333333333");
  monitor::v1::Department& department = *expected.mutable_departments(0);
  department.mutable_name()->mutable_translations()->erase("en");
  (*department.mutable_name()->mutable_translations())["hu"].set_text("Szociális és Foglalkoztatási Minisztérium");

  Write write;
  write.events.push_back(Event(2));
  write.theme_texts.push_back(theme);
  write.theme_texts.back().set_default_owner("SZW");  // not a text: stays as stored
  write.department_names.push_back(department);
  ASSERT_TRUE(store_->Commit(write).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->revision, 2);
  EXPECT_EQ(state->data.themes(1).default_owner(), "JenV");
  EXPECT_TRUE(SameMessage(expected, state->data));
}

TEST_P(MeasureStoreConformanceTest, ReferenceDataNeedsADataSet) {
  Write write;
  write.events.push_back(Event(1));
  write.reference_data = Reference();
  EXPECT_EQ(store_->Commit(write).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Load()->revision, 0);
}

TEST_P(MeasureStoreConformanceTest, RoundsAreInsertedOrReplacedByIdAndLoadOldestFirst) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  ASSERT_TRUE(store_->Commit(RoundWrite(2, {MakeRound(1, 2, monitor::v1::Round::OPEN)})).ok());
  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(SameList({MakeRound(1, 2, monitor::v1::Round::OPEN)}, state->rounds));

  // Round 1 published (its published_at and snapshot now set) and two new ones, given newest first.
  const std::vector<monitor::v1::Round> rounds = {MakeRound(3, 3, monitor::v1::Round::OPEN),
                                                  MakeRound(2, 3, monitor::v1::Round::PUBLISHED),
                                                  MakeRound(1, 3, monitor::v1::Round::PUBLISHED)};
  ASSERT_TRUE(store_->Commit(RoundWrite(3, rounds)).ok());
  state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(SameList({rounds[2], rounds[1], rounds[0]}, state->rounds));
  EXPECT_EQ(state->revision, 3);
}

TEST_P(MeasureStoreConformanceTest, UpdatesAreInsertedOrReplacedByRoundAndMeasureInDocumentOrder) {
  ASSERT_TRUE(store_->Commit(ImportWrite()).ok());
  using monitor::v1::MeasureUpdate;
  // Given out of document order: werk-2 before werk-1, round 2 before round 1.
  ASSERT_TRUE(
      store_
          ->Commit(RoundWrite(
              2, {MakeRound(1, 2, monitor::v1::Round::PUBLISHED), MakeRound(2, 2, monitor::v1::Round::OPEN)},
              {MakeUpdate(2, "werk-2", 2, MeasureUpdate::DRAFT), MakeUpdate(2, "werk-1", 2, MeasureUpdate::DRAFT),
               MakeUpdate(1, "registratie-1", 2, MeasureUpdate::APPROVED)}))
          .ok());
  MeasureUpdate returned = MakeUpdate(2, "werk-1", 3, MeasureUpdate::RETURNED);
  returned.set_unchanged(true);
  returned.clear_edited();
  Write replace = RoundWrite(3, {}, {returned});
  ASSERT_TRUE(store_->Commit(replace).ok());

  absl::StatusOr<StoredState> state = store_->Load();
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_TRUE(SameList({MakeUpdate(1, "registratie-1", 2, MeasureUpdate::APPROVED), returned,
                        MakeUpdate(2, "werk-2", 2, MeasureUpdate::DRAFT)},
                       state->updates));
  EXPECT_FALSE(state->updates[1].has_edited());
}

TEST_P(MeasureStoreConformanceTest, StatusChangesAndSnapshotsKeepTheirRound) {
  Write write = ImportWrite();
  write.snapshots.push_back(MakeSnapshot(1, 1, Imported()));
  ASSERT_TRUE(store_->Commit(write).ok());
  write = StatusWrite(2, "werk-1", monitor::v1::IN_UITVOERING, monitor::v1::AFGEROND);
  write.status_changes[0].set_round_id(1);
  monitor::v1::Snapshot snapshot = MakeSnapshot(2, 2, ImportedWithRounds());
  *snapshot.mutable_info()->mutable_as_of() = Day(2026, 6, 1);
  snapshot.mutable_info()->set_round_id(1);
  snapshot.mutable_changes()->add_measures()->set_measure_id("werk-1");
  *snapshot.mutable_changes()->mutable_base() = MakeSnapshot(1, 1, Imported()).info();
  write.snapshots.push_back(snapshot);
  write.rounds.push_back(MakeRound(1, 2, monitor::v1::Round::PUBLISHED));
  ASSERT_TRUE(store_->Commit(write).ok());

  absl::StatusOr<std::vector<monitor::v1::StatusChange>> history = store_->ListStatusChanges({});
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 1u);
  EXPECT_TRUE(SameMessage(write.status_changes[0], (*history)[0]));
  absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> infos = store_->ListSnapshots(0, 10);
  ASSERT_TRUE(infos.ok()) << infos.status();
  ASSERT_EQ(infos->size(), 2u);
  EXPECT_TRUE(SameMessage(snapshot.info(), (*infos)[0]));
  EXPECT_TRUE(SameMessage(MakeSnapshot(1, 1, Imported()).info(), (*infos)[1]));  // no as_of: none comes back
  EXPECT_TRUE(SameMessage(snapshot, *store_->GetSnapshot(2)));
}

// The domain on top: what the Monitor writes, a store gives back.
TEST_P(MeasureStoreConformanceTest, CarriesAMonitor) {
  absl::StatusOr<std::unique_ptr<Monitor>> monitor = Monitor::Open(std::move(store_));
  ASSERT_TRUE(monitor.ok()) << monitor.status();
  ASSERT_TRUE((*monitor)->Import(SmallDataSet(), "Testbijlage 2025", "import").ok());
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("registratie-2b");
  request.set_status(monitor::v1::AFGEROND);
  request.set_note("afgerond volgens planning");
  ASSERT_TRUE((*monitor)->SetMeasureStatus(request, "jan").ok());
  monitor::v1::GetSnapshotRequest latest;
  absl::StatusOr<monitor::v1::Snapshot> snapshot = (*monitor)->GetSnapshot(latest);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  EXPECT_EQ(snapshot->info().id(), 1);
  monitor::v1::ListStatusChangesRequest history;
  EXPECT_EQ((*monitor)->ListStatusChanges(history)->changes_size(), 1);
}

}  // namespace werkmonitor::testing
