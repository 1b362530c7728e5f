// A client of monitor.v1.MonitorService for tools and other services: the only client-side class
// that touches gRPC. Every call returns absl::Status / absl::StatusOr with the server's code and
// message, and carries the caller's bearer token and a deadline.
//
//   absl::StatusOr<std::unique_ptr<MonitorClient>> client =
//       MonitorClient::Connect("127.0.0.1:50051", {.token = token, .timeout = absl::Seconds(10)});
//   absl::StatusOr<monitor::v1::Measure> m = (*client)->GetMeasure("werk-1");
#ifndef WERKMONITOR_MONITOR_SERVICE_CLIENT_MONITOR_CLIENT_H_
#define WERKMONITOR_MONITOR_SERVICE_CLIENT_MONITOR_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_mapping.h"
#include "common/transport_security.h"
#include "monitor/v1/monitor.grpc.pb.h"
#include <grpcpp/client_context.h>

namespace werkmonitor {

// Ends calls from another thread: once Cancel() is called, every call of a client that has it as
// Options::canceller ends with CANCELLED, whether running (a watch waiting for events, a call
// waiting for the service to come up) or made later. Irreversible; thread-safe. For stopping a
// thread that follows the service, at shutdown.
class CallCanceller {
 public:
  void Cancel();
  [[nodiscard]] bool cancelled() const;
  // Sleeps for `duration` or until Cancel(), whichever comes first; true when cancelled.
  bool SleepUnlessCancelled(absl::Duration duration);

 private:
  friend class MonitorClient;
  // Cancels `context` at once if Cancel() was called, or when it is, until Forget(context).
  void Track(grpc::ClientContext* context);
  void Forget(grpc::ClientContext* context);

  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<grpc::ClientContext*> running_ ABSL_GUARDED_BY(mu_);  // calls in flight
};

class MonitorClient {
 public:
  using Stub = monitor::v1::MonitorService::Stub;
  struct Options {
    std::string token{};  // sent as "authorization: Bearer <token>"; empty: not sent
    ClientTransport transport{};
    absl::Duration timeout = absl::Seconds(30);
    // Calls wait, up to `timeout`, for an unreachable service to come up instead of failing at once
    // with UNAVAILABLE. For services that start before the server does (the report worker).
    bool wait_for_ready = false;
    CallCanceller* canceller = nullptr;  // not owned; outlives the client. None: calls run their course.
  };

  // Makes the channel (it connects on the first call). FAILED_PRECONDITION when the transport
  // settings are unusable (see MakeChannelCredentials).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MonitorClient>> Connect(const std::string& server,
                                                                              Options options);

  // One method per RPC of monitor.v1.MonitorService (see monitor.proto for the fields).
  [[nodiscard]] absl::StatusOr<monitor::v1::ListThemesResponse> ListThemes();
  // One page; ListAllMeasures follows the pages.
  [[nodiscard]] absl::StatusOr<monitor::v1::ListMeasuresResponse> ListMeasures(
      const monitor::v1::ListMeasuresRequest& request);
  [[nodiscard]] absl::StatusOr<monitor::v1::Measure> GetMeasure(const std::string& id);
  [[nodiscard]] absl::StatusOr<monitor::v1::Measure> UpdateMeasure(const monitor::v1::UpdateMeasureRequest& request);
  [[nodiscard]] absl::StatusOr<monitor::v1::Measure> SetMeasureStatus(
      const monitor::v1::SetMeasureStatusRequest& request);
  // One page; ListAllStatusChanges follows the pages.
  [[nodiscard]] absl::StatusOr<monitor::v1::ListStatusChangesResponse> ListStatusChanges(
      const monitor::v1::ListStatusChangesRequest& request);
  // The dashboard of snapshot `snapshot_id`, or of the live data for 0.
  [[nodiscard]] absl::StatusOr<monitor::v1::Dashboard> GetDashboard(int64_t snapshot_id = 0);
  [[nodiscard]] absl::StatusOr<monitor::v1::SnapshotInfo> CreateSnapshot(const std::string& label);
  // Snapshot `id`, or the latest for 0.
  [[nodiscard]] absl::StatusOr<monitor::v1::Snapshot> GetSnapshot(int64_t id);
  // One page, newest first.
  [[nodiscard]] absl::StatusOr<monitor::v1::ListSnapshotsResponse> ListSnapshots(
      const monitor::v1::ListSnapshotsRequest& request);

  // Reporting rounds.
  [[nodiscard]] absl::StatusOr<monitor::v1::Round> OpenRound(const monitor::v1::OpenRoundRequest& request);
  // Round `id`, or the open one for 0.
  [[nodiscard]] absl::StatusOr<monitor::v1::Round> GetRound(int64_t id);
  // Newest first.
  [[nodiscard]] absl::StatusOr<monitor::v1::ListRoundsResponse> ListRounds();
  [[nodiscard]] absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> ListMeasureUpdates(
      const monitor::v1::ListMeasureUpdatesRequest& request);
  // The update of `measure_id` in round `round_id`, or in the open round for 0.
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> GetMeasureUpdate(int64_t round_id,
                                                                            const std::string& measure_id);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> SaveDraft(const monitor::v1::SaveDraftRequest& request);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> SubmitUpdate(
      const monitor::v1::SubmitUpdateRequest& request);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> ApproveUpdate(
      const monitor::v1::ApproveUpdateRequest& request);
  [[nodiscard]] absl::StatusOr<monitor::v1::MeasureUpdate> ReturnUpdate(
      const monitor::v1::ReturnUpdateRequest& request);
  [[nodiscard]] absl::StatusOr<monitor::v1::ApproveUnchangedResponse> ApproveUnchanged(
      const std::vector<std::string>& measure_ids);
  [[nodiscard]] absl::StatusOr<monitor::v1::Round> PublishRound(int64_t round_id);
  // What changed from snapshot `base_id` to `target_id` (the latest for 0).
  [[nodiscard]] absl::StatusOr<monitor::v1::SnapshotComparison> CompareSnapshots(int64_t base_id, int64_t target_id);

  [[nodiscard]] absl::StatusOr<monitor::v1::ImportTranslationsResponse> ImportTranslations(
      const monitor::v1::ImportTranslationsRequest& request);

  // The newest snapshot's id, without fetching the snapshot; NOT_FOUND when there is none yet.
  [[nodiscard]] absl::StatusOr<int64_t> LatestSnapshotId();
  // All measures matching `filter` (theme, status, owner) in its view, following page tokens.
  absl::StatusOr<std::vector<monitor::v1::Measure>> ListAllMeasures(monitor::v1::ListMeasuresRequest filter);
  // All status changes (of one measure, or all when empty), oldest first.
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> ListAllStatusChanges(const std::string& measure_id);
  // Streams the journal after `since_revision`, then every new write, calling `on_event` for each
  // until it returns false (then OK) or the stream fails. No deadline: it runs until stopped.
  absl::Status WatchChanges(int64_t since_revision,
                            const std::function<bool(const monitor::v1::ChangeEvent&)>& on_event);
  // SERVING / NOT_SERVING of the standard health service for `service` ("" for the server).
  absl::StatusOr<bool> IsServing(const std::string& service);

  // The channel the calls go over, for tools that also send raw requests on it (grpc_load).
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

  // Any unary call, `client.Call(&Stub::GetMeasure, request)`: for tests that send what no typed
  // method would (malformed requests). Programs use the typed methods above.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                                const Request& request) {
    grpc::ClientContext context;
    Prepare(context);
    const Tracked tracked(options_.canceller, context);
    Response response;
    if (grpc::Status status = (stub_.get()->*method)(&context, request, &response); !status.ok()) {
      return FromGrpcStatus(status);
    }
    return response;
  }

 private:
  // Keeps a call cancellable by `canceller` (when there is one) for as long as it runs.
  class Tracked {
   public:
    Tracked(CallCanceller* canceller, grpc::ClientContext& context) : canceller_(canceller), context_(&context) {
      if (canceller_ != nullptr) canceller_->Track(context_);
    }
    ~Tracked() {
      if (canceller_ != nullptr) canceller_->Forget(context_);
    }
    Tracked(const Tracked&) = delete;
    Tracked& operator=(const Tracked&) = delete;

   private:
    CallCanceller* canceller_;
    grpc::ClientContext* context_;
  };

  MonitorClient(std::shared_ptr<grpc::Channel> channel, Options options);
  void Prepare(grpc::ClientContext& context) const;
  void Authenticate(grpc::ClientContext& context) const;

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Stub> stub_;
  Options options_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_CLIENT_MONITOR_CLIENT_H_
