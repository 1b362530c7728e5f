// Rendering: each document kind in each locale, and the floor — the same glyphs written by the same
// PdfWriter at fixed positions without any layout — to price the layout engine.
#include "bench/bench_data.h"
#include "domain/locales.h"
#include "i18n/catalogs.h"
#include "report_worker/documents/documents.h"
#include "report_worker/pdf/pdf_writer.h"
#include <benchmark/benchmark.h>

namespace werkmonitor::bench {
namespace {

const Catalogs& TheCatalogs() {
  static const Catalogs* const kCatalogs = new Catalogs(*Catalogs::Load(DefaultCatalogDir()));
  return *kCatalogs;
}

// One run per supported locale: the argument indexes SupportedLocales(), and each run is labelled
// with its locale (scripts/bench.sh reads the label).
void EveryLocale(benchmark::internal::Benchmark* b) {
  b->DenseRange(0, static_cast<int>(SupportedLocales().size()) - 1)->Unit(benchmark::kMillisecond);
}

void BM_Render(benchmark::State& state, DocumentKind kind, PaperSize paper) {
  const std::string locale = SupportedLocales()[state.range(0)];
  const RenderRequest request{.kind = kind, .locale = locale, .paper = paper, .themes = {}};
  const RenderResources resources{&TheCatalogs(), DefaultFontFiles()};
  size_t bytes = 0;
  for (auto _ : state) {
    absl::StatusOr<RenderedDocument> document = RenderDocument(RealSnapshot(), request, resources);
    if (!document.ok()) {
      state.SkipWithError(std::string(document.status().message()).c_str());
      return;
    }
    bytes = document->pdf.size();
    benchmark::DoNotOptimize(document->pdf.data());
  }
  state.SetLabel(locale);
  state.counters["KB"] = static_cast<double>(bytes) / 1024;
}
BENCHMARK_CAPTURE(BM_Render, appendix, DocumentKind::kAppendix, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Render, dashboard, DocumentKind::kDashboard, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Render, leaflet_a4, DocumentKind::kLeaflet, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Render, leaflet_a5, DocumentKind::kLeaflet, A5())->Apply(EveryLocale);

// The floor: the display list of the document, computed once, drawn by the same PdfWriter (the same
// fonts, prepared once per process, and the same per-document font objects) at its fixed positions,
// into a new PDF each time. Render time / floor time is the price of the layout.
void BM_Floor(benchmark::State& state, DocumentKind kind, PaperSize paper) {
  const std::string locale = SupportedLocales()[state.range(0)];
  const RenderRequest request{.kind = kind, .locale = locale, .paper = paper, .themes = {}};
  const RenderResources resources{&TheCatalogs(), DefaultFontFiles()};
  absl::StatusOr<std::vector<PageContent>> pages = LayOutDocument(RealSnapshot(), request, resources);
  if (!pages.ok()) {
    state.SkipWithError(std::string(pages.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<RenderedDocument> document = DrawDocument(*pages, RealSnapshot(), request, resources);
    benchmark::DoNotOptimize(document->pdf.data());
  }
  state.SetLabel(locale);
}
BENCHMARK_CAPTURE(BM_Floor, appendix, DocumentKind::kAppendix, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Floor, dashboard, DocumentKind::kDashboard, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Floor, leaflet_a4, DocumentKind::kLeaflet, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Floor, leaflet_a5, DocumentKind::kLeaflet, A5())->Apply(EveryLocale);

// Layout alone (with the writer that measures the text, but no drawing).
void BM_Layout(benchmark::State& state, DocumentKind kind, PaperSize paper) {
  const std::string locale = SupportedLocales()[state.range(0)];
  const RenderRequest request{.kind = kind, .locale = locale, .paper = paper, .themes = {}};
  const RenderResources resources{&TheCatalogs(), DefaultFontFiles()};
  for (auto _ : state) {
    absl::StatusOr<std::vector<PageContent>> pages = LayOutDocument(RealSnapshot(), request, resources);
    benchmark::DoNotOptimize(pages->data());
  }
  state.SetLabel(locale);
}
BENCHMARK_CAPTURE(BM_Layout, appendix, DocumentKind::kAppendix, A4())->Apply(EveryLocale);
BENCHMARK_CAPTURE(BM_Layout, leaflet_a4, DocumentKind::kLeaflet, A4())->Apply(EveryLocale);

// A document with the fonts and one page but no text: what every document costs before its content.
void BM_EmptyDocument(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<std::unique_ptr<PdfWriter>> pdf =
        PdfWriter::Create({.paper = A4(), .fonts = DefaultFontFiles(), .info = {}});
    (void)(*pdf)->NewPage();
    absl::StatusOr<std::string> bytes = (*pdf)->Finish();
    benchmark::DoNotOptimize(bytes->data());
  }
}
BENCHMARK(BM_EmptyDocument)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace werkmonitor::bench

BENCHMARK_MAIN();
