// The gRPC face of the Monitor (monitor.v1.MonitorService, callback API). Each handler checks the
// caller against the service's access table (kMonitorServiceAccess), decodes the request, calls the
// Monitor on behalf of the caller named by the token, and maps the result; no domain rules live here.
#ifndef WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
#define WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_

#include <list>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/access.h"
#include "domain/actor.h"
#include "domain/monitor.h"
#include "monitor/v1/monitor.grpc.pb.h"

namespace werkmonitor {

namespace internal {
// Layers<...<Base>>: the generated service's per-method mix-ins stacked on one another.
template <typename Base, template <class> class... Layers>
struct Stacked {
  using type = Base;
};
template <typename Base, template <class> class First, template <class> class... Rest>
struct Stacked<Base, First, Rest...> {
  using type = First<typename Stacked<Base, Rest...>::type>;
};

using Service = monitor::v1::MonitorService;
// Every unary method takes its request as bytes and decodes it itself (DecodeRequest), so that a
// request the protobuf parser refuses, such as a string that is not UTF-8, still gets an
// INVALID_ARGUMENT naming the field instead of gRPC's bare UNIMPLEMENTED. WatchChanges has no text
// in its request and stays typed.
using RawUnaryMonitorService =
    Stacked<Service::Service, Service::WithRawCallbackMethod_ListThemes, Service::WithRawCallbackMethod_ListMeasures,
            Service::WithRawCallbackMethod_GetMeasure, Service::WithRawCallbackMethod_UpdateMeasure,
            Service::WithRawCallbackMethod_SetMeasureStatus, Service::WithRawCallbackMethod_ListStatusChanges,
            Service::WithRawCallbackMethod_GetDashboard, Service::WithRawCallbackMethod_CreateSnapshot,
            Service::WithRawCallbackMethod_GetSnapshot, Service::WithRawCallbackMethod_ListSnapshots,
            Service::WithRawCallbackMethod_OpenRound, Service::WithRawCallbackMethod_GetRound,
            Service::WithRawCallbackMethod_ListRounds, Service::WithRawCallbackMethod_ListMeasureUpdates,
            Service::WithRawCallbackMethod_GetMeasureUpdate, Service::WithRawCallbackMethod_SaveDraft,
            Service::WithRawCallbackMethod_SubmitUpdate, Service::WithRawCallbackMethod_ApproveUpdate,
            Service::WithRawCallbackMethod_ReturnUpdate, Service::WithRawCallbackMethod_ApproveUnchanged,
            Service::WithRawCallbackMethod_PublishRound, Service::WithRawCallbackMethod_CompareSnapshots,
            Service::WithRawCallbackMethod_ImportTranslations, Service::WithCallbackMethod_WatchChanges>::type;
}  // namespace internal

// The access policy of monitor.v1.MonitorService, the one place that says who may call what. Every
// handler authorizes through its row; a method without one is refused, and a test checks that every
// method of the service's descriptor has a row, so a new RPC cannot go without a policy.
inline constexpr MethodAccess kMonitorServiceAccess[] = {
    {"ListThemes", Role::kReader, /*anonymous_reads=*/true},
    {"ListMeasures", Role::kReader, /*anonymous_reads=*/true},
    {"GetMeasure", Role::kReader, /*anonymous_reads=*/true},
    // Direct changes outside a round are the coordinator's corrections (with a note); editors change
    // their measures through a round's drafts.
    {"UpdateMeasure", Role::kAdmin},
    {"SetMeasureStatus", Role::kAdmin},
    {"ListStatusChanges", Role::kReader, /*anonymous_reads=*/true},
    {"GetDashboard", Role::kReader, /*anonymous_reads=*/true},
    // A snapshot is the published record: only an admin publishes one.
    {"CreateSnapshot", Role::kAdmin},
    {"GetSnapshot", Role::kReader, /*anonymous_reads=*/true},
    {"ListSnapshots", Role::kReader, /*anonymous_reads=*/true},
    {"WatchChanges", Role::kReader, /*anonymous_reads=*/true},
    // Reporting rounds. A round's progress is the staff's working state, not the published record:
    // readers with a token may follow it, anonymous callers may not. Drafts are the departments'
    // (editors; the domain limits each to its departments' measures); review and publishing are the
    // coordinator's. The comparison of two snapshots is published data.
    {"OpenRound", Role::kAdmin},
    {"GetRound", Role::kReader},
    {"ListRounds", Role::kReader},
    {"ListMeasureUpdates", Role::kEditor},
    {"GetMeasureUpdate", Role::kEditor},
    {"SaveDraft", Role::kEditor},
    {"SubmitUpdate", Role::kEditor},
    {"ApproveUpdate", Role::kAdmin},
    {"ReturnUpdate", Role::kAdmin},
    {"ApproveUnchanged", Role::kAdmin},
    {"PublishRound", Role::kAdmin},
    {"CompareSnapshots", Role::kReader, /*anonymous_reads=*/true},
    // Translations come from the translation team, who work on every measure's texts: an editor's
    // departments limit the measures it reports on in a round, not the translations it imports.
    {"ImportTranslations", Role::kEditor},
};

// The domain's view of a caller: an admin is the coordinator; an editor acts for its departments.
// The one place where the transport's credentials become an Actor.
Actor ActorOf(const Principal& principal);

class ChangeStream;

class MonitorGrpcService final : public internal::RawUnaryMonitorService {
 public:
  struct Limits {
    // Open WatchChanges streams; a new one beyond it ends the oldest with RESOURCE_EXHAUSTED.
    int max_watchers = 64;
  };
  MonitorGrpcService(Monitor& monitor, AccessPolicy access, Limits limits)
      : monitor_(monitor), access_(std::move(access)), limits_(limits) {}

  grpc::ServerUnaryReactor* ListThemes(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListMeasures(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetMeasure(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* UpdateMeasure(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SetMeasureStatus(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListStatusChanges(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetDashboard(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CreateSnapshot(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetSnapshot(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListSnapshots(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* OpenRound(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetRound(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListRounds(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListMeasureUpdates(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetMeasureUpdate(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SaveDraft(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SubmitUpdate(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ApproveUpdate(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ReturnUpdate(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ApproveUnchanged(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* PublishRound(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CompareSnapshots(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ImportTranslations(grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<monitor::v1::ChangeEvent>* WatchChanges(
      grpc::CallbackServerContext* context, const monitor::v1::WatchChangesRequest* request) override;

 private:
  friend class ChangeStream;
  // The caller of `context`, if kMonitorServiceAccess lets it call `method`.
  [[nodiscard]] absl::StatusOr<Principal> Authorize(const grpc::CallbackServerContext& context,
                                                    absl::string_view method) const;
  void AdmitWatcher(ChangeStream* stream);
  void ForgetWatcher(ChangeStream* stream);

  Monitor& monitor_;  // Outlives the service.
  const AccessPolicy access_;
  const Limits limits_;
  absl::Mutex watchers_mu_;
  std::list<ChangeStream*> watchers_ ABSL_GUARDED_BY(watchers_mu_);  // oldest first
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
