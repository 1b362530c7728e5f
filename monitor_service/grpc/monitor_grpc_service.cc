#include "monitor_service/grpc/monitor_grpc_service.h"

#include <deque>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/call_metadata.h"
#include "common/status_mapping.h"
#include "domain/text_rules.h"
#include "monitor_service/grpc/request_decoding.h"

namespace werkmonitor {
namespace {

using monitor::v1::ChangeEvent;

// One unary call: decode the request, run `call` on it, encode the result.
template <typename Request, typename Call>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
                                grpc::ByteBuffer* response_bytes, Call call) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Request request;
  absl::Status status = DecodeRequest(*request_bytes, request);
  if (status.ok()) {
    auto result = call(request);
    status = result.status();
    if (result.ok()) EncodeResponse(*result, *response_bytes);
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// One unary call whose response is already serialized: its bytes are handed to gRPC without a copy.
template <typename Request, typename Call>
grpc::ServerUnaryReactor* ServeBytes(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
                                     grpc::ByteBuffer* response_bytes, Call call) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Request request;
  absl::Status status = DecodeRequest(*request_bytes, request);
  if (status.ok()) {
    absl::StatusOr<std::shared_ptr<const std::string>> result = call(request);
    status = result.status();
    if (result.ok()) ShareAsResponse(std::move(*result), *response_bytes);
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// Who makes a change: the x-werkmonitor-user metadata, "anonymous" when absent.
absl::StatusOr<std::string> Actor(const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(kUserMetadataKey);
  if (found == metadata.end()) return std::string("anonymous");
  std::string actor(found->second.data(), found->second.size());
  if (absl::Status s = CheckText(absl::StrCat("metadata ", kUserMetadataKey), actor, kLabelRule); !s.ok()) return s;
  return actor;
}

// A write, on behalf of the caller named in the metadata.
template <typename Request, typename Write>
grpc::ServerUnaryReactor* ServeWrite(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
                                     grpc::ByteBuffer* response_bytes, Write write) {
  return Serve<Request>(context, request_bytes, response_bytes,
                        [&](const Request& request) -> decltype(write(request, std::string())) {
                          absl::StatusOr<std::string> actor = Actor(*context);
                          if (!actor.ok()) return actor.status();
                          return write(request, *actor);
                        });
}

// Streams the journal from a revision on, then every new write. Reads a batch at a time from the
// Monitor and is woken by its change notifications when caught up.
class ChangeStream final : public grpc::ServerWriteReactor<ChangeEvent> {
 public:
  ChangeStream(Monitor& monitor, int64_t since_revision) : monitor_(monitor), last_sent_(since_revision) {
    subscription_ = monitor_.Subscribe([this] { Pump(); });
    Pump();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return End(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed"));
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
    }
    Pump();
  }
  void OnCancel() override { End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled")); }
  void OnDone() override {
    // Unsubscribe waits for a running notification, so none can reach `this` after the delete.
    monitor_.Unsubscribe(subscription_);
    delete this;
  }

 private:
  static constexpr int kBatch = 100;

  // Writes the next event if no write is in flight; fetches more when the queue is empty.
  void Pump() {
    absl::MutexLock lock(&mu_);
    if (writing_ || finished_) return;
    if (pending_.empty()) {
      absl::StatusOr<std::vector<ChangeEvent>> events = monitor_.ChangesSince(last_sent_, kBatch);
      if (!events.ok()) return EndLocked(ToGrpcStatus(events.status()));
      pending_.assign(std::make_move_iterator(events->begin()), std::make_move_iterator(events->end()));
      if (pending_.empty()) return;  // caught up; the next notification calls Pump again
    }
    current_ = std::move(pending_.front());
    pending_.pop_front();
    last_sent_ = current_.revision();
    writing_ = true;
    StartWrite(&current_);
  }

  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    EndLocked(status);
  }
  void EndLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  Monitor& monitor_;
  int subscription_ = 0;
  absl::Mutex mu_;
  std::deque<ChangeEvent> pending_ ABSL_GUARDED_BY(mu_);
  ChangeEvent current_ ABSL_GUARDED_BY(mu_);  // the event being written; must live until OnWriteDone
  int64_t last_sent_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace

grpc::ServerUnaryReactor* MonitorGrpcService::ListThemes(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListThemesRequest>(context, request, response, [&](const auto&) {
    return absl::StatusOr<monitor::v1::ListThemesResponse>(monitor_.ListThemes());
  });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListMeasures(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListMeasuresRequest>(
      context, request, response, [&](const monitor::v1::ListMeasuresRequest& r) { return monitor_.ListMeasures(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetMeasure(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return ServeBytes<monitor::v1::GetMeasureRequest>(
      context, request, response, [&](const monitor::v1::GetMeasureRequest& r) { return monitor_.GetMeasureBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::UpdateMeasure(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return ServeWrite<monitor::v1::UpdateMeasureRequest>(
      context, request, response, [&](const monitor::v1::UpdateMeasureRequest& r, const std::string& actor) {
        return monitor_.UpdateMeasure(r, actor);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::SetMeasureStatus(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  return ServeWrite<monitor::v1::SetMeasureStatusRequest>(
      context, request, response, [&](const monitor::v1::SetMeasureStatusRequest& r, const std::string& actor) {
        return monitor_.SetMeasureStatus(r, actor);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListStatusChanges(grpc::CallbackServerContext* context,
                                                                const grpc::ByteBuffer* request,
                                                                grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListStatusChangesRequest>(
      context, request, response,
      [&](const monitor::v1::ListStatusChangesRequest& r) { return monitor_.ListStatusChanges(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetDashboard(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return ServeBytes<monitor::v1::GetDashboardRequest>(
      context, request, response,
      [&](const monitor::v1::GetDashboardRequest& r) { return monitor_.GetDashboardBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::CreateSnapshot(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  return ServeWrite<monitor::v1::CreateSnapshotRequest>(
      context, request, response, [&](const monitor::v1::CreateSnapshotRequest& r, const std::string& actor) {
        return monitor_.CreateSnapshot(r, actor);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetSnapshot(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return ServeBytes<monitor::v1::GetSnapshotRequest>(
      context, request, response,
      [&](const monitor::v1::GetSnapshotRequest& r) { return monitor_.GetSnapshotBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListSnapshots(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListSnapshotsRequest>(
      context, request, response,
      [&](const monitor::v1::ListSnapshotsRequest& r) { return monitor_.ListSnapshots(r); });
}

grpc::ServerWriteReactor<ChangeEvent>* MonitorGrpcService::WatchChanges(
    grpc::CallbackServerContext*, const monitor::v1::WatchChangesRequest* request) {
  if (absl::Status s = monitor_.CheckWatchStart(request->since_revision()); !s.ok()) {
    // A reactor that only reports the error.
    class Refusal final : public grpc::ServerWriteReactor<ChangeEvent> {
     public:
      explicit Refusal(const grpc::Status& status) { Finish(status); }
      void OnDone() override { delete this; }
    };
    return new Refusal(ToGrpcStatus(s));
  }
  return new ChangeStream(monitor_, request->since_revision());
}

}  // namespace werkmonitor
