// The gRPC face of the Monitor (monitor.v1.MonitorService, callback API). Each handler converts the
// call (the caller's name from metadata), calls the Monitor and maps the result; no rules live here.
#ifndef WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
#define WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_

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

class MonitorGrpcService final : public internal::RawUnaryMonitorService {
 public:
  explicit MonitorGrpcService(Monitor& monitor) : monitor_(monitor) {}

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
  Monitor& monitor_;  // Outlives the service.
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
