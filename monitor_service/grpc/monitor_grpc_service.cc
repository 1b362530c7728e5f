#include "monitor_service/grpc/monitor_grpc_service.h"

#include <deque>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/grpc_server.h"
#include "common/status_mapping.h"
#include "monitor_service/grpc/request_decoding.h"

namespace werkmonitor {
namespace {

using monitor::v1::ChangeEvent;

void Respond(const google::protobuf::Message& message, grpc::ByteBuffer& response) {
  EncodeResponse(message, response);
}
// A response already serialized: its bytes are handed to gRPC without a copy.
void Respond(std::shared_ptr<const std::string> bytes, grpc::ByteBuffer& response) {
  ShareAsResponse(std::move(bytes), response);
}

// One unary call by `caller` (or the reason it may not call): decode the request, run `call` on it
// and the caller, encode the result. Nothing is decoded for a caller without the right.
template <typename Request, typename Call>
grpc::ServerUnaryReactor* Serve(const absl::StatusOr<Principal>& caller, grpc::CallbackServerContext* context,
                                const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes, Call call) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::Status status = caller.status();
  Request request;
  if (status.ok()) status = DecodeRequest(*request_bytes, request);
  if (status.ok()) {
    auto result = call(request, *caller);
    status = result.status();
    if (result.ok()) Respond(std::move(*result), *response_bytes);
  }
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// A reactor that only reports an error.
class Refusal final : public grpc::ServerWriteReactor<ChangeEvent> {
 public:
  explicit Refusal(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

// Streams the journal from a revision on, then every new write. The stream pulls: it holds at most
// one batch of events (its own bounded queue) and asks the Monitor for the next when that is sent.
// - A watcher that keeps up is served from the Monitor's memory; the Monitor's notifications
//   (its feed thread, never a writer's) start a send when the stream is idle.
// - A watcher that reads slowly keeps one write in flight; notifications find it busy and pass.
//   When its client reads again, OnWriteDone (gRPC's thread) fetches what it missed: from memory
//   while that reaches back, from the store otherwise. So a slow watcher costs one batch of memory
//   and never delays a writer or another watcher, and it is never ended for being slow.
// Fetches run without mu_ held, so a notification never waits for another thread's store read.
class ChangeStream final : public grpc::ServerWriteReactor<ChangeEvent> {
 public:
  // `sees_review`: the caller may read the coordinator's comments on returned updates (editors and
  // admins); for readers they are left out of the events.
  ChangeStream(MonitorGrpcService& service, int64_t since_revision, bool sees_review)
      : service_(service), monitor_(service.monitor_), sees_review_(sees_review), last_queued_(since_revision) {
    service_.AdmitWatcher(this);
    subscription_ = monitor_.Subscribe([this] { Pump(); });
    Pump();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return End(ToGrpcStatus(absl::CancelledError("stream closed")));
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
    }
    Pump();
  }
  void OnCancel() override { End(ToGrpcStatus(absl::CancelledError("cancelled"))); }
  void OnDone() override {
    // Both wait for a running call into `this` (a notification, an eviction), so none can reach it
    // after the delete. No fetch is running: OnDone comes after OnWriteDone and the constructor
    // returned, and Unsubscribe waits for one in a notification.
    monitor_.Unsubscribe(subscription_);
    service_.ForgetWatcher(this);
    delete this;
  }

  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    EndLocked(status);
  }

 private:
  static constexpr int kBatch = 100;

  // Writes the next event unless a write or a fetch is under way (each pumps again when done);
  // fetches the next batch when the queue is empty.
  void Pump() {
    absl::MutexLock lock(&mu_);
    while (!writing_ && !finished_) {
      if (fetching_) {
        refetch_ = true;  // the running fetch may have missed what this call is about
        return;
      }
      if (!pending_.empty()) {
        current_ = std::move(pending_.front());
        pending_.pop_front();
        writing_ = true;
        StartWrite(&current_);
        return;
      }
      fetching_ = true;
      refetch_ = false;
      const int64_t after = last_queued_;
      mu_.Unlock();
      absl::StatusOr<std::vector<ChangeEvent>> events = monitor_.ChangesSince(after, kBatch);
      mu_.Lock();
      fetching_ = false;
      if (!events.ok()) return EndLocked(ToGrpcStatus(events.status()));
      if (events->empty() && !refetch_) return;  // caught up; the next notification pumps again
      for (ChangeEvent& event : *events) {
        last_queued_ = event.revision();
        if (!sees_review_ && event.has_round()) event.mutable_round()->clear_comment();
        pending_.push_back(std::move(event));
      }
    }
  }

  void EndLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  MonitorGrpcService& service_;
  Monitor& monitor_;
  const bool sees_review_;
  int subscription_ = 0;
  absl::Mutex mu_;
  std::deque<ChangeEvent> pending_ ABSL_GUARDED_BY(mu_);  // at most one batch
  ChangeEvent current_ ABSL_GUARDED_BY(mu_);              // the event being written; must live until OnWriteDone
  int64_t last_queued_ ABSL_GUARDED_BY(mu_);              // the revision of the last event sent or queued
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool fetching_ ABSL_GUARDED_BY(mu_) = false;  // a ChangesSince without mu_ is under way
  bool refetch_ ABSL_GUARDED_BY(mu_) = false;   // a notification came during it
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

void MonitorGrpcService::AdmitWatcher(ChangeStream* stream) {
  absl::MutexLock lock(&watchers_mu_);
  if (static_cast<int>(watchers_.size()) >= limits_.max_watchers) {
    // The oldest makes room: a client that reconnects resumes from its last revision, while refusing
    // newcomers would let stale or abandoned streams lock everyone out.
    watchers_.front()->End(ToGrpcStatus(absl::ResourceExhaustedError(
        absl::StrCat("too many WatchChanges streams (", limits_.max_watchers,
                     "); this one, the oldest, was closed to make room. Reconnect with since_revision to resume"))));
    watchers_.pop_front();
  }
  watchers_.push_back(stream);
}

void MonitorGrpcService::ForgetWatcher(ChangeStream* stream) {
  absl::MutexLock lock(&watchers_mu_);
  watchers_.remove(stream);
}

Actor ActorOf(const Principal& principal) {
  if (principal.role == Role::kAdmin) return Actor::Admin(principal.name);
  // A reader's calls that reach the domain change nothing; as an editor without departments it
  // could change nothing either.
  return Actor::Editor(principal.name,
                       principal.role == Role::kEditor ? principal.departments : std::vector<std::string>());
}

absl::StatusOr<Principal> MonitorGrpcService::Authorize(const grpc::CallbackServerContext& context,
                                                        absl::string_view method) const {
  absl::StatusOr<MethodAccess> rule = FindMethodAccess(kMonitorServiceAccess, method);
  if (!rule.ok()) return rule.status();
  return AuthorizeCall(access_, context, *rule);
}

// Each handler names its method with __func__: the handlers override the generated methods, so
// their names are the .proto's and cannot drift from the access table's rows.

grpc::ServerUnaryReactor* MonitorGrpcService::ListThemes(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListThemesRequest>(
      Authorize(*context, __func__), context, request, response, [&](const auto&, const Principal&) {
        return absl::StatusOr<monitor::v1::ListThemesResponse>(monitor_.ListThemes());
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListMeasures(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListMeasuresRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ListMeasuresRequest& r, const Principal&) { return monitor_.ListMeasuresBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetMeasure(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::GetMeasureRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::GetMeasureRequest& r, const Principal&) { return monitor_.GetMeasureBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::UpdateMeasure(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Serve<monitor::v1::UpdateMeasureRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::UpdateMeasureRequest& r, const Principal& caller) {
        return monitor_.UpdateMeasure(r, caller.name);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::SetMeasureStatus(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  return Serve<monitor::v1::SetMeasureStatusRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::SetMeasureStatusRequest& r, const Principal& caller) {
        return monitor_.SetMeasureStatus(r, caller.name);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListStatusChanges(grpc::CallbackServerContext* context,
                                                                const grpc::ByteBuffer* request,
                                                                grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListStatusChangesRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ListStatusChangesRequest& r, const Principal&) { return monitor_.ListStatusChanges(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetDashboard(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<monitor::v1::GetDashboardRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::GetDashboardRequest& r, const Principal&) { return monitor_.GetDashboardBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::CreateSnapshot(grpc::CallbackServerContext* context,
                                                             const grpc::ByteBuffer* request,
                                                             grpc::ByteBuffer* response) {
  return Serve<monitor::v1::CreateSnapshotRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::CreateSnapshotRequest& r, const Principal& caller) {
        return monitor_.CreateSnapshot(r, caller.name);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetSnapshot(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::GetSnapshotRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::GetSnapshotRequest& r, const Principal&) { return monitor_.GetSnapshotBytes(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListSnapshots(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListSnapshotsRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ListSnapshotsRequest& r, const Principal&) { return monitor_.ListSnapshots(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::OpenRound(grpc::CallbackServerContext* context,
                                                        const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::OpenRoundRequest>(Authorize(*context, __func__), context, request, response,
                                              [&](const monitor::v1::OpenRoundRequest& r, const Principal& caller) {
                                                return monitor_.OpenRound(r, ActorOf(caller));
                                              });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetRound(grpc::CallbackServerContext* context,
                                                       const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::GetRoundRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::GetRoundRequest& r, const Principal&) { return monitor_.GetRound(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListRounds(grpc::CallbackServerContext* context,
                                                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListRoundsRequest>(
      Authorize(*context, __func__), context, request, response, [&](const auto&, const Principal&) {
        return absl::StatusOr<monitor::v1::ListRoundsResponse>(monitor_.ListRounds());
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ListMeasureUpdates(grpc::CallbackServerContext* context,
                                                                 const grpc::ByteBuffer* request,
                                                                 grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ListMeasureUpdatesRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ListMeasureUpdatesRequest& r, const Principal&) {
        return monitor_.ListMeasureUpdates(r);
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::GetMeasureUpdate(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  return Serve<monitor::v1::GetMeasureUpdateRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::GetMeasureUpdateRequest& r, const Principal&) { return monitor_.GetMeasureUpdate(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::SaveDraft(grpc::CallbackServerContext* context,
                                                        const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return Serve<monitor::v1::SaveDraftRequest>(Authorize(*context, __func__), context, request, response,
                                              [&](const monitor::v1::SaveDraftRequest& r, const Principal& caller) {
                                                return monitor_.SaveDraft(r, ActorOf(caller));
                                              });
}

grpc::ServerUnaryReactor* MonitorGrpcService::SubmitUpdate(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<monitor::v1::SubmitUpdateRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::SubmitUpdateRequest& r, const Principal& caller) {
        return monitor_.SubmitUpdate(r, ActorOf(caller));
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ApproveUpdate(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* request,
                                                            grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ApproveUpdateRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ApproveUpdateRequest& r, const Principal& caller) {
        return monitor_.ApproveUpdate(r, ActorOf(caller));
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ReturnUpdate(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ReturnUpdateRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ReturnUpdateRequest& r, const Principal& caller) {
        return monitor_.ReturnUpdate(r, ActorOf(caller));
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ApproveUnchanged(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ApproveUnchangedRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ApproveUnchangedRequest& r, const Principal& caller) {
        return monitor_.ApproveUnchanged(r, ActorOf(caller));
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::PublishRound(grpc::CallbackServerContext* context,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return Serve<monitor::v1::PublishRoundRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::PublishRoundRequest& r, const Principal& caller) {
        return monitor_.PublishRound(r, ActorOf(caller));
      });
}

grpc::ServerUnaryReactor* MonitorGrpcService::CompareSnapshots(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* request,
                                                               grpc::ByteBuffer* response) {
  return Serve<monitor::v1::CompareSnapshotsRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::CompareSnapshotsRequest& r, const Principal&) { return monitor_.CompareSnapshots(r); });
}

grpc::ServerUnaryReactor* MonitorGrpcService::ImportTranslations(grpc::CallbackServerContext* context,
                                                                 const grpc::ByteBuffer* request,
                                                                 grpc::ByteBuffer* response) {
  return Serve<monitor::v1::ImportTranslationsRequest>(
      Authorize(*context, __func__), context, request, response,
      [&](const monitor::v1::ImportTranslationsRequest& r, const Principal& caller) {
        return monitor_.ImportTranslations(r, caller.name);
      });
}

grpc::ServerWriteReactor<ChangeEvent>* MonitorGrpcService::WatchChanges(
    grpc::CallbackServerContext* context, const monitor::v1::WatchChangesRequest* request) {
  absl::StatusOr<Principal> caller = Authorize(*context, __func__);
  if (!caller.ok()) return new Refusal(caller.status());
  if (absl::Status s = monitor_.CheckWatchStart(request->since_revision()); !s.ok()) return new Refusal(s);
  return new ChangeStream(*this, request->since_revision(), caller->role >= Role::kEditor);
}

}  // namespace werkmonitor
