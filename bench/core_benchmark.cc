// The building blocks: i18n formatting, snapshot (de)serialization, dashboard computation, store
// reads and durable writes.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "bench/bench_data.h"
#include "common/access.h"
#include "domain/compare.h"
#include "domain/dashboard.h"
#include "domain/monitor.h"
#include "i18n/catalogs.h"
#include "i18n/localizer.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include <benchmark/benchmark.h>

namespace werkmonitor::bench {
namespace {

const Catalogs& TheCatalogs() {
  static const Catalogs* const kCatalogs = new Catalogs(*Catalogs::Load(DefaultCatalogDir()));
  return *kCatalogs;
}

// --- i18n ----------------------------------------------------------------------------------------

void BM_PluralMessage(benchmark::State& state) {
  Localizer pl = *Localizer::Create(TheCatalogs(), "pl");
  int64_t n = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(pl.Message("count.measures", MessageArgs().Number("count", n++ % 100))->text);
  }
}
BENCHMARK(BM_PluralMessage);

void BM_PartialDate(benchmark::State& state) {
  Localizer bg = *Localizer::Create(TheCatalogs(), "bg");
  monitor::v1::PartialDate date;
  date.set_precision(monitor::v1::PartialDate::DAY);
  date.set_year(2027);
  date.set_month(1);
  date.set_day(1);
  for (auto _ : state) benchmark::DoNotOptimize(*bg.Date(date));
}
BENCHMARK(BM_PartialDate);

void BM_Summary(benchmark::State& state) {
  Localizer ro = *Localizer::Create(TheCatalogs(), "ro");
  const monitor::v1::Measure& measure = RealSnapshot().data().measures(2);  // werk-1: two dates
  for (auto _ : state) benchmark::DoNotOptimize(ro.Summary(measure)->text);
}
BENCHMARK(BM_Summary);

void BM_LineBreaksUncached(benchmark::State& state) {
  Localizer nl = *Localizer::Create(TheCatalogs(), kSourceLocale);
  const std::string text = RealSnapshot().data().measures(2).body().nl().blocks(0).text();
  int64_t n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(nl.LineBreaks(absl::StrCat(text, n++)));  // a new text each time
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_LineBreaksUncached);

// --- snapshots and dashboard ---------------------------------------------------------------------

void BM_SnapshotSerialize(benchmark::State& state) {
  std::string bytes;
  for (auto _ : state) {
    bytes.clear();
    RealSnapshot().SerializeToString(&bytes);
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}
BENCHMARK(BM_SnapshotSerialize);

void BM_SnapshotParse(benchmark::State& state) {
  const std::string bytes = RealSnapshot().SerializeAsString();
  for (auto _ : state) {
    monitor::v1::Snapshot snapshot;
    benchmark::DoNotOptimize(snapshot.ParseFromString(bytes));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}
BENCHMARK(BM_SnapshotParse);

void BM_ComputeDashboard(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ComputeDashboard(RealSnapshot().data()));
}
BENCHMARK(BM_ComputeDashboard);

// --- comparing snapshots -------------------------------------------------------------------------

// `copies` times the real data (41 leaf measures each) as snapshot 1, and snapshot 2 with one measure
// in eight edited as a round would: status, a milestone moved a year, the first text block and a
// progress note. The edits grow with the data, so the per-measure time shows the growth.
void BM_CompareSnapshots(benchmark::State& state) {
  const int copies = static_cast<int>(state.range(0));
  const monitor::v1::DataSet data = SyntheticDataSet(copies);
  monitor::v1::DataSet edited = data;
  for (int i = 0; i < edited.measures_size(); i += 8) {
    monitor::v1::Measure& m = *edited.mutable_measures(i);
    if (m.status() != monitor::v1::STATUS_UNSPECIFIED) m.set_status(monitor::v1::VERTRAAGD);
    if (m.milestones_size() > 0) {
      monitor::v1::Milestone& milestone = *m.mutable_milestones(0);
      milestone.mutable_date()->set_year(milestone.date().year() + 1);
      milestone.set_move_reason("Benchmark: een jaar later");
    }
    if (m.body().nl().blocks_size() > 0) {
      monitor::v1::Block& block = *m.mutable_body()->mutable_nl()->mutable_blocks(0);
      block.set_text(block.text() + " (bijgewerkt)");
    }
    m.set_progress_note("Voortgang in deze ronde.");
  }
  monitor::v1::Snapshot base = SnapshotOf(data);
  monitor::v1::Snapshot target = SnapshotOf(edited);
  target.mutable_info()->set_id(2);
  int changes = 0;
  for (auto _ : state) {
    const monitor::v1::SnapshotComparison comparison = CompareSnapshots(base, target);
    changes = comparison.measures_size();
    benchmark::DoNotOptimize(comparison);
  }
  const double leaves = 41.0 * copies;
  state.counters["measures"] = leaves;
  state.counters["changed"] = changes;
  state.counters["us/measure"] =
      benchmark::Counter(state.iterations() * leaves, benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                         benchmark::Counter::kIs1000);
}
BENCHMARK(BM_CompareSnapshots)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

// --- store and monitor ---------------------------------------------------------------------------

// A monitor on a real SQLite file in a fresh directory, with the 2025 data imported.
struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<Monitor> monitor;
  explicit Fixture(const std::string& name) {
    dir = std::filesystem::temp_directory_path() / absl::StrCat("werkmonitor-bench-", name, "-", getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    monitor = std::move(*Monitor::Open(*SqliteMeasureStore::Open((dir / "m.db").string())));
    (void)monitor->Import(RealSnapshot().data(), "bench", "bench");
  }
  ~Fixture() {
    monitor.reset();
    std::filesystem::remove_all(dir);
  }
};

void BM_StoreLoad(benchmark::State& state) {
  Fixture fixture("load");
  for (auto _ : state) {
    auto store = SqliteMeasureStore::Open((fixture.dir / "m.db").string());
    benchmark::DoNotOptimize((*store)->Load()->revision);
  }
}
BENCHMARK(BM_StoreLoad)->Unit(benchmark::kMillisecond);

void BM_StoreGetSnapshotBytes(benchmark::State& state) {
  Fixture fixture("snapshot");
  auto store = *SqliteMeasureStore::Open((fixture.dir / "m.db").string());
  for (auto _ : state) benchmark::DoNotOptimize(store->GetSnapshotBytes(1)->size());
}
BENCHMARK(BM_StoreGetSnapshotBytes);

void BM_MonitorGetMeasure(benchmark::State& state) {
  Fixture fixture("get");
  monitor::v1::GetMeasureRequest request;
  request.set_id("werk-1");
  for (auto _ : state) benchmark::DoNotOptimize(fixture.monitor->GetMeasure(request)->revision());
}
BENCHMARK(BM_MonitorGetMeasure);

// What access control adds to every call: hashing the presented token and comparing it with each
// of `range(0)` entries. Compare with BM_MonitorGetMeasureBytes, the work of a read.
void BM_AuthorizeBearerToken(benchmark::State& state) {
  std::string tokens;
  for (int i = 0; i < state.range(0); ++i) {
    absl::StrAppend(&tokens, *TokensFileLine(absl::StrCat("wm_token-", i), Role::kEditor, absl::StrCat("user", i)),
                    "\n");
  }
  const AccessPolicy policy = *AccessPolicy::FromTokensText(tokens, "bench");
  const std::string header = absl::StrCat("Bearer wm_token-", state.range(0) - 1);
  for (auto _ : state) benchmark::DoNotOptimize(policy.Authorize(header, Role::kReader)->role);
}
BENCHMARK(BM_AuthorizeBearerToken)->Arg(10)->Arg(100);

void BM_MonitorGetMeasureBytes(benchmark::State& state) {
  Fixture fixture("getbytes");
  monitor::v1::GetMeasureRequest request;
  request.set_id("werk-1");
  for (auto _ : state) benchmark::DoNotOptimize(fixture.monitor->GetMeasureBytes(request)->get());
}
BENCHMARK(BM_MonitorGetMeasureBytes);

// A durable status change: validation, the new state, one SQLite transaction with fsync.
void BM_MonitorSetMeasureStatus(benchmark::State& state) {
  Fixture fixture("write");
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("werk-1");
  request.set_note("bench");
  int64_t n = 0;
  for (auto _ : state) {
    request.set_status(n++ % 2 == 0 ? monitor::v1::AFGEROND : monitor::v1::IN_UITVOERING);
    benchmark::DoNotOptimize(fixture.monitor->SetMeasureStatus(request, "bench")->revision());
  }
}
BENCHMARK(BM_MonitorSetMeasureStatus)->Unit(benchmark::kMicrosecond);

// Publishing a reporting round of the 41 measures: three updates applied (one status change each),
// the rest approved as unchanged; the history, the round's snapshot (with its comparison with the
// previous one) and the round in one SQLite transaction with fsync. Compare with
// BM_MonitorSetMeasureStatus of the same run, one durable write.
void BM_MonitorPublishRound(benchmark::State& state) {
  Fixture fixture("publish");
  Monitor& monitor = *fixture.monitor;
  const Actor coordinator = Actor::Admin("bench");
  const char* const kChanged[] = {"werk-2", "werk-3", "registratie-7"};
  absl::CivilDay as_of(2030, 1, 1);  // a day later each round: every round reports a later state
  for (auto _ : state) {
    state.PauseTiming();
    monitor::v1::OpenRoundRequest open;
    open.set_label(absl::StrCat("Ronde ", absl::FormatCivilTime(as_of)));
    for (auto* date : {open.mutable_as_of(), open.mutable_deadline()}) {
      date->set_precision(monitor::v1::PartialDate::DAY);
      date->set_year(static_cast<int32_t>(as_of.year()));
      date->set_month(as_of.month());
      date->set_day(as_of.day());
    }
    as_of += 1;
    absl::StatusOr<monitor::v1::Round> round = monitor.OpenRound(open, coordinator);
    if (!round.ok()) {
      state.SkipWithError(std::string(round.status().message()).c_str());
      break;
    }
    const int64_t round_id = round->id();
    for (const char* id : kChanged) {
      monitor::v1::GetMeasureRequest get;
      get.set_id(id);
      const monitor::v1::Measure measure = *monitor.GetMeasure(get);
      monitor::v1::SaveDraftRequest save;
      save.set_measure_id(id);
      save.mutable_draft()->set_status(measure.status() == monitor::v1::DOORLOPEND ? monitor::v1::IN_UITVOERING
                                                                                   : monitor::v1::DOORLOPEND);
      save.mutable_draft()->set_progress_note("De voortgang van deze ronde.");
      *save.mutable_draft()->mutable_milestones() = measure.milestones();
      for (auto& m : *save.mutable_draft()->mutable_milestones()) m.set_reached(true);
      for (const char* path : {"status", "progress_note", "milestones"}) save.mutable_update_mask()->add_paths(path);
      (void)monitor.SaveDraft(save, coordinator);
      monitor::v1::SubmitUpdateRequest submit;
      submit.set_measure_id(id);
      (void)monitor.SubmitUpdate(submit, coordinator);
      monitor::v1::ApproveUpdateRequest approve;
      approve.set_measure_id(id);
      (void)monitor.ApproveUpdate(approve, coordinator);
    }
    monitor::v1::ListMeasureUpdatesRequest drafts;
    drafts.set_state(monitor::v1::MeasureUpdate::DRAFT);
    monitor::v1::ApproveUnchangedRequest unchanged;
    const absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> untouched = monitor.ListMeasureUpdates(drafts);
    for (const auto& u : untouched->updates()) unchanged.add_measure_ids(u.measure_id());
    (void)monitor.ApproveUnchanged(unchanged, coordinator);
    monitor::v1::PublishRoundRequest publish;
    publish.set_round_id(round_id);
    state.ResumeTiming();
    absl::StatusOr<monitor::v1::Round> published = monitor.PublishRound(publish, coordinator);
    if (!published.ok()) {
      state.SkipWithError(std::string(published.status().message()).c_str());
      break;
    }
  }
}
BENCHMARK(BM_MonitorPublishRound)->Unit(benchmark::kMillisecond);

// The same write while `range(0)` subscribers follow the change feed as a WatchChanges stream does
// (on each notification, read what is new since the last revision seen), `range(1)` of them slow:
// they take 1 ms per notification, like a consumer that has stalled. Compare with range(0) = 0 of
// the same run: a watcher, slow or not, should cost a writer next to nothing.
void BM_MonitorSetMeasureStatusWatched(benchmark::State& state) {
  Fixture fixture("watched");
  Monitor& monitor = *fixture.monitor;
  struct Watcher {
    bool slow = false;
    int64_t seen = 0;  // Only touched by the notifications, which never run concurrently.
    int64_t events = 0;
  };
  std::vector<std::unique_ptr<Watcher>> watchers;
  std::vector<int> subscriptions;
  for (int i = 0; i < state.range(0); ++i) {
    Watcher* watcher = watchers.emplace_back(std::make_unique<Watcher>()).get();
    watcher->slow = i < state.range(1);
    watcher->seen = monitor.revision();
    subscriptions.push_back(monitor.Subscribe([&monitor, watcher] {
      if (watcher->slow) absl::SleepFor(absl::Milliseconds(1));
      absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> events = monitor.ChangesSince(watcher->seen, 100);
      if (!events.ok() || events->empty()) return;
      watcher->seen = events->back().revision();
      watcher->events += static_cast<int64_t>(events->size());
    }));
  }
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id("werk-1");
  request.set_note("bench");
  int64_t n = 0;
  for (auto _ : state) {
    request.set_status(n++ % 2 == 0 ? monitor::v1::AFGEROND : monitor::v1::IN_UITVOERING);
    benchmark::DoNotOptimize(monitor.SetMeasureStatus(request, "bench")->revision());
  }
  for (int subscription : subscriptions) monitor.Unsubscribe(subscription);
  int64_t delivered = 0;
  for (const auto& watcher : watchers) delivered += watcher->events;
  // Events the watchers had read when the writes stopped, per watcher and write (1: all of them).
  if (!watchers.empty() && n > 0) {
    state.counters["delivered"] = static_cast<double>(delivered) / static_cast<double>(watchers.size() * n);
  }
}
BENCHMARK(BM_MonitorSetMeasureStatusWatched)
    ->ArgNames({"watchers", "slow"})
    ->Args({0, 0})
    ->Args({64, 0})
    ->Args({64, 8})
    ->Unit(benchmark::kMicrosecond);

// What a durable write costs the file system alone: 200 bytes appended and fdatasync'd, in the
// directory the database would use.
void BM_AppendAndFsync(benchmark::State& state) {
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / absl::StrCat("werkmonitor-bench-fsync-", getpid());
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
  const std::string record(200, 'x');
  for (auto _ : state) {
    benchmark::DoNotOptimize(write(fd, record.data(), record.size()));
    fdatasync(fd);
  }
  close(fd);
  std::filesystem::remove(file);
}
BENCHMARK(BM_AppendAndFsync)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace werkmonitor::bench

BENCHMARK_MAIN();
