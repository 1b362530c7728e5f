#include "bench/bench_data.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "domain/dashboard.h"
#include "domain/data_set_files.h"
#include "domain/proto_time.h"

namespace werkmonitor::bench {

monitor::v1::Snapshot SnapshotOf(const monitor::v1::DataSet& data) {
  monitor::v1::Snapshot snapshot;
  snapshot.mutable_info()->set_id(1);
  snapshot.mutable_info()->set_label("Bijlage I Monitoringsoverzicht 2025");
  *snapshot.mutable_info()->mutable_created_at() = ToProtoTime(absl::FromUnixSeconds(1764590400));
  *snapshot.mutable_data() = data;
  *snapshot.mutable_dashboard() = ComputeDashboard(data);
  return snapshot;
}

const monitor::v1::Snapshot& RealSnapshot() {
  static const monitor::v1::Snapshot* const kSnapshot = [] {
    absl::StatusOr<monitor::v1::DataSet> data = LoadDataSetDir(WERKMONITOR_SOURCE_DIR "/data");
    if (!data.ok()) std::abort();
    return new monitor::v1::Snapshot(SnapshotOf(*data));
  }();
  return *kSnapshot;
}

monitor::v1::DataSet SyntheticDataSet(int copies) {
  const monitor::v1::DataSet& real = RealSnapshot().data();
  monitor::v1::DataSet data = real;
  data.clear_measures();
  for (const monitor::v1::Theme& theme : real.themes()) {
    for (int copy = 0; copy < copies; ++copy) {
      for (const monitor::v1::Measure& original : real.measures()) {
        if (original.theme_id() != theme.id()) continue;
        monitor::v1::Measure* measure = data.add_measures();
        *measure = original;
        if (copy > 0) {
          const std::string suffix = absl::StrCat("-k", copy);
          measure->set_id(original.id() + suffix);
          measure->set_number(absl::StrCat(original.number(), ".", copy));
          if (!original.parent_id().empty()) measure->set_parent_id(original.parent_id() + suffix);
        }
      }
    }
  }
  return data;
}

}  // namespace werkmonitor::bench
