// The gRPC face of the Monitor (monitor.v1.MonitorService, callback API). Each handler checks the
// caller against the service's access table (kMonitorServiceAccess), decodes the request, calls the
// Monitor on behalf of the caller named by the token, and maps the result; no domain rules live here.
#ifndef WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
#define WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_

#include <list>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/access.h"
#include "domain/monitor.h"
#include "monitor/v1/monitor.grpc.pb.h"

namespace werkmonitor {

namespace internal {
// Every unary method takes its request as bytes and decodes it itself (DecodeRequest), so that a
// request the protobuf parser refuses, such as a string that is not UTF-8, still gets an
// INVALID_ARGUMENT naming the field instead of gRPC's bare UNIMPLEMENTED. WatchChanges has no text
// in its request and stays typed.
using RawUnaryMonitorService = monitor::v1::MonitorService::WithRawCallbackMethod_ListThemes<
    monitor::v1::MonitorService::WithRawCallbackMethod_ListMeasures<
        monitor::v1::MonitorService::WithRawCallbackMethod_GetMeasure<
            monitor::v1::MonitorService::WithRawCallbackMethod_UpdateMeasure<
                monitor::v1::MonitorService::WithRawCallbackMethod_SetMeasureStatus<
                    monitor::v1::MonitorService::WithRawCallbackMethod_ListStatusChanges<
                        monitor::v1::MonitorService::WithRawCallbackMethod_GetDashboard<
                            monitor::v1::MonitorService::WithRawCallbackMethod_CreateSnapshot<
                                monitor::v1::MonitorService::WithRawCallbackMethod_GetSnapshot<
                                    monitor::v1::MonitorService::WithRawCallbackMethod_ListSnapshots<
                                        monitor::v1::MonitorService::WithCallbackMethod_WatchChanges<
                                            monitor::v1::MonitorService::Service>>>>>>>>>>>;
}  // namespace internal

// The access policy of monitor.v1.MonitorService, the one place that says who may call what. Every
// handler authorizes through its row; a method without one is refused, and a test checks that every
// method of the service's descriptor has a row, so a new RPC cannot go without a policy.
inline constexpr MethodAccess kMonitorServiceAccess[] = {
    {"ListThemes", Role::kReader, /*anonymous_reads=*/true},
    {"ListMeasures", Role::kReader, /*anonymous_reads=*/true},
    {"GetMeasure", Role::kReader, /*anonymous_reads=*/true},
    {"UpdateMeasure", Role::kEditor},
    {"SetMeasureStatus", Role::kEditor},
    {"ListStatusChanges", Role::kReader, /*anonymous_reads=*/true},
    {"GetDashboard", Role::kReader, /*anonymous_reads=*/true},
    // A snapshot is the published record: only an admin publishes one.
    {"CreateSnapshot", Role::kAdmin},
    {"GetSnapshot", Role::kReader, /*anonymous_reads=*/true},
    {"ListSnapshots", Role::kReader, /*anonymous_reads=*/true},
    {"WatchChanges", Role::kReader, /*anonymous_reads=*/true},
};

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
