// Growth with the data: synthetic data sets of 41, 410 and 4,100 measures (the real ones repeated,
// see SyntheticDataSet). Each result also reports its time per measure ("per_measure"), which stays
// flat when the work grows linearly.
#include "absl/time/clock.h"
#include "bench/bench_data.h"
#include "domain/dashboard.h"
#include "domain/locales.h"
#include "i18n/catalogs.h"
#include "report_worker/batch.h"
#include "report_worker/documents/documents.h"
#include <benchmark/benchmark.h>

namespace werkmonitor::bench {
namespace {

const Catalogs& TheCatalogs() {
  static const Catalogs* const kCatalogs = new Catalogs(*Catalogs::Load(DefaultCatalogDir()));
  return *kCatalogs;
}

// Leaf measures of `copies` copies of the data set (41 each).
int64_t Leaves(int copies) { return 41LL * copies; }

void PerMeasure(benchmark::State& state, int copies) {
  state.counters["measures"] = static_cast<double>(Leaves(copies));
  state.counters["us/measure"] =
      benchmark::Counter(static_cast<double>(state.iterations() * Leaves(copies)),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

void BM_ScaleSnapshotSerialize(benchmark::State& state) {
  const int copies = static_cast<int>(state.range(0));
  const monitor::v1::Snapshot snapshot = SnapshotOf(SyntheticDataSet(copies));
  for (auto _ : state) benchmark::DoNotOptimize(snapshot.SerializeAsString());
  PerMeasure(state, copies);
}
BENCHMARK(BM_ScaleSnapshotSerialize)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_ScaleDashboard(benchmark::State& state) {
  const int copies = static_cast<int>(state.range(0));
  const monitor::v1::DataSet data = SyntheticDataSet(copies);
  for (auto _ : state) benchmark::DoNotOptimize(ComputeDashboard(data));
  PerMeasure(state, copies);
}
BENCHMARK(BM_ScaleDashboard)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_ScaleAppendix(benchmark::State& state) {
  const int copies = static_cast<int>(state.range(0));
  const monitor::v1::Snapshot snapshot = SnapshotOf(SyntheticDataSet(copies));
  const RenderRequest request{.kind = DocumentKind::kAppendix, .locale = kSourceLocale, .paper = A4(), .themes = {}};
  int pages = 0;
  for (auto _ : state) {
    absl::StatusOr<RenderedDocument> document = RenderDocument(snapshot, request, {&TheCatalogs(), DefaultFontFiles()});
    if (!document.ok()) {
      state.SkipWithError(std::string(document.status().message()).c_str());
      return;
    }
    pages = document->pages;
  }
  PerMeasure(state, copies);
  state.counters["pages"] = pages;
}
BENCHMARK(BM_ScaleAppendix)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

// The batch, except leaflets: a leaflet of 4,100 measures cannot fit one A4 sheet, by design.
void BM_ScaleBatch(benchmark::State& state) {
  const int copies = static_cast<int>(state.range(0));
  const monitor::v1::Snapshot snapshot = SnapshotOf(SyntheticDataSet(copies));
  const std::vector<RenderRequest> requests =
      BatchRequests({DocumentKind::kAppendix, DocumentKind::kDashboard},
                    std::vector<std::string>(SupportedLocales().begin(), SupportedLocales().end()), {A4()});
  const std::string out = "/tmp/werkmonitor-bench-scale-batch";
  for (auto _ : state) {
    absl::StatusOr<report::v1::Manifest> manifest =
        RunBatch(snapshot, requests, out, 2, {&TheCatalogs(), DefaultFontFiles()}, [](const BatchProgress&) {});
    if (!manifest.ok()) {
      state.SkipWithError(std::string(manifest.status().message()).c_str());
      return;
    }
  }
  PerMeasure(state, copies);
}
BENCHMARK(BM_ScaleBatch)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace werkmonitor::bench

BENCHMARK_MAIN();
