// grpc_load: drives the monitor service with concurrent RPCs (gRPC callback API) and reports QPS and
// latency percentiles per RPC, next to a baseline server that answers an empty RPC with the same
// gRPC settings, started by this tool in a process of its own and measured in the same run.
//
//   grpc_load --target=127.0.0.1:50051 --concurrency=8,64 --duration=5s
//   grpc_load --target=monitor.example.nl:50051 --tls_ca=ca.pem --token_file=reader.token
//   grpc_load serve-baseline --listen=127.0.0.1:0      (what the tool starts for the baseline)
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <random>
#include <set>

#include "absl/base/thread_annotations.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "bench/v1/baseline.grpc.pb.h"
#include "common/exit_status.h"
#include "common/grpc_server.h"
#include "common/security_flags.h"
#include "common/usage.h"
#include "monitor_service/client/monitor_client.h"
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <sys/wait.h>

ABSL_FLAG(std::string, target, "127.0.0.1:50051", "The monitor service to load.");
ABSL_FLAG(std::vector<std::string>, concurrency, std::vector<std::string>({"8", "64"}), "Outstanding RPCs.");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(5), "Measured time per RPC and concurrency.");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(1), "Unmeasured time before each measurement.");
ABSL_FLAG(std::vector<std::string>, rpcs,
          std::vector<std::string>({"GetMeasure", "GetDashboard", "ListMeasures", "ListMeasuresBasic",
                                    "ListMeasuresFull", "GetSnapshot", "SetMeasureStatus", "mix"}),
          "RPCs to measure one at a time; \"mix\" runs a weighted mix of all. ListMeasures asks for the "
          "server's default view, ListMeasuresBasic and ListMeasuresFull for the BASIC and FULL views. "
          "SetMeasureStatus needs an admin's token.");
ABSL_FLAG(std::string, list_theme, "registratie", "The theme the ListMeasures calls list; \"\" lists all measures.");
ABSL_FLAG(std::string, listen, "127.0.0.1:0", "serve-baseline: address.");
ABSL_FLAG(bool, markdown, false, "Print the results as a Markdown table.");

namespace werkmonitor::bench {
namespace {

constexpr char kProgram[] = "grpc_load";

// --- baseline server -----------------------------------------------------------------------------

// Empty is typed; Bytes is raw and answers from bytes serialized once and shared, as the monitor
// service answers GetSnapshot.
class BaselineService final
    : public ::bench::v1::Baseline::WithRawCallbackMethod_Bytes<::bench::v1::Baseline::CallbackService> {
 public:
  grpc::ServerUnaryReactor* Empty(grpc::CallbackServerContext* context, const ::bench::v1::EmptyMessage*,
                                  ::bench::v1::EmptyMessage*) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  grpc::ServerUnaryReactor* Bytes(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                  grpc::ByteBuffer* response) override {
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (request->Dump(&slices).ok()) {
      for (const grpc::Slice& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    ::bench::v1::BytesRequest parsed;
    parsed.ParseFromString(bytes);
    std::shared_ptr<const std::string> answer = AnswerOf(parsed.size());
    auto* owner = new std::shared_ptr<const std::string>(answer);
    grpc::Slice slice(
        const_cast<char*>((*owner)->data()), (*owner)->size(),
        [](void* p) { delete static_cast<std::shared_ptr<const std::string>*>(p); }, owner);
    grpc::ByteBuffer(&slice, 1).Swap(response);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  std::shared_ptr<const std::string> AnswerOf(int size) {
    absl::MutexLock lock(&mu_);
    auto& answer = answers_[size];
    if (answer == nullptr) {
      ::bench::v1::BytesResponse response;
      response.set_data(std::string(static_cast<size_t>(std::max(size, 0)), 'x'));
      answer = std::make_shared<const std::string>(response.SerializeAsString());
    }
    return answer;
  }
  absl::Mutex mu_;
  std::map<int, std::shared_ptr<const std::string>> answers_ ABSL_GUARDED_BY(mu_);
};

int ServeBaseline() {
  BaselineService service;
  absl::StatusOr<StartedServer> started = StartGrpcServer(absl::GetFlag(FLAGS_listen), {&service});
  if (!started.ok()) return ExitWith(kProgram, started.status());
  std::cout << "baseline: listening on " << started->address << std::endl;
  started->server->Wait();
  return 0;
}

// --- load driver ---------------------------------------------------------------------------------

struct Result {
  std::string rpc;
  int concurrency = 0;
  double qps = 0;
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0;  // microseconds
  int64_t errors = 0;
  std::string first_error;
};

// Starts one call and calls `done` with its status when it completes (on a gRPC thread).
using CallStarter = std::function<void(std::function<void(const grpc::Status&)> done)>;

// `concurrency` loops, each issuing its next call when the previous one completes, for `duration`.
Result Drive(const std::string& name, int concurrency, absl::Duration duration, const std::vector<CallStarter>& kinds,
             const std::vector<int>& weights) {
  struct Slot {
    std::vector<int64_t> latencies_ns;
    int64_t errors = 0;
    std::string first_error;
    std::mt19937 random;
    absl::Notification finished;
  };
  std::vector<std::unique_ptr<Slot>> slots;
  std::atomic<bool> measuring{false}, stopping{false};
  int total_weight = 0;
  for (int w : weights) total_weight += w;

  std::function<void(Slot*)> next = [&](Slot* slot) {
    if (stopping) {
      slot->finished.Notify();
      return;
    }
    int pick = static_cast<int>(slot->random() % total_weight);
    size_t kind = 0;
    while (pick >= weights[kind]) pick -= weights[kind++];
    const absl::Time start = absl::Now();
    kinds[kind]([&, slot, start](const grpc::Status& status) {
      if (measuring) {
        slot->latencies_ns.push_back(absl::ToInt64Nanoseconds(absl::Now() - start));
        if (!status.ok() && slot->errors++ == 0) {
          slot->first_error = absl::StrCat(status.error_code(), ": ", status.error_message());
        }
      }
      next(slot);
    });
  };
  for (int i = 0; i < concurrency; ++i) {
    slots.push_back(std::make_unique<Slot>());
    slots.back()->random.seed(static_cast<unsigned>(i * 7919 + 1));
  }
  for (auto& slot : slots) next(slot.get());
  absl::SleepFor(absl::GetFlag(FLAGS_warmup));
  measuring = true;
  const absl::Time start = absl::Now();
  absl::SleepFor(duration);
  measuring = false;
  const absl::Duration elapsed = absl::Now() - start;
  stopping = true;
  for (auto& slot : slots) slot->finished.WaitForNotification();

  Result result;
  result.rpc = name;
  result.concurrency = concurrency;
  std::vector<int64_t> all;
  for (auto& slot : slots) {
    all.insert(all.end(), slot->latencies_ns.begin(), slot->latencies_ns.end());
    result.errors += slot->errors;
    if (result.first_error.empty()) result.first_error = slot->first_error;
  }
  std::sort(all.begin(), all.end());
  auto percentile = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))] / 1000.0;
  };
  result.qps = all.size() / absl::ToDoubleSeconds(elapsed);
  result.p50 = percentile(0.50);
  result.p90 = percentile(0.90);
  result.p99 = percentile(0.99);
  result.p999 = percentile(0.999);
  return result;
}

// One call through the generic stub: the request is sent as serialized bytes and the response is
// not parsed, so the client's work per call is the same for every RPC and the server is measured.
// `authorization` is "Bearer <token>", or "" to send none.
void Launch(grpc::GenericStub& stub, const std::string& authorization, const std::string& method,
            const std::string& request, std::function<void(const grpc::Status&)> done) {
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  auto* call = new Call;
  grpc::Slice slice(request);
  call->request = grpc::ByteBuffer(&slice, 1);
  if (!authorization.empty()) call->context.AddMetadata("authorization", authorization);
  stub.UnaryCall(&call->context, method, grpc::StubOptions(), &call->request, &call->response,
                 [call, done = std::move(done)](grpc::Status status) {
                   done(status);
                   delete call;
                 });
}

// The measures a status can be set on (those without sub-measures).
absl::StatusOr<std::vector<std::string>> LeafIds(MonitorClient& client) {
  absl::StatusOr<std::vector<monitor::v1::Measure>> measures = client.ListAllMeasures({});
  if (!measures.ok()) return measures.status();
  std::vector<std::string> ids;
  for (const auto& m : *measures) {
    if (m.status() != monitor::v1::STATUS_UNSPECIFIED) ids.push_back(m.id());
  }
  if (ids.empty()) return absl::FailedPreconditionError("the service has no measures to load");
  return ids;
}

std::string Ratio(double value, double baseline) {
  return baseline > 0 ? absl::StrFormat("%.2f", value / baseline) : "-";
}

absl::Status Run() {
  // The service is called the way monitorctl calls it: the same client, so the same TLS and token
  // flags. The measured calls go over the client's channel through a generic stub.
  const std::string target = absl::GetFlag(FLAGS_target);
  absl::StatusOr<std::string> token = ClientTokenFromFlags();
  if (!token.ok()) return token.status();
  const ClientTransport transport = ClientTransportFromFlags();
  absl::StatusOr<std::unique_ptr<MonitorClient>> client =
      MonitorClient::Connect(target, {.token = *token, .transport = transport, .timeout = absl::Seconds(10)});
  if (!client.ok()) return client.status();
  const std::string authorization = token->empty() ? "" : "Bearer " + *token;
  std::vector<int> concurrency_levels;
  for (const std::string& level : absl::GetFlag(FLAGS_concurrency)) {
    int concurrency = 0;
    if (!absl::SimpleAtoi(level, &concurrency) || concurrency <= 0) {
      return UsageError(kProgram, absl::StrCat("--concurrency: \"", level, "\" is not a positive number"));
    }
    concurrency_levels.push_back(concurrency);
  }
  const std::vector<std::string> rpcs = absl::GetFlag(FLAGS_rpcs);
  for (const std::string& rpc : rpcs) {
    static const std::set<std::string> kKnown = {
        "GetMeasure",       "GetDashboard", "ListMeasures",     "ListMeasuresBasic",
        "ListMeasuresFull", "GetSnapshot",  "SetMeasureStatus", "mix"};
    if (!kKnown.count(rpc)) return UsageError(kProgram, absl::StrCat("--rpcs: unknown RPC \"", rpc, "\""));
  }
  absl::StatusOr<std::vector<std::string>> leaf_ids = LeafIds(**client);
  if (!leaf_ids.ok()) {
    return absl::Status(leaf_ids.status().code(),
                        absl::StrCat(target, ": ", leaf_ids.status().message(),
                                     leaf_ids.status().code() == absl::StatusCode::kUnavailable
                                         ? " (is monitor_server running, and is it TLS? see --tls_ca)"
                                         : ""));
  }
  const std::vector<std::string>& ids = *leaf_ids;
  if (transport.tls || !transport.ca_file.empty()) {
    std::cerr << kProgram << ": the service is called over TLS; the baseline server is plaintext on loopback\n";
  }

  // The baseline server, in its own process like the service under test.
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  const pid_t baseline_pid = fork();
  if (baseline_pid == 0) {
    dup2(pipe_fds[1], 1);
    close(pipe_fds[0]);
    execl("/proc/self/exe", "grpc_load", "serve-baseline", "--listen=127.0.0.1:0", nullptr);
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string line;
  for (char c; read(pipe_fds[0], &c, 1) == 1 && c != '\n';) line += c;
  close(pipe_fds[0]);
  if (line.find("listening on ") == std::string::npos) {
    waitpid(baseline_pid, nullptr, 0);
    return absl::InternalError("the baseline server did not start (see its message above)");
  }
  const std::string baseline_address = line.substr(line.rfind(' ') + 1);
  grpc::GenericStub generic((*client)->channel());
  grpc::GenericStub baseline_generic(grpc::CreateChannel(baseline_address, grpc::InsecureChannelCredentials()));
  // Each RPC of the mix; writes flip a measure between two statuses so every call is a real write.
  std::atomic<int64_t> writes{0};
  std::atomic<uint64_t> reads{0};
  const std::string service = "/monitor.v1.MonitorService/";
  auto call_of = [&](std::string method, std::function<std::string()> request) -> CallStarter {
    return [&generic, &authorization, method = service + method, request](auto done) {
      Launch(generic, authorization, method, request(), std::move(done));
    };
  };
  const std::string list_theme = absl::GetFlag(FLAGS_list_theme);
  auto list_request = [&list_theme](monitor::v1::MeasureView view) {
    monitor::v1::ListMeasuresRequest r;
    r.set_theme_id(list_theme);
    r.set_view(view);
    return r.SerializeAsString();
  };
  std::map<std::string, CallStarter> calls = {
      {"GetMeasure", call_of("GetMeasure",
                             [&] {
                               monitor::v1::GetMeasureRequest r;
                               r.set_id(ids[reads++ % ids.size()]);
                               return r.SerializeAsString();
                             })},
      {"GetDashboard", call_of("GetDashboard", [] { return std::string(); })},
      {"ListMeasures", call_of("ListMeasures", [&] { return list_request(monitor::v1::MEASURE_VIEW_UNSPECIFIED); })},
      {"ListMeasuresBasic", call_of("ListMeasures", [&] { return list_request(monitor::v1::BASIC); })},
      {"ListMeasuresFull", call_of("ListMeasures", [&] { return list_request(monitor::v1::FULL); })},
      {"GetSnapshot", call_of("GetSnapshot", [] { return std::string(); })},
      {"SetMeasureStatus", call_of("SetMeasureStatus",
                                   [&] {
                                     const int64_t n = writes++;
                                     monitor::v1::SetMeasureStatusRequest r;
                                     r.set_id(ids[static_cast<size_t>(n) % ids.size()]);
                                     r.set_status((n / static_cast<int64_t>(ids.size())) % 2 == 0
                                                      ? monitor::v1::DOORLOPEND
                                                      : monitor::v1::IN_UITVOERING);
                                     r.set_note("grpc_load");
                                     return r.SerializeAsString();
                                   })},
  };
  const CallStarter baseline_call = [&](auto done) {
    Launch(baseline_generic, "", "/bench.v1.Baseline/Empty", std::string(), std::move(done));
  };
  // A baseline returning as many bytes as a snapshot has: the transport's own price for that size.
  absl::StatusOr<monitor::v1::Snapshot> latest = (*client)->GetSnapshot(0);
  const size_t snapshot_bytes = latest.ok() ? latest->ByteSizeLong() : 0;
  ::bench::v1::BytesRequest bytes_request;
  bytes_request.set_size(static_cast<int>(snapshot_bytes));
  const std::string bytes_request_wire = bytes_request.SerializeAsString();
  const CallStarter baseline_bytes_call = [&](auto done) {
    Launch(baseline_generic, "", "/bench.v1.Baseline/Bytes", bytes_request_wire, std::move(done));
  };

  std::vector<Result> results;
  const absl::Duration duration = absl::GetFlag(FLAGS_duration);
  for (const int concurrency : concurrency_levels) {
    const Result baseline = Drive("baseline (empty RPC)", concurrency, duration, {baseline_call}, {1});
    results.push_back(baseline);
    const bool snapshots = std::count(rpcs.begin(), rpcs.end(), "GetSnapshot") > 0;
    if (snapshots) {
      Result sized = Drive(absl::StrCat("baseline (", snapshot_bytes / 1024, " KB)"), concurrency, duration,
                           {baseline_bytes_call}, {1});
      results.push_back(sized);
    }
    for (const std::string& rpc : rpcs) {
      Result r;
      if (rpc == "mix") {
        // Reads dominate, as other services poll: 40% GetMeasure, 20% ListMeasures, 20% GetDashboard,
        // 10% GetSnapshot, 10% SetMeasureStatus.
        r = Drive("mix", concurrency, duration,
                  {calls["GetMeasure"], calls["ListMeasures"], calls["GetDashboard"], calls["GetSnapshot"],
                   calls["SetMeasureStatus"]},
                  {4, 2, 2, 1, 1});
      } else {
        r = Drive(rpc, concurrency, duration, {calls.at(rpc)}, {1});
      }
      results.push_back(r);
      std::cerr << absl::StrFormat("  %-22s c=%-3d %8.0f qps  p99 %7.0f us  (%.2f x baseline qps)\n", r.rpc,
                                   r.concurrency, r.qps, r.p99, r.qps / baseline.qps);
    }
  }
  kill(baseline_pid, SIGTERM);
  waitpid(baseline_pid, nullptr, 0);

  // Every RPC is compared with the empty RPC at the same concurrency; GetSnapshot also with the
  // baseline that returns as many bytes.
  const Result* baseline = nullptr;
  const Result* sized = nullptr;
  if (absl::GetFlag(FLAGS_markdown)) {
    std::cout << "| RPC | concurrency | QPS | × baseline QPS | p50 µs | p90 µs | p99 µs | × baseline p99 | p99.9 µs | "
                 "errors |\n"
                 "|---|---|---|---|---|---|---|---|---|---|\n";
  }
  for (const Result& r : results) {
    if (absl::StartsWith(r.rpc, "baseline (empty")) baseline = &r;
    if (absl::StartsWith(r.rpc, "baseline (") && !absl::StartsWith(r.rpc, "baseline (empty")) sized = &r;
    const std::string versus_sized = r.rpc == "GetSnapshot" && sized != nullptr
                                         ? absl::StrFormat(" [x%s qps, x%s p99 of the %s]", Ratio(r.qps, sized->qps),
                                                           Ratio(r.p99, sized->p99), sized->rpc)
                                         : "";
    const double base_qps = baseline ? baseline->qps : 0, base_p99 = baseline ? baseline->p99 : 0;
    if (absl::GetFlag(FLAGS_markdown)) {
      std::cout << absl::StrFormat("| %s%s | %d | %.0f | %s | %.0f | %.0f | %.0f | %s | %.0f | %d |\n", r.rpc,
                                   versus_sized, r.concurrency, r.qps, Ratio(r.qps, base_qps), r.p50, r.p90, r.p99,
                                   Ratio(r.p99, base_p99), r.p999, r.errors);
    } else {
      std::cout << absl::StrFormat(
          "%-22s c=%-3d qps=%-8.0f (x%s)  p50=%.0fus p90=%.0fus p99=%.0fus (x%s) p999=%.0fus errors=%d %s\n", r.rpc,
          r.concurrency, r.qps, Ratio(r.qps, base_qps), r.p50, r.p90, r.p99, Ratio(r.p99, base_p99), r.p999, r.errors,
          r.first_error);
    }
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace werkmonitor::bench

int main(int argc, char** argv) {
  werkmonitor::SetUsage(
      "Load test of monitor.v1.MonitorService with a baseline measured in the same run.\n\n"
      "  grpc_load [--target=127.0.0.1:50051] [--concurrency=8,64] [--duration=5s] [--rpcs=...] [--markdown]\n"
      "            [--tls_ca=PEM [--tls_cert=PEM --tls_key=KEY]] [--token_file=FILE]\n"
      "  grpc_load serve-baseline [--listen=127.0.0.1:0]\n\n"
      "The service is called like monitorctl calls it: TLS with --tls or --tls_ca, the token from --token_file\n"
      "or $WERKMONITOR_TOKEN. The baseline server is always plaintext on loopback.\n"
      "Exit codes: 0 ok, 1 the run failed, 2 wrong command line, 3 the service is unreachable.");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() == 2 && std::string(positional[1]) == "serve-baseline") {
    return werkmonitor::bench::ServeBaseline();
  }
  if (positional.size() != 1) {
    return werkmonitor::ExitWith(
        werkmonitor::bench::kProgram,
        werkmonitor::UsageError(werkmonitor::bench::kProgram, absl::StrCat("unknown command \"", positional[1], "\"")));
  }
  signal(SIGPIPE, SIG_IGN);
  return werkmonitor::ExitWith(werkmonitor::bench::kProgram, werkmonitor::bench::Run());
}
