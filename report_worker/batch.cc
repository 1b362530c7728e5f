#include "report_worker/batch.h"

#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/files.h"
#include "common/sha256.h"
#include "google/protobuf/util/json_util.h"

namespace werkmonitor {

std::string DocumentFileName(const RenderRequest& request) {
  std::string name = absl::StrCat(ToString(request.kind), "-", request.locale);
  for (const std::string& theme : request.themes) absl::StrAppend(&name, "-", theme);
  return absl::StrCat(name, "-", absl::AsciiStrToLower(request.paper.name), ".pdf");
}

std::vector<RenderRequest> BatchRequests(const std::vector<DocumentKind>& kinds,
                                         const std::vector<std::string>& locales,
                                         const std::vector<PaperSize>& papers) {
  std::vector<RenderRequest> requests;
  for (DocumentKind kind : kinds) {
    for (const std::string& locale : locales) {
      for (const PaperSize& paper : papers) {
        // The appendix and the dashboard are A4 documents; leaflets come in every size asked for.
        if (kind != DocumentKind::kLeaflet && paper.name != "A4") continue;
        requests.push_back(RenderRequest{.kind = kind, .locale = locale, .paper = paper, .themes = {}});
      }
    }
  }
  return requests;
}

namespace {

// Where a batch writes before anything is moved into the output directory.
constexpr char kStagingDir[] = ".batch.tmp";

// Moves every file of `staging` into `out_dir` (a rename each, so no space is needed and no reader
// sees a partial file), then removes `staging`.
absl::Status Publish(const std::string& staging, const std::string& out_dir,
                     const std::vector<report::v1::ManifestEntry>& entries) {
  for (const report::v1::ManifestEntry& entry : entries) {
    std::error_code error;
    std::filesystem::rename(absl::StrCat(staging, "/", entry.file()), absl::StrCat(out_dir, "/", entry.file()), error);
    if (error) return absl::InternalError(absl::StrCat(out_dir, "/", entry.file(), ": ", error.message()));
  }
  std::error_code ignored;
  std::filesystem::remove_all(staging, ignored);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<report::v1::Manifest> RunBatch(const monitor::v1::Snapshot& snapshot,
                                              const std::vector<RenderRequest>& requests, const std::string& out_dir,
                                              int jobs, const RenderResources& resources,
                                              const std::function<void(const BatchProgress&)>& progress) {
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) return absl::FailedPreconditionError(absl::StrCat(out_dir, ": ", error.message()));
  if (!std::filesystem::is_directory(out_dir)) {
    return absl::FailedPreconditionError(absl::StrCat(out_dir, ": not a directory"));
  }
  // One batch at a time per directory: they share the staging directory.
  absl::StatusOr<ProcessLock> out_dir_lock = ProcessLock::Acquire(absl::StrCat(out_dir, "/.batch.lock"));
  if (!out_dir_lock.ok()) return out_dir_lock.status();
  // Every document is written to the staging directory first and moved into place only when all
  // succeeded: a batch that fails (a full disk, say) leaves the output directory as it was, not a
  // mix of old and new documents under an old manifest. A leftover from a killed batch goes first.
  const std::string staging = absl::StrCat(out_dir, "/", kStagingDir);
  std::filesystem::remove_all(staging, error);
  std::filesystem::create_directory(staging, error);
  if (error) return absl::FailedPreconditionError(absl::StrCat(staging, ": ", error.message()));

  std::vector<report::v1::ManifestEntry> entries(requests.size());
  std::atomic<size_t> next{0};
  absl::Mutex mu;
  absl::Status failure;  // Guarded by mu.
  int done = 0;          // Guarded by mu.
  auto work = [&] {
    for (size_t i = next++; i < requests.size(); i = next++) {
      {
        absl::MutexLock lock(&mu);
        if (!failure.ok()) return;
      }
      const absl::Time start = absl::Now();
      const RenderRequest& request = requests[i];
      absl::StatusOr<RenderedDocument> document = RenderDocument(snapshot, request, resources);
      const std::string file = DocumentFileName(request);
      absl::Status written =
          document.ok() ? WriteFileAtomically(absl::StrCat(staging, "/", file), document->pdf) : document.status();
      absl::MutexLock lock(&mu);
      if (!written.ok()) {
        if (failure.ok()) failure = written;
        return;
      }
      report::v1::ManifestEntry& entry = entries[i];
      entry.set_file(file);
      entry.set_kind(ToString(request.kind));
      entry.set_locale(request.locale);
      entry.set_paper(request.paper.name);
      entry.set_pages(document->pages);
      entry.set_bytes(static_cast<int64_t>(document->pdf.size()));
      entry.set_sha256(Sha256Hex(document->pdf));
      entry.set_snapshot_id(snapshot.info().id());
      progress({++done, static_cast<int>(requests.size()), &entry, absl::Now() - start});
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::max(1, jobs); ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  if (!failure.ok()) {
    std::filesystem::remove_all(staging, error);
    return failure;
  }
  if (absl::Status s = Publish(staging, out_dir, entries); !s.ok()) return s;

  report::v1::Manifest manifest;
  manifest.set_snapshot_id(snapshot.info().id());
  manifest.set_snapshot_label(snapshot.info().label());
  for (auto& entry : entries) *manifest.add_documents() = std::move(entry);
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  if (auto s = google::protobuf::util::MessageToJsonString(manifest, &json, options); !s.ok()) {
    return absl::InternalError(s.ToString());
  }
  if (absl::Status s = WriteFileAtomically(absl::StrCat(out_dir, "/manifest.json"), json); !s.ok()) return s;
  return manifest;
}

}  // namespace werkmonitor
