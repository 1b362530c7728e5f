// The document cache on its own, with a fake source and a counting renderer: what it keeps, and
// that identical requests arriving together are rendered once.
#include "report_worker/document_cache.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/support/wait.h"

namespace werkmonitor {
namespace {

// One snapshot, or none; counts its fetches.
class FakeSource : public SnapshotSource {
 public:
  absl::StatusOr<monitor::v1::Snapshot> Fetch(int64_t id) override {
    ++fetches;
    monitor::v1::Snapshot snapshot;
    snapshot.mutable_info()->set_id(id == 0 ? 1 : id);
    return snapshot;
  }
  absl::StatusOr<int64_t> LatestId() override { return 1; }
  std::string Describe() const override { return "fake"; }
  std::atomic<int> fetches{0};
};

// Renders "pdf <locale>" once `release` is notified; counts the renders it starts.
struct GatedRenderer {
  std::atomic<int> renders{0};
  absl::Notification release;
  absl::Status result = absl::OkStatus();

  DocumentCache::Renderer AsRenderer() {
    return [this](const monitor::v1::Snapshot&, const RenderRequest& request,
                  const RenderResources&) -> absl::StatusOr<RenderedDocument> {
      ++renders;
      release.WaitForNotification();
      if (!result.ok()) return result;
      return RenderedDocument{absl::StrCat("pdf ", request.locale), 1};
    };
  }
};

RenderRequest Leaflet(const std::string& locale) {
  return {.kind = DocumentKind::kLeaflet, .locale = locale, .paper = A4()};
}

// `n` threads ask for `request` at once; the renderer is let go once the first render has started
// and every thread has made its call. Returns what each got.
std::vector<absl::StatusOr<DocumentCache::Found>> AskTogether(DocumentCache& cache, GatedRenderer& renderer, int n,
                                                              const RenderRequest& request) {
  std::vector<absl::StatusOr<DocumentCache::Found>> results(n, absl::UnknownError("not asked"));
  std::atomic<int> asking{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ++asking;
      results[i] = cache.Get(/*snapshot_id=*/0, request);
    });
  }
  EXPECT_TRUE(testing::WaitUntil([&] { return renderer.renders >= 1 && asking == n; }));
  renderer.release.Notify();
  for (std::thread& thread : threads) thread.join();
  return results;
}

TEST(DocumentCacheTest, IdenticalRequestsArrivingTogetherRenderOnce) {
  FakeSource source;
  GatedRenderer renderer;
  DocumentCache cache(source, RenderResources{}, renderer.AsRenderer());
  const std::vector<absl::StatusOr<DocumentCache::Found>> results = AskTogether(cache, renderer, 14, Leaflet("pl"));
  EXPECT_EQ(renderer.renders, 1);
  for (const absl::StatusOr<DocumentCache::Found>& found : results) {
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(found->document->pdf, "pdf pl");
    EXPECT_EQ(found->document.get(), results[0]->document.get());  // one document, shared
  }
  // Then it is cached.
  absl::StatusOr<DocumentCache::Found> later = cache.Get(0, Leaflet("pl"));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->cached);
  EXPECT_EQ(renderer.renders, 1);
}

TEST(DocumentCacheTest, AFailedRenderIsSharedThenTriedAgain) {
  FakeSource source;
  GatedRenderer renderer;
  renderer.result = absl::InternalError("font missing");
  DocumentCache cache(source, RenderResources{}, renderer.AsRenderer());
  for (const absl::StatusOr<DocumentCache::Found>& found : AskTogether(cache, renderer, 4, Leaflet("bg"))) {
    EXPECT_EQ(found.status(), absl::InternalError("font missing"));
  }
  EXPECT_EQ(renderer.renders, 1);
  // An error is not cached: the next request renders again.
  renderer.result = absl::OkStatus();
  absl::StatusOr<DocumentCache::Found> again = cache.Get(0, Leaflet("bg"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->cached);
  EXPECT_EQ(renderer.renders, 2);
}

TEST(DocumentCacheTest, DifferentDocumentsRenderSeparately) {
  FakeSource source;
  GatedRenderer renderer;
  renderer.release.Notify();
  DocumentCache cache(source, RenderResources{}, renderer.AsRenderer());
  ASSERT_TRUE(cache.Get(0, Leaflet("pl")).ok());
  ASSERT_TRUE(cache.Get(0, Leaflet("ro")).ok());
  EXPECT_EQ(renderer.renders, 2);
  EXPECT_EQ(source.fetches, 1);  // the latest snapshot, once
}

}  // namespace
}  // namespace werkmonitor
