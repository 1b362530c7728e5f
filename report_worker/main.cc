// report_worker: renders the appendix, dashboards and leaflets as PDF from monitor snapshots.
//
//   report_worker render --kind=leaflet --locale=pl --out=leaflet-pl.pdf
//   report_worker batch --out=out --jobs=2
//   report_worker serve --listen=127.0.0.1:50052 [--watch --out=out] [--http=127.0.0.1:8080]
#include <iostream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/exit_status.h"
#include "common/files.h"
#include "common/grpc_server.h"
#include "common/log.h"
#include "common/security_flags.h"
#include "common/signals.h"
#include "common/usage.h"
#include "domain/snapshot_file.h"
#include "i18n/catalogs.h"
#include "report_worker/batch.h"
#include "report_worker/document_cache.h"
#include "report_worker/print/print_station.h"
#include "report_worker/report_service.h"
#include "report_worker/snapshot_source.h"
#include "report_worker/snapshot_watcher.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "The monitor service, host:port.");
ABSL_FLAG(std::string, snapshot, "latest", "Snapshot to render: an id, or \"latest\".");
ABSL_FLAG(std::string, snapshot_file, "",
          "Render from a snapshot file (monitorctl snapshot export) instead of the service: a regular "
          "file of at most 64 MiB.");
ABSL_FLAG(absl::Duration, patience, absl::Seconds(30),
          "How long to keep retrying, with backoff, while the service is unreachable.");
ABSL_FLAG(std::string, kind, "appendix", "render: appendix, dashboard or leaflet.");
ABSL_FLAG(std::string, locale, werkmonitor::kSourceLocale, "render: nl, pl, ro, bg or en.");
ABSL_FLAG(std::string, paper, "A4", "render: A4 or A5.");
ABSL_FLAG(std::vector<std::string>, theme, {}, "render: leaflet for these theme ids only (comma-separated).");
ABSL_FLAG(std::string, out, "", "render: the PDF file to write; batch and serve --watch: the directory.");
ABSL_FLAG(std::vector<std::string>, kinds, std::vector<std::string>({"appendix", "dashboard", "leaflet"}),
          "batch: document kinds.");
ABSL_FLAG(std::vector<std::string>, locales, std::vector<std::string>(werkmonitor::SupportedLocales().begin(), werkmonitor::SupportedLocales().end()), "batch: locales.");
ABSL_FLAG(std::vector<std::string>, papers, std::vector<std::string>({"A4", "A5"}),
          "batch: paper sizes (A5 applies to leaflets; the appendix and dashboard are A4).");
ABSL_FLAG(int, jobs, 0, "batch: documents rendered at once (0: one per CPU).");
ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "serve: address of report.v1.ReportService.");
ABSL_FLAG(bool, watch, false, "serve: re-render the batch into --out whenever the service publishes a snapshot.");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5),
          "serve: on SIGINT/SIGTERM, how long running calls may take to finish before they are cancelled.");
ABSL_FLAG(std::string, http, "",
          "serve: also serve the print station, a web page to print documents, on this HOST:PORT "
          "(e.g. 127.0.0.1:8080; port 0 picks one). Empty: no web page.");
ABSL_FLAG(std::string, online_url, werkmonitor::kDefaultOnlineUrl,
          "Where a leaflet's QR code leads: the online version, {locale} replaced by nl, pl, ro, bg or en.");
ABSL_FLAG(std::string, catalogs, werkmonitor::DefaultCatalogDir(), "Directory of the message catalogs.");
ABSL_FLAG(std::string, fonts, "", "Directory with NotoSans-{Regular,Bold,Italic}.ttf (default: the built ones).");

namespace werkmonitor {
namespace {

constexpr char kProgram[] = "report_worker";

static_assert(kMaxSnapshotFileBytes == int64_t{64} << 20, "--snapshot_file's help states the limit");

absl::Status Usage(absl::string_view message) { return UsageError(kProgram, message); }

absl::StatusOr<std::unique_ptr<GrpcSnapshotSource>> ConnectToService() {
  absl::StatusOr<std::string> token = ClientTokenFromFlags();
  if (!token.ok()) return token.status();
  return GrpcSnapshotSource::Connect(absl::GetFlag(FLAGS_server),
                                     {.token = *token, .transport = ClientTransportFromFlags()},
                                     RetryPolicy{.patience = absl::GetFlag(FLAGS_patience)});
}

absl::StatusOr<std::unique_ptr<SnapshotSource>> MakeSource() {
  if (!absl::GetFlag(FLAGS_snapshot_file).empty()) {
    return std::make_unique<FileSnapshotSource>(absl::GetFlag(FLAGS_snapshot_file));
  }
  absl::StatusOr<std::unique_ptr<GrpcSnapshotSource>> source = ConnectToService();
  if (!source.ok()) return source.status();
  return std::unique_ptr<SnapshotSource>(std::move(*source));
}

absl::StatusOr<int64_t> SnapshotId() {
  const std::string text = absl::GetFlag(FLAGS_snapshot);
  int64_t id = 0;
  if (text == "latest") return 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) return Usage(absl::StrCat("--snapshot: \"", text, "\" is not an id"));
  return id;
}

// The snapshot --snapshot names, from --snapshot_file or the service at --server.
absl::StatusOr<monitor::v1::Snapshot> FetchSnapshot() {
  absl::StatusOr<int64_t> id = SnapshotId();
  if (!id.ok()) return id.status();
  absl::StatusOr<std::unique_ptr<SnapshotSource>> source = MakeSource();
  if (!source.ok()) return source.status();
  return (*source)->Fetch(*id);
}

absl::StatusOr<RenderResources> Resources(Catalogs& catalogs) {
  RenderResources resources{&catalogs, DefaultFontFiles(), absl::GetFlag(FLAGS_online_url)};
  if (absl::Status s = CheckOnlineUrlTemplate(resources.online_url); !s.ok()) return Usage(s.message());
  if (const std::string dir = absl::GetFlag(FLAGS_fonts); !dir.empty()) {
    resources.fonts =
        FontFiles{{dir + "/NotoSans-Regular.ttf", dir + "/NotoSans-Bold.ttf", dir + "/NotoSans-Italic.ttf"}};
  }
  return resources;
}

std::string Kilobytes(int64_t bytes) { return absl::StrFormat("%.0f KB", bytes / 1024.0); }

absl::Status Render(const RenderResources& resources) {
  if (absl::GetFlag(FLAGS_out).empty()) return Usage("render needs --out=FILE");
  absl::StatusOr<DocumentKind> kind = ParseDocumentKind(absl::GetFlag(FLAGS_kind));
  if (!kind.ok()) return Usage(kind.status().message());
  absl::StatusOr<PaperSize> paper = ParsePaperSize(absl::GetFlag(FLAGS_paper));
  if (!paper.ok()) return Usage(paper.status().message());
  if (absl::Status s = CheckLocale(absl::GetFlag(FLAGS_locale)); !s.ok()) return Usage(s.message());
  absl::StatusOr<monitor::v1::Snapshot> snapshot = FetchSnapshot();
  if (!snapshot.ok()) return snapshot.status();
  const RenderRequest request{
      .kind = *kind, .locale = absl::GetFlag(FLAGS_locale), .paper = *paper, .themes = absl::GetFlag(FLAGS_theme)};
  absl::StatusOr<RenderedDocument> document = RenderDocument(*snapshot, request, resources);
  if (!document.ok()) return document.status();
  if (absl::Status s = WriteFileAtomically(absl::GetFlag(FLAGS_out), document->pdf); !s.ok()) return s;
  WM_LOG(INFO) << absl::GetFlag(FLAGS_out) << ": " << document->pages << " pages, " << Kilobytes(document->pdf.size())
               << " (snapshot " << snapshot->info().id() << ")";
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RenderRequest>> BatchPlan() {
  std::vector<DocumentKind> kinds;
  for (const std::string& name : absl::GetFlag(FLAGS_kinds)) {
    absl::StatusOr<DocumentKind> kind = ParseDocumentKind(name);
    if (!kind.ok()) return Usage(kind.status().message());
    kinds.push_back(*kind);
  }
  for (const std::string& locale : absl::GetFlag(FLAGS_locales)) {
    if (absl::Status s = CheckLocale(locale); !s.ok()) return Usage(s.message());
  }
  std::vector<PaperSize> papers;
  for (const std::string& name : absl::GetFlag(FLAGS_papers)) {
    absl::StatusOr<PaperSize> paper = ParsePaperSize(name);
    if (!paper.ok()) return Usage(paper.status().message());
    papers.push_back(*paper);
  }
  return BatchRequests(kinds, absl::GetFlag(FLAGS_locales), papers);
}

int Jobs() {
  const int jobs = absl::GetFlag(FLAGS_jobs);
  return jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
}

absl::Status RunBatchOnce(const monitor::v1::Snapshot& snapshot, const std::vector<RenderRequest>& plan,
                          const RenderResources& resources) {
  const std::string out = absl::GetFlag(FLAGS_out);
  WM_LOG(INFO) << "rendering " << plan.size() << " documents of snapshot " << snapshot.info().id() << " (\""
               << snapshot.info().label() << "\") into " << out << " with " << Jobs() << " jobs";
  const absl::Time start = absl::Now();
  absl::StatusOr<report::v1::Manifest> manifest =
      RunBatch(snapshot, plan, out, Jobs(), resources, [](const BatchProgress& p) {
        WM_LOG(INFO) << absl::StrFormat("[%2d/%d] %-28s %2d pages %7s %5.0f ms", p.done, p.total, p.entry->file(),
                                        p.entry->pages(), Kilobytes(p.entry->bytes()),
                                        absl::ToDoubleMilliseconds(p.took));
      });
  if (!manifest.ok()) return manifest.status();
  WM_LOG(INFO) << absl::StrFormat("%d documents and manifest.json written in %.0f ms", manifest->documents_size(),
                                  absl::ToDoubleMilliseconds(absl::Now() - start));
  return absl::OkStatus();
}

absl::Status Batch(const RenderResources& resources) {
  if (absl::GetFlag(FLAGS_out).empty()) return Usage("batch needs --out=DIRECTORY");
  absl::StatusOr<std::vector<RenderRequest>> plan = BatchPlan();
  if (!plan.ok()) return plan.status();
  absl::StatusOr<monitor::v1::Snapshot> snapshot = FetchSnapshot();
  if (!snapshot.ok()) return snapshot.status();
  return RunBatchOnce(*snapshot, *plan, resources);
}

// The print station on --http, started, and its address; none without --http.
struct StartedStation {
  std::unique_ptr<print::PrintStation> station;
  std::string address;
};
absl::StatusOr<StartedStation> StartPrintStation(DocumentCache& cache, const Catalogs& catalogs) {
  const std::string http = absl::GetFlag(FLAGS_http);
  if (http.empty()) return StartedStation{};
  auto station = std::make_unique<print::PrintStation>(cache, catalogs, print::PrintStation::Options{});
  absl::StatusOr<std::string> bound = station->Start(http);
  if (absl::IsInvalidArgument(bound.status())) return Usage(bound.status().message());
  if (!bound.ok()) return bound.status();
  return StartedStation{std::move(station), *bound};
}

absl::Status Serve(const RenderResources& resources) {
  const bool watch = absl::GetFlag(FLAGS_watch);
  const bool from_file = !absl::GetFlag(FLAGS_snapshot_file).empty();
  if (watch && absl::GetFlag(FLAGS_out).empty()) return Usage("serve --watch needs --out=DIRECTORY");
  if (watch && from_file) return Usage("serve --watch follows the service; it cannot watch a --snapshot_file");
  absl::StatusOr<std::vector<RenderRequest>> plan = BatchPlan();
  if (!plan.ok()) return plan.status();
  BlockTerminationSignals();  // before the first channel or server starts gRPC's threads

  absl::StatusOr<ServerSecurity> security = ServerSecurityFromFlags();
  if (!security.ok()) return security.status();
  if (absl::Status s = CheckServerSecurity(*security, absl::GetFlag(FLAGS_listen)); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<SnapshotSource>> source = MakeSource();
  if (!source.ok()) return source.status();
  LastGoodSnapshotSource last_good(**source);
  DocumentCache cache(last_good, resources);
  // Following the service's snapshots keeps the cache's "latest" true and, with --watch, the batch
  // in --out up to date; a file never changes. Declared after the cache, so stopped before it goes.
  std::unique_ptr<SnapshotWatcher> watcher;
  if (!from_file) {
    absl::StatusOr<std::unique_ptr<GrpcSnapshotSource>> own_source = ConnectToService();
    if (!own_source.ok()) return own_source.status();
    watcher = std::make_unique<SnapshotWatcher>(std::move(*own_source), [&](const monitor::v1::Snapshot& snapshot) {
      cache.Invalidate();
      if (!watch) return;
      if (absl::Status s = RunBatchOnce(snapshot, *plan, resources); !s.ok()) WM_LOG(ERROR) << "watch: " << s;
    });
    watcher->Start();  // waits for the service up to --patience
  }
  ReportGrpcService service(cache, security->access);
  absl::StatusOr<StartedStation> station = StartPrintStation(cache, *resources.catalogs);
  if (!station.ok()) return station.status();
  absl::StatusOr<StartedServer> started = StartGrpcServer(absl::GetFlag(FLAGS_listen), {&service}, *security);
  if (!started.ok()) return started.status();
  // On stdout, first the gRPC address: scripts and tests read the ports picked for port 0.
  std::cout << kProgram << ": listening on " << started->address << std::endl;
  if (station->station) std::cout << kProgram << ": print station on http://" << station->address << "/" << std::endl;

  const absl::string_view received = WaitForTerminationSignal();  // before the log line takes its time
  WM_LOG(INFO) << "received " << received << ", shutting down";
  if (watcher) watcher->Stop();
  if (station->station) station->station->Stop();
  started->server->Shutdown(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_shutdown_grace)));
  WM_LOG(INFO) << "stopped";
  return absl::OkStatus();
}

int Run(const std::vector<char*>& positional) {
  if (positional.size() != 2) return ExitWith(kProgram, Usage("name one command: render, batch or serve"));
  const std::string command = positional[1];
  absl::StatusOr<Catalogs> catalogs = Catalogs::Load(absl::GetFlag(FLAGS_catalogs));
  if (!catalogs.ok()) return ExitWith(kProgram, catalogs.status());
  absl::StatusOr<RenderResources> resources = Resources(*catalogs);
  if (!resources.ok()) return ExitWith(kProgram, resources.status());
  absl::Status status;
  if (command == "render") {
    status = Render(*resources);
  } else if (command == "batch") {
    status = Batch(*resources);
  } else if (command == "serve") {
    status = Serve(*resources);
  } else {
    return ExitWith(kProgram, Usage(absl::StrCat("unknown command \"", command, "\"; use render, batch or serve")));
  }
  return ExitWith(kProgram, status);
}

}  // namespace
}  // namespace werkmonitor

int main(int argc, char** argv) {
  werkmonitor::IgnoreWriteSignals();
  werkmonitor::SetUsage(
      "Renders werkmonitor documents as PDF from a snapshot of the monitor service.\n\n"
      "  report_worker render --kind=appendix|dashboard|leaflet --locale=pl [--paper=A4|A5] [--theme=werk,...]\n"
      "                       --out=FILE [--snapshot=latest|ID] [--server=HOST:PORT | --snapshot_file=FILE]\n"
      "  report_worker batch  --out=DIR [--kinds=...] [--locales=...] [--papers=A4,A5] [--jobs=N]\n"
      "  report_worker serve  [--listen=127.0.0.1:50052] [--watch --out=DIR] [--http=127.0.0.1:8080]\n"
      "                       [--tokens_file=FILE] [--shutdown_grace=5s]\n\n"
      "To the monitor service the worker presents the token in --token_file (or $WERKMONITOR_TOKEN;\n"
      "the role reader suffices) and, with --tls_ca, checks the service's certificate. serve takes the\n"
      "server flags of monitor_server for its gRPC port: --tokens_file (callers need the role reader),\n"
      "--tls_cert, --tls_key, --tls_ca with --tls_verify_clients; --tls_cert/--tls_key are also the\n"
      "client certificate shown to a monitor service that verifies clients. The --http print station\n"
      "has no login: bind it to loopback or a trusted office network.\n\n"
      "Files are written to a temporary name and renamed, so a failed run leaves no half-written PDF;\n"
      "a batch moves its documents into --out only when all of them are written.\n"
      "While the service is unreachable the worker retries with backoff for --patience, then gives up.\n"
      "A snapshot file must be a regular file of at most 64 MiB. A snapshot with a value this worker\n"
      "does not know (a status, a date precision) is refused naming the measure; serve keeps serving\n"
      "the last good snapshot meanwhile.\n"
      "Exit codes: 0 ok, 1 failed, 2 wrong command line, 3 service unreachable.");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  return werkmonitor::Run(positional);
}
