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

namespace werkmonitor {
namespace {

using monitor::v1::ChangeEvent;

// Finishes a unary call with `result`, moving the value into the response.
template <typename Response>
grpc::ServerUnaryReactor* Reply(grpc::CallbackServerContext* context, absl::StatusOr<Response> result,
                                Response* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (result.ok()) *response = std::move(*result);
  reactor->Finish(ToGrpcStatus(result.status()));
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

// Runs a write for the caller named in the metadata.
template <typename Response, typename WriteFn>
grpc::ServerUnaryReactor* ReplyToWrite(grpc::CallbackServerContext* context, Response* response, WriteFn write) {
  absl::StatusOr<std::string> actor = Actor(*context);
  if (!actor.ok()) return Reply(context, absl::StatusOr<Response>(actor.status()), response);
  return Reply(context, absl::StatusOr<Response>(write(*actor)), response);
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
                                                         const monitor::v1::ListThemesRequest*,
                                                         monitor::v1::ListThemesResponse* response) {
  return Reply(context, absl::StatusOr<monitor::v1::ListThemesResponse>(monitor_.ListThemes()), response);
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListMeasures(grpc::CallbackServerContext* context,
                                                           const monitor::v1::ListMeasuresRequest* request,
                                                           monitor::v1::ListMeasuresResponse* response) {
  return Reply(context, monitor_.ListMeasures(*request), response);
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetMeasure(grpc::CallbackServerContext* context,
                                                         const monitor::v1::GetMeasureRequest* request,
                                                         monitor::v1::Measure* response) {
  return Reply(context, monitor_.GetMeasure(*request), response);
}

grpc::ServerUnaryReactor* MonitorGrpcService::UpdateMeasure(grpc::CallbackServerContext* context,
                                                            const monitor::v1::UpdateMeasureRequest* request,
                                                            monitor::v1::Measure* response) {
  return ReplyToWrite(context, response,
                      [&](const std::string& actor) { return monitor_.UpdateMeasure(*request, actor); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::SetMeasureStatus(grpc::CallbackServerContext* context,
                                                               const monitor::v1::SetMeasureStatusRequest* request,
                                                               monitor::v1::Measure* response) {
  return ReplyToWrite(context, response,
                      [&](const std::string& actor) { return monitor_.SetMeasureStatus(*request, actor); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListStatusChanges(grpc::CallbackServerContext* context,
                                                                const monitor::v1::ListStatusChangesRequest* request,
                                                                monitor::v1::ListStatusChangesResponse* response) {
  return Reply(context, monitor_.ListStatusChanges(*request), response);
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetDashboard(grpc::CallbackServerContext* context,
                                                           const monitor::v1::GetDashboardRequest* request,
                                                           monitor::v1::Dashboard* response) {
  return Reply(context, monitor_.GetDashboard(*request), response);
}

grpc::ServerUnaryReactor* MonitorGrpcService::CreateSnapshot(grpc::CallbackServerContext* context,
                                                             const monitor::v1::CreateSnapshotRequest* request,
                                                             monitor::v1::SnapshotInfo* response) {
  return ReplyToWrite(context, response,
                      [&](const std::string& actor) { return monitor_.CreateSnapshot(*request, actor); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetSnapshot(grpc::CallbackServerContext* context,
                                                          const monitor::v1::GetSnapshotRequest* request,
                                                          monitor::v1::Snapshot* response) {
  return Reply(context, monitor_.GetSnapshot(*request), response);
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListSnapshots(grpc::CallbackServerContext* context,
                                                            const monitor::v1::ListSnapshotsRequest* request,
                                                            monitor::v1::ListSnapshotsResponse* response) {
  return Reply(context, monitor_.ListSnapshots(*request), response);
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
