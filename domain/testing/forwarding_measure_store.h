// A MeasureStore that passes every call to another one: the base of test stores that step in on one
// or two calls (fail a commit, hold up journal reads, count them) and leave the rest to a real store.
//
//   class FailingStore : public ForwardingMeasureStore {
//     using ForwardingMeasureStore::ForwardingMeasureStore;
//     absl::Status Commit(const Write&) override { return absl::UnavailableError("disk unplugged"); }
//   };
#ifndef WERKMONITOR_DOMAIN_TESTING_FORWARDING_MEASURE_STORE_H_
#define WERKMONITOR_DOMAIN_TESTING_FORWARDING_MEASURE_STORE_H_

#include <memory>
#include <utility>

#include "domain/measure_store.h"

namespace werkmonitor {

class ForwardingMeasureStore : public MeasureStore {
 public:
  explicit ForwardingMeasureStore(std::unique_ptr<MeasureStore> inner) : inner_(std::move(inner)) {}

  absl::StatusOr<StoredState> Load() override { return inner_->Load(); }
  absl::Status Commit(const Write& write) override { return inner_->Commit(write); }
  absl::StatusOr<std::vector<monitor::v1::StatusChange>> ListStatusChanges(const StatusChangeQuery& query) override {
    return inner_->ListStatusChanges(query);
  }
  absl::StatusOr<std::vector<monitor::v1::ChangeEvent>> ListChanges(int64_t after_revision, int limit) override {
    return inner_->ListChanges(after_revision, limit);
  }
  absl::StatusOr<monitor::v1::Snapshot> GetSnapshot(int64_t id) override { return inner_->GetSnapshot(id); }
  absl::StatusOr<std::string> GetSnapshotBytes(int64_t id) override { return inner_->GetSnapshotBytes(id); }
  absl::StatusOr<std::vector<monitor::v1::SnapshotInfo>> ListSnapshots(int64_t before_id, int limit) override {
    return inner_->ListSnapshots(before_id, limit);
  }

 private:
  const std::unique_ptr<MeasureStore> inner_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_TESTING_FORWARDING_MEASURE_STORE_H_
