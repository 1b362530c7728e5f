// The gRPC face of the Monitor (monitor.v1.MonitorService, callback API). Each handler converts the
// call (the caller's name from metadata), calls the Monitor and maps the result; no rules live here.
#ifndef WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
#define WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_

#include "domain/monitor.h"
#include "monitor/v1/monitor.grpc.pb.h"

namespace werkmonitor {

class MonitorGrpcService final : public monitor::v1::MonitorService::CallbackService {
 public:
  explicit MonitorGrpcService(Monitor& monitor) : monitor_(monitor) {}

  grpc::ServerUnaryReactor* ListThemes(grpc::CallbackServerContext* context,
                                       const monitor::v1::ListThemesRequest* request,
                                       monitor::v1::ListThemesResponse* response) override;
  grpc::ServerUnaryReactor* ListMeasures(grpc::CallbackServerContext* context,
                                         const monitor::v1::ListMeasuresRequest* request,
                                         monitor::v1::ListMeasuresResponse* response) override;
  grpc::ServerUnaryReactor* GetMeasure(grpc::CallbackServerContext* context,
                                       const monitor::v1::GetMeasureRequest* request,
                                       monitor::v1::Measure* response) override;
  grpc::ServerUnaryReactor* UpdateMeasure(grpc::CallbackServerContext* context,
                                          const monitor::v1::UpdateMeasureRequest* request,
                                          monitor::v1::Measure* response) override;
  grpc::ServerUnaryReactor* SetMeasureStatus(grpc::CallbackServerContext* context,
                                             const monitor::v1::SetMeasureStatusRequest* request,
                                             monitor::v1::Measure* response) override;
  grpc::ServerUnaryReactor* ListStatusChanges(grpc::CallbackServerContext* context,
                                              const monitor::v1::ListStatusChangesRequest* request,
                                              monitor::v1::ListStatusChangesResponse* response) override;
  grpc::ServerUnaryReactor* GetDashboard(grpc::CallbackServerContext* context,
                                         const monitor::v1::GetDashboardRequest* request,
                                         monitor::v1::Dashboard* response) override;
  grpc::ServerUnaryReactor* CreateSnapshot(grpc::CallbackServerContext* context,
                                           const monitor::v1::CreateSnapshotRequest* request,
                                           monitor::v1::SnapshotInfo* response) override;
  grpc::ServerUnaryReactor* GetSnapshot(grpc::CallbackServerContext* context,
                                        const monitor::v1::GetSnapshotRequest* request,
                                        monitor::v1::Snapshot* response) override;
  grpc::ServerUnaryReactor* ListSnapshots(grpc::CallbackServerContext* context,
                                          const monitor::v1::ListSnapshotsRequest* request,
                                          monitor::v1::ListSnapshotsResponse* response) override;
  grpc::ServerWriteReactor<monitor::v1::ChangeEvent>* WatchChanges(
      grpc::CallbackServerContext* context, const monitor::v1::WatchChangesRequest* request) override;

 private:
  Monitor& monitor_;  // Outlives the service.
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_GRPC_MONITOR_GRPC_SERVICE_H_
