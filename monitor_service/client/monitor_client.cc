#include "monitor_service/client/monitor_client.h"

#include <algorithm>

#include "grpc/health/v1/health.grpc.pb.h"
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

namespace werkmonitor {

namespace {

// gRPC waits up to two minutes between reconnection attempts by default; a tool that retries until
// a restarting service is back wants to notice within a second or two. (Not
// GRPC_ARG_MIN_RECONNECT_BACKOFF_MS: gRPC also takes it as the time a connection attempt may take,
// handshake included, and 100 ms of that fails on a loaded machine.)
grpc::ChannelArguments ChannelArguments() {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return arguments;
}

}  // namespace

void CallCanceller::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  for (grpc::ClientContext* context : running_) context->TryCancel();
}

bool CallCanceller::cancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

bool CallCanceller::SleepUnlessCancelled(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(&cancelled_), duration);
}

void CallCanceller::Track(grpc::ClientContext* context) {
  absl::MutexLock lock(&mu_);
  // Before the call starts, TryCancel makes gRPC cancel it as soon as it does.
  if (cancelled_) context->TryCancel();
  running_.push_back(context);
}

void CallCanceller::Forget(grpc::ClientContext* context) {
  absl::MutexLock lock(&mu_);
  running_.erase(std::find(running_.begin(), running_.end(), context));
}

absl::StatusOr<std::unique_ptr<MonitorClient>> MonitorClient::Connect(const std::string& server, Options options) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeChannelCredentials(options.transport, server);
  if (!credentials.ok()) return credentials.status();
  return std::unique_ptr<MonitorClient>(
      new MonitorClient(grpc::CreateCustomChannel(server, *credentials, ChannelArguments()), std::move(options)));
}

MonitorClient::MonitorClient(std::shared_ptr<grpc::Channel> channel, Options options)
    : channel_(std::move(channel)),
      stub_(monitor::v1::MonitorService::NewStub(channel_)),
      options_(std::move(options)) {}

void MonitorClient::Prepare(grpc::ClientContext& context) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + options_.timeout));
  context.set_wait_for_ready(options_.wait_for_ready);
  Authenticate(context);
}

void MonitorClient::Authenticate(grpc::ClientContext& context) const {
  if (!options_.token.empty()) context.AddMetadata("authorization", "Bearer " + options_.token);
}

absl::StatusOr<monitor::v1::ListThemesResponse> MonitorClient::ListThemes() {
  return Call(&Stub::ListThemes, monitor::v1::ListThemesRequest());
}

absl::StatusOr<monitor::v1::ListMeasuresResponse> MonitorClient::ListMeasures(
    const monitor::v1::ListMeasuresRequest& request) {
  return Call(&Stub::ListMeasures, request);
}

absl::StatusOr<monitor::v1::Measure> MonitorClient::GetMeasure(const std::string& id) {
  monitor::v1::GetMeasureRequest request;
  request.set_id(id);
  return Call(&Stub::GetMeasure, request);
}

absl::StatusOr<monitor::v1::Measure> MonitorClient::UpdateMeasure(const monitor::v1::UpdateMeasureRequest& request) {
  return Call(&Stub::UpdateMeasure, request);
}

absl::StatusOr<monitor::v1::Measure> MonitorClient::SetMeasureStatus(
    const monitor::v1::SetMeasureStatusRequest& request) {
  return Call(&Stub::SetMeasureStatus, request);
}

absl::StatusOr<monitor::v1::ListStatusChangesResponse> MonitorClient::ListStatusChanges(
    const monitor::v1::ListStatusChangesRequest& request) {
  return Call(&Stub::ListStatusChanges, request);
}

absl::StatusOr<monitor::v1::Dashboard> MonitorClient::GetDashboard(int64_t snapshot_id) {
  monitor::v1::GetDashboardRequest request;
  request.set_snapshot_id(snapshot_id);
  return Call(&Stub::GetDashboard, request);
}

absl::StatusOr<monitor::v1::SnapshotInfo> MonitorClient::CreateSnapshot(const std::string& label) {
  monitor::v1::CreateSnapshotRequest request;
  request.set_label(label);
  return Call(&Stub::CreateSnapshot, request);
}

absl::StatusOr<monitor::v1::Snapshot> MonitorClient::GetSnapshot(int64_t id) {
  monitor::v1::GetSnapshotRequest request;
  request.set_id(id);
  return Call(&Stub::GetSnapshot, request);
}

absl::StatusOr<monitor::v1::ListSnapshotsResponse> MonitorClient::ListSnapshots(
    const monitor::v1::ListSnapshotsRequest& request) {
  return Call(&Stub::ListSnapshots, request);
}

absl::StatusOr<monitor::v1::Round> MonitorClient::OpenRound(const monitor::v1::OpenRoundRequest& request) {
  return Call(&Stub::OpenRound, request);
}

absl::StatusOr<monitor::v1::Round> MonitorClient::GetRound(int64_t id) {
  monitor::v1::GetRoundRequest request;
  request.set_id(id);
  return Call(&Stub::GetRound, request);
}

absl::StatusOr<monitor::v1::ListRoundsResponse> MonitorClient::ListRounds() {
  return Call(&Stub::ListRounds, monitor::v1::ListRoundsRequest());
}

absl::StatusOr<monitor::v1::ListMeasureUpdatesResponse> MonitorClient::ListMeasureUpdates(
    const monitor::v1::ListMeasureUpdatesRequest& request) {
  return Call(&Stub::ListMeasureUpdates, request);
}

absl::StatusOr<monitor::v1::MeasureUpdate> MonitorClient::GetMeasureUpdate(int64_t round_id,
                                                                           const std::string& measure_id) {
  monitor::v1::GetMeasureUpdateRequest request;
  request.set_round_id(round_id);
  request.set_measure_id(measure_id);
  return Call(&Stub::GetMeasureUpdate, request);
}

absl::StatusOr<monitor::v1::MeasureUpdate> MonitorClient::SaveDraft(const monitor::v1::SaveDraftRequest& request) {
  return Call(&Stub::SaveDraft, request);
}

absl::StatusOr<monitor::v1::MeasureUpdate> MonitorClient::SubmitUpdate(
    const monitor::v1::SubmitUpdateRequest& request) {
  return Call(&Stub::SubmitUpdate, request);
}

absl::StatusOr<monitor::v1::MeasureUpdate> MonitorClient::ApproveUpdate(
    const monitor::v1::ApproveUpdateRequest& request) {
  return Call(&Stub::ApproveUpdate, request);
}

absl::StatusOr<monitor::v1::MeasureUpdate> MonitorClient::ReturnUpdate(
    const monitor::v1::ReturnUpdateRequest& request) {
  return Call(&Stub::ReturnUpdate, request);
}

absl::StatusOr<monitor::v1::ApproveUnchangedResponse> MonitorClient::ApproveUnchanged(
    const std::vector<std::string>& measure_ids) {
  monitor::v1::ApproveUnchangedRequest request;
  for (const std::string& id : measure_ids) request.add_measure_ids(id);
  return Call(&Stub::ApproveUnchanged, request);
}

absl::StatusOr<monitor::v1::Round> MonitorClient::PublishRound(int64_t round_id) {
  monitor::v1::PublishRoundRequest request;
  request.set_round_id(round_id);
  return Call(&Stub::PublishRound, request);
}

absl::StatusOr<monitor::v1::SnapshotComparison> MonitorClient::CompareSnapshots(int64_t base_id, int64_t target_id) {
  monitor::v1::CompareSnapshotsRequest request;
  request.set_base_snapshot_id(base_id);
  request.set_target_snapshot_id(target_id);
  return Call(&Stub::CompareSnapshots, request);
}

absl::StatusOr<monitor::v1::ImportTranslationsResponse> MonitorClient::ImportTranslations(
    const monitor::v1::ImportTranslationsRequest& request) {
  return Call(&Stub::ImportTranslations, request);
}

absl::StatusOr<int64_t> MonitorClient::LatestSnapshotId() {
  monitor::v1::ListSnapshotsRequest request;
  request.set_page_size(1);
  absl::StatusOr<monitor::v1::ListSnapshotsResponse> newest = ListSnapshots(request);
  if (!newest.ok()) return newest.status();
  if (newest->snapshots().empty()) return absl::NotFoundError("there is no snapshot yet");
  return newest->snapshots(0).id();
}

absl::StatusOr<std::vector<monitor::v1::Measure>> MonitorClient::ListAllMeasures(
    monitor::v1::ListMeasuresRequest filter) {
  monitor::v1::ListMeasuresRequest request = std::move(filter);
  request.clear_page_token();
  request.set_page_size(500);
  std::vector<monitor::v1::Measure> measures;
  do {
    absl::StatusOr<monitor::v1::ListMeasuresResponse> page = ListMeasures(request);
    if (!page.ok()) return page.status();
    for (auto& measure : *page->mutable_measures()) measures.push_back(std::move(measure));
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return measures;
}

absl::StatusOr<std::vector<monitor::v1::StatusChange>> MonitorClient::ListAllStatusChanges(
    const std::string& measure_id) {
  monitor::v1::ListStatusChangesRequest request;
  request.set_measure_id(measure_id);
  request.set_page_size(1000);
  std::vector<monitor::v1::StatusChange> changes;
  do {
    absl::StatusOr<monitor::v1::ListStatusChangesResponse> page = ListStatusChanges(request);
    if (!page.ok()) return page.status();
    for (auto& change : *page->mutable_changes()) changes.push_back(std::move(change));
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  return changes;
}

absl::Status MonitorClient::WatchChanges(int64_t since_revision,
                                         const std::function<bool(const monitor::v1::ChangeEvent&)>& on_event) {
  grpc::ClientContext context;
  Authenticate(context);
  const Tracked tracked(options_.canceller, context);
  monitor::v1::WatchChangesRequest request;
  request.set_since_revision(since_revision);
  std::unique_ptr<grpc::ClientReader<monitor::v1::ChangeEvent>> reader = stub_->WatchChanges(&context, request);
  monitor::v1::ChangeEvent event;
  while (reader->Read(&event)) {
    if (!on_event(event)) {
      context.TryCancel();
      reader->Finish();  // CANCELLED, as asked
      return absl::OkStatus();
    }
  }
  return FromGrpcStatus(reader->Finish());
}

absl::StatusOr<bool> MonitorClient::IsServing(const std::string& service) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext context;
  Prepare(context);
  const Tracked tracked(options_.canceller, context);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (grpc::Status status = health->Check(&context, request, &response); !status.ok()) {
    return FromGrpcStatus(status);
  }
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

}  // namespace werkmonitor
