// The report worker with a live monitor service: fetching snapshots, retrying while the service is
// down, batches with their manifest, the ReportService, the document cache with a bad snapshot, the
// snapshot watcher and the --watch mode.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/sha256.h"
#include "domain/data_set_files.h"
#include "domain/monitor.h"
#include "domain/snapshot_file.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "i18n/catalogs.h"
#include "monitor_service/grpc/monitor_server.h"
#include "monitor_service/store/sqlite_measure_store.h"
#include "report_worker/batch.h"
#include "report_worker/document_cache.h"
#include "report_worker/report_service.h"
#include "report_worker/snapshot_source.h"
#include "report_worker/snapshot_watcher.h"
#include "tests/support/pdf_tools.h"
#include "tests/support/process.h"
#include "tests/support/test_data.h"
#include "tests/support/wait.h"
#include <grpcpp/create_channel.h>
#include <grpcpp/server_builder.h>
#include <sys/socket.h>
#include <sys/un.h>

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteMeasureStore::Open(dir_.File("monitor.db"));
    ASSERT_TRUE(store.ok());
    monitor_ = std::move(*Monitor::Open(std::move(*store)));
    absl::StatusOr<monitor::v1::DataSet> data = LoadDataSetDir(testing::RepoDataDir());
    ASSERT_TRUE(data.ok());
    ASSERT_TRUE(monitor_->Import(*data, "Bijlage I Monitoringsoverzicht 2025", "import").ok());
    server_ = std::move(*MonitorServer::Start(*monitor_, "127.0.0.1:0"));
    catalogs_ = std::make_unique<Catalogs>(*Catalogs::Load(DefaultCatalogDir()));
  }
  void TearDown() override { server_->Shutdown(absl::Seconds(1)); }
  RenderResources Resources() const { return {catalogs_.get(), DefaultFontFiles()}; }

  testing::TempDir dir_;
  std::unique_ptr<Monitor> monitor_;
  std::unique_ptr<MonitorServer> server_;
  std::unique_ptr<Catalogs> catalogs_;
};

std::unique_ptr<GrpcSnapshotSource> Source(const std::string& address, RetryPolicy retry = {}) {
  return *GrpcSnapshotSource::Connect(address, {}, retry);
}

TEST_F(WorkerTest, FetchesSnapshotsFromTheService) {
  std::unique_ptr<GrpcSnapshotSource> source = Source(server_->address());
  absl::StatusOr<monitor::v1::Snapshot> latest = source->Fetch(0);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->info().id(), 1);
  EXPECT_EQ(latest->data().measures_size(), 42);
  EXPECT_EQ(*source->LatestId(), 1);
  EXPECT_EQ(source->Fetch(9).status().code(), absl::StatusCode::kNotFound);  // not retried
}

TEST_F(WorkerTest, GivesUpClearlyWhenTheServiceStaysUnreachable) {
  const testing::RefusingPort refusing;
  const std::string nowhere = refusing.address();
  std::unique_ptr<GrpcSnapshotSource> source =
      Source(nowhere, {.patience = absl::Milliseconds(700), .initial_backoff = absl::Milliseconds(50)});
  const absl::Time start = absl::Now();
  absl::StatusOr<monitor::v1::Snapshot> snapshot = source->Fetch(0);
  EXPECT_EQ(snapshot.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(testing::ErrorText(snapshot.status()),
              HasSubstr(absl::StrCat("monitor service at ", nowhere, " unreachable for 700ms")));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST_F(WorkerTest, ABatchWritesEveryDocumentAndAManifest) {
  std::unique_ptr<GrpcSnapshotSource> source = Source(server_->address());
  absl::StatusOr<monitor::v1::Snapshot> snapshot = source->Fetch(0);
  ASSERT_TRUE(snapshot.ok());
  const std::vector<RenderRequest> requests =
      BatchRequests({DocumentKind::kDashboard, DocumentKind::kLeaflet}, {"nl", "bg"}, {A4(), A5()});
  ASSERT_EQ(requests.size(), 6u);  // dashboards on A4 only; leaflets on A4 and A5
  int reported = 0;
  const std::string out = dir_.File("out");
  absl::StatusOr<report::v1::Manifest> manifest =
      RunBatch(*snapshot, requests, out, 2, Resources(), [&](const BatchProgress& p) {
        ++reported;
        EXPECT_EQ(p.total, 6);
      });
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(reported, 6);
  ASSERT_EQ(manifest->documents_size(), 6);
  for (const report::v1::ManifestEntry& entry : manifest->documents()) {
    const std::string path = absl::StrCat(out, "/", entry.file());
    absl::StatusOr<std::string> bytes = ReadFile(path);
    ASSERT_TRUE(bytes.ok()) << path;
    EXPECT_EQ(entry.sha256(), Sha256Hex(*bytes));
    EXPECT_EQ(entry.bytes(), static_cast<int64_t>(bytes->size()));
    EXPECT_EQ(entry.pages(), testing::PageCount(path));
    EXPECT_EQ(entry.snapshot_id(), 1);
  }
  // The manifest on disk says the same; no temporary files are left.
  report::v1::Manifest on_disk;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*ReadFile(out + "/manifest.json"), &on_disk).ok());
  EXPECT_EQ(on_disk.documents_size(), 6);
  for (const auto& entry : std::filesystem::directory_iterator(out)) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST_F(WorkerTest, TheReportServiceStreamsCachedDocuments) {
  std::unique_ptr<GrpcSnapshotSource> source = Source(server_->address());
  DocumentCache cache(*source, Resources());
  ReportGrpcService service(cache);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);

  auto stub = report::v1::ReportService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  report::v1::RenderDocumentRequest request;
  request.set_kind(report::v1::APPENDIX);
  request.set_locale("pl");
  grpc::ClientContext context;
  auto reader = stub->RenderDocument(&context, request);
  report::v1::DocumentChunk chunk;
  std::string pdf;
  report::v1::DocumentInfo info;
  int chunks = 0;
  while (reader->Read(&chunk)) {
    if (chunks++ == 0) info = chunk.info();
    pdf += chunk.data();
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_GT(chunks, 1);  // an appendix is larger than one chunk
  EXPECT_EQ(info.bytes(), static_cast<int64_t>(pdf.size()));
  EXPECT_EQ(info.sha256(), Sha256Hex(pdf));
  EXPECT_EQ(info.snapshot_id(), 1);
  EXPECT_EQ(info.file_name(), "appendix-pl-a4.pdf");
  // The same as rendering directly, and the second request is served from the cache.
  EXPECT_EQ(pdf,
            RenderDocument(*source->Fetch(1),
                           {.kind = DocumentKind::kAppendix, .locale = "pl", .paper = A4(), .themes = {}}, Resources())
                ->pdf);
  request.set_snapshot_id(1);
  EXPECT_EQ(service.Render(request)->get(), service.Render(request)->get());

  request.set_locale("fr");
  grpc::ClientContext bad_context;
  auto bad = stub->RenderDocument(&bad_context, request);
  while (bad->Read(&chunk)) {
  }
  grpc::Status status = bad->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("locale"));
  server->Shutdown();
}

// A serving worker keeps serving the documents of the last good snapshot when one it cannot use
// is published: the new latest is refused (naming the measure), the old one stays.
TEST_F(WorkerTest, TheCacheKeepsServingTheLastGoodSnapshot) {
  std::unique_ptr<GrpcSnapshotSource> service = Source(server_->address());
  absl::StatusOr<monitor::v1::Snapshot> good = service->Fetch(1);
  ASSERT_TRUE(good.ok());
  const std::string file = dir_.File("latest.pb");
  ASSERT_TRUE(SaveSnapshotFile(file, *good).ok());
  FileSnapshotSource source(file);
  LastGoodSnapshotSource last_good(source);
  DocumentCache cache(last_good, Resources());
  const RenderRequest dashboard{.kind = DocumentKind::kDashboard, .locale = "nl", .paper = A4(), .themes = {}};
  absl::StatusOr<DocumentCache::Found> before = cache.Get(0, dashboard);
  ASSERT_TRUE(before.ok()) << before.status();

  monitor::v1::Snapshot bad = *good;
  bad.mutable_info()->set_id(2);
  bad.mutable_data()->mutable_measures(0)->set_status(static_cast<monitor::v1::Status>(9));
  ASSERT_TRUE(SaveSnapshotFile(file, bad).ok());
  EXPECT_THAT(testing::ErrorText(source.Fetch(0).status()), HasSubstr("status 9 is not a known status"));
  cache.Invalidate();  // as when the service publishes a snapshot
  absl::StatusOr<DocumentCache::Found> after = cache.Get(0, dashboard);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->document->info.snapshot_id(), 1);
  EXPECT_EQ(after->document->pdf, before->document->pdf);
  // Asked for by id, the bad snapshot is the error it is.
  EXPECT_EQ(cache.Get(2, dashboard).status().code(), absl::StatusCode::kInvalidArgument);
}

// The watcher hands over each published snapshot, and Stop() ends it at once, even while it waits
// for a service that went away (before, the thread was detached, holding references to the stack).
TEST_F(WorkerTest, TheWatcherHandsOverSnapshotsAndStopsAtOnce) {
  std::unique_ptr<MonitorServer> server = *MonitorServer::Start(*monitor_, "127.0.0.1:0");
  absl::Mutex mu;
  std::vector<int64_t> seen;
  SnapshotWatcher watcher(Source(server->address()), [&](const monitor::v1::Snapshot& snapshot) {
    absl::MutexLock lock(&mu);
    seen.push_back(snapshot.info().id());
  });
  watcher.Start();
  monitor::v1::CreateSnapshotRequest request;
  request.set_label("Voortgangsrapportage juni 2026");
  ASSERT_TRUE(monitor_->CreateSnapshot(request, "test").ok());
  EXPECT_TRUE(testing::WaitUntil([&] {
    absl::MutexLock lock(&mu);
    return !seen.empty();
  }));
  {
    absl::MutexLock lock(&mu);
    EXPECT_THAT(seen, ::testing::ElementsAre(2));
  }
  server->Shutdown(absl::ZeroDuration());  // the watch now waits, up to 30 s, for the service
  const absl::Time start = absl::Now();
  watcher.Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

// Listens on the Unix socket `path` until a client connects, then closes both: proof that the
// client is trying to reach the address, with no server there yet.
bool AwaitConnectionAttempt(const std::string& path) {
  const int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  path.copy(address.sun_path, sizeof address.sun_path - 1);
  bool connected = false;
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 && listen(listener, 4) == 0) {
    pollfd wait_for{listener, POLLIN, 0};
    if (poll(&wait_for, 1, 30000) == 1) {
      const int client = accept(listener, nullptr, nullptr);
      connected = client >= 0;
      if (connected) close(client);
    }
  }
  close(listener);
  unlink(path.c_str());
  return connected;
}

// The worker binary as a user runs it: a batch started while the service is still down waits for
// it (retrying) and then completes. The service listens on a Unix socket, an address known before
// it starts.
TEST(WorkerProcessTest, ABatchWaitsForAServiceThatIsStarting) {
  testing::TempDir dir;
  const std::string socket = dir.File("monitor.sock");
  const std::string address = "unix:" + socket;
  testing::CommandResult batch;
  std::thread worker([&] {
    batch = testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "batch", "--server=" + address,
                                 "--out=" + dir.File("out"), "--kinds=dashboard", "--locales=nl,ro", "--papers=A4",
                                 "--jobs=2", "--patience=30s"});
  });
  ASSERT_TRUE(AwaitConnectionAttempt(socket)) << "the batch never tried to reach the service";
  auto server =
      testing::ServerProcess::Start({testing::BinaryPath("monitor_service/monitor_server"), "--listen=" + address,
                                     "--db=" + dir.File("m.db"), "--data=" + testing::RepoDataDir()});
  worker.join();
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(batch.exit_code, 0) << batch.err;
  EXPECT_THAT(batch.err, HasSubstr("2 documents and manifest.json written"));
  EXPECT_EQ(testing::PageCount(dir.File("out/dashboard-ro-a4.pdf")), 1);
  EXPECT_EQ(server->Stop(SIGTERM), 0);
}

TEST(WorkerProcessTest, RendersFromAnExportedSnapshotWithoutAService) {
  testing::TempDir dir;
  auto server =
      testing::ServerProcess::Start({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                     "--db=" + dir.File("m.db"), "--data=" + testing::RepoDataDir()});
  ASSERT_TRUE(server.ok());
  ASSERT_EQ(testing::RunCommand({testing::BinaryPath("monitor_service/monitorctl"), "--server=" + server->address(),
                                 "snapshot", "export", "latest", "--out=" + dir.File("snapshot.pb")})
                .exit_code,
            0);
  EXPECT_EQ(server->Stop(SIGTERM), 0);  // from here on there is no service
  testing::CommandResult r = testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "render",
                                                  "--snapshot_file=" + dir.File("snapshot.pb"), "--kind=leaflet",
                                                  "--locale=bg", "--out=" + dir.File("leaflet.pdf")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LE(testing::PageCount(dir.File("leaflet.pdf")), 6);  // three sheets: every theme, in Bulgarian
  EXPECT_THAT(testing::ExtractText(dir.File("leaflet.pdf")).text, HasSubstr("Защита на трудовите мигранти"));

  r = testing::RunCommand({testing::BinaryPath("report_worker/report_worker"), "render",
                           "--snapshot_file=" + dir.File("snapshot.pb"), "--kind=poster",
                           "--out=" + dir.File("x.pdf")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("\"poster\" is not a document"));
  EXPECT_FALSE(std::filesystem::exists(dir.File("x.pdf")));
}

TEST(WorkerProcessTest, ServeWatchRendersEachNewSnapshot) {
  testing::TempDir dir;
  auto monitor =
      testing::ServerProcess::Start({testing::BinaryPath("monitor_service/monitor_server"), "--listen=127.0.0.1:0",
                                     "--db=" + dir.File("m.db"), "--data=" + testing::RepoDataDir()});
  ASSERT_TRUE(monitor.ok());
  // Listening means watching: the worker follows the service from its revision at start-up.
  auto worker =
      testing::ServerProcess::Start({testing::BinaryPath("report_worker/report_worker"), "serve",
                                     "--listen=127.0.0.1:0", "--server=" + monitor->address(), "--watch",
                                     "--out=" + dir.File("out"), "--kinds=dashboard", "--locales=en", "--papers=A4"});
  ASSERT_TRUE(worker.ok()) << worker.status();
  ASSERT_EQ(testing::RunCommand({testing::BinaryPath("monitor_service/monitorctl"), "--server=" + monitor->address(),
                                 "snapshot", "create", "--label=Voortgangsrapportage juni 2026"})
                .exit_code,
            0);
  absl::StatusOr<report::v1::Manifest> manifest = testing::WaitForManifest(dir.File("out/manifest.json"), 2);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->snapshot_label(), "Voortgangsrapportage juni 2026");
  EXPECT_EQ(manifest->documents_size(), 1);
  EXPECT_EQ(worker->Stop(SIGTERM), 0);
  EXPECT_EQ(monitor->Stop(SIGTERM), 0);
}

}  // namespace
}  // namespace werkmonitor
