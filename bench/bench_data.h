// Snapshots for benchmarks: the real 2025 data set, or a synthetic one of the same shape.
#ifndef WERKMONITOR_BENCH_BENCH_DATA_H_
#define WERKMONITOR_BENCH_BENCH_DATA_H_

#include "monitor/v1/monitor.pb.h"

namespace werkmonitor::bench {

// The repository's data set as snapshot 1 (dated 2025-12-01), with its computed dashboard.
const monitor::v1::Snapshot& RealSnapshot();

// The real data set with every theme's measures repeated `copies` times (ids and numbers made
// unique): 41 leaf measures become 41 × copies, with the same texts, statuses and milestones.
monitor::v1::DataSet SyntheticDataSet(int copies);
monitor::v1::Snapshot SnapshotOf(const monitor::v1::DataSet& data);

}  // namespace werkmonitor::bench

#endif  // WERKMONITOR_BENCH_BENCH_DATA_H_
