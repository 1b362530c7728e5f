// monitor_server: serves monitor.v1.MonitorService from an SQLite database, importing the data set
// on first start.
#include <filesystem>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/exit_status.h"
#include "common/files.h"
#include "common/log.h"
#include "common/security_flags.h"
#include "common/signals.h"
#include "common/usage.h"
#include "domain/data_set_files.h"
#include "domain/monitor.h"
#include "monitor_service/grpc/monitor_server.h"
#include "monitor_service/store/sqlite_measure_store.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "Address to serve on, host:port (port 0: pick a free port).");
ABSL_FLAG(std::string, db, "var/monitor.db",
          "SQLite database file. Created, and filled from --data, when it does not exist or is empty.");
ABSL_FLAG(std::string, data, WERKMONITOR_DEFAULT_DATA_DIR,
          "Data set directory (*.textproto and translations/*.textproto) imported into an empty database.");
ABSL_FLAG(int, max_watchers, 64,
          "Open WatchChanges streams at most; a new one beyond it closes the oldest (RESOURCE_EXHAUSTED).");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(5),
          "On SIGINT/SIGTERM, how long running calls may take to finish before they are cancelled.");

namespace werkmonitor {
namespace {

constexpr char kProgram[] = "monitor_server";

// Imports the data set into an empty database. A database made by an older release gets what
// that release did not know (departments, owners, the source's as-of date) from the same files.
absl::Status ImportOrAdopt(Monitor& monitor, const std::string& data_dir) {
  if (!monitor.IsEmpty() && !monitor.CurrentData().departments().empty()) return absl::OkStatus();
  absl::StatusOr<monitor::v1::DataSet> data = LoadDataSetDir(data_dir);
  if (!data.ok()) return data.status();
  if (!monitor.IsEmpty()) {
    const int64_t before = monitor.revision();
    if (absl::Status s = monitor.AdoptReferenceData(*data, "upgrade"); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("adding departments and owners from ", data_dir, ": ", s.message()));
    }
    if (monitor.revision() != before) {
      WM_LOG(INFO) << "added " << data->departments_size() << " departments and the measures' owners from "
                   << data_dir;
    }
    return absl::OkStatus();
  }
  // The first snapshot is the published state, labelled after the source document.
  const std::string label = absl::StrCat(data->source().title(), " ", data->source().edition());
  if (absl::Status s = monitor.Import(*data, label, "import"); !s.ok()) {
    return absl::Status(s.code(), absl::StrCat("importing ", data_dir, ": ", s.message()));
  }
  WM_LOG(INFO) << "imported " << data->measures_size() << " measures from " << data_dir << " with snapshot \"" << label
               << "\"";
  return absl::OkStatus();
}

int Run() {
  IgnoreWriteSignals();       // past `ulimit -f` a write fails (EFBIG); it does not kill the server
  BlockTerminationSignals();  // before gRPC starts its threads, so none of those receives them

  if (absl::GetFlag(FLAGS_max_watchers) < 1) {
    return ExitWith(kProgram, UsageError(kProgram, "--max_watchers must be at least 1"));
  }
  // Security first: a misconfiguration is reported before anything is created or imported.
  absl::StatusOr<ServerSecurity> security = ServerSecurityFromFlags();
  if (!security.ok()) return ExitWith(kProgram, security.status());
  if (absl::Status s = CheckServerSecurity(*security, absl::GetFlag(FLAGS_listen)); !s.ok()) {
    return ExitWith(kProgram, s);
  }

  const std::string db_path = absl::GetFlag(FLAGS_db);
  if (const auto dir = std::filesystem::path(db_path).parent_path(); !dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
      return ExitWith(kProgram, absl::FailedPreconditionError(absl::StrCat(dir.string(), ": ", error.message())));
  }
  // One server per database: a second one would hold a stale copy of the state (its writes would be
  // refused, but its reads would be wrong).
  absl::StatusOr<ProcessLock> lock = ProcessLock::Acquire(db_path + ".lock");
  if (!lock.ok()) return ExitWith(kProgram, lock.status());
  absl::StatusOr<std::unique_ptr<SqliteMeasureStore>> store = SqliteMeasureStore::Open(db_path);
  if (!store.ok()) return ExitWith(kProgram, store.status());
  absl::StatusOr<std::unique_ptr<Monitor>> monitor = Monitor::Open(std::move(*store));
  if (!monitor.ok()) return ExitWith(kProgram, monitor.status());
  if (absl::Status s = ImportOrAdopt(**monitor, absl::GetFlag(FLAGS_data)); !s.ok()) return ExitWith(kProgram, s);

  absl::StatusOr<std::unique_ptr<MonitorServer>> server = MonitorServer::Start(
      **monitor, absl::GetFlag(FLAGS_listen), *security, {.max_watchers = absl::GetFlag(FLAGS_max_watchers)});
  if (!server.ok()) return ExitWith(kProgram, server.status());
  if (security->access.development_mode()) {
    WM_LOG(WARNING) << "development mode: no --tokens_file, so every caller acts as admin; serving loopback only";
  } else {
    WM_LOG(INFO) << "access control on: " << security->access.token_count() << " tokens";
  }
  // On stdout, so scripts and tests can read the port picked for --listen=host:0.
  std::cout << kProgram << ": listening on " << (*server)->address() << std::endl;
  WM_LOG(INFO) << "serving " << db_path << " at revision " << (*monitor)->revision();

  const absl::string_view received = WaitForTerminationSignal();  // before the log line takes its time
  WM_LOG(INFO) << "received " << received << ", shutting down";
  (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  WM_LOG(INFO) << "stopped";
  return 0;
}

}  // namespace
}  // namespace werkmonitor

int main(int argc, char** argv) {
  werkmonitor::SetUsage(
      "Serves the werkmonitor measure data over gRPC (monitor.v1.MonitorService, health, reflection).\n\n"
      "  monitor_server [--listen=127.0.0.1:50051] [--db=var/monitor.db] [--data=DIR]\n"
      "                 [--tokens_file=FILE [--allow_anonymous_reads]] [--tls_cert=PEM --tls_key=PEM\n"
      "                 [--tls_ca=PEM --tls_verify_clients]]\n\n"
      "On first start the database is created and the data set in --data is imported, with a first\n"
      "snapshot labelled after the source document. Stop with Ctrl-C or SIGTERM: running calls get\n"
      "--shutdown_grace to finish.\n\n"
      "Access: callers send \"authorization: Bearer <token>\"; --tokens_file maps token hashes to the\n"
      "roles reader (read), editor (change measures) and admin (publish snapshots). Without it the\n"
      "server is in development mode (everyone is admin) and serves loopback only. Plaintext is\n"
      "allowed only on loopback unless --insecure.");
  absl::ParseCommandLine(argc, argv);
  return werkmonitor::Run();
}
