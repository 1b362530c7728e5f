#include "domain/compare.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "domain/dashboard.h"
#include "domain/partial_date.h"
#include "domain/status.h"

namespace werkmonitor {
namespace {

using google::protobuf::RepeatedPtrField;
using monitor::v1::Block;
using monitor::v1::BlockChange;
using monitor::v1::DashboardChange;
using monitor::v1::DashboardRow;
using monitor::v1::Measure;
using monitor::v1::MeasureChange;
using monitor::v1::Milestone;
using monitor::v1::MilestoneChange;
using monitor::v1::PartialDate;
using monitor::v1::SnapshotComparison;

// Finds items (measures, milestones) by id. Ids mostly stand in the same places on both sides, so
// the place given is tried first and the map is built only when an id is not there: comparing two
// snapshots of 4,100 measures builds no map at all unless measures were added or removed.
template <typename T>
class IdIndex {
 public:
  explicit IdIndex(const RepeatedPtrField<T>& items) : items_(items) {}

  const T* Find(absl::string_view id, int place) {
    if (place < items_.size() && items_[place].id() == id) return &items_[place];
    if (!built_) {
      for (const T& item : items_) by_id_.try_emplace(item.id(), &item);
      built_ = true;
    }
    auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : found->second;
  }

 private:
  const RepeatedPtrField<T>& items_;
  bool built_ = false;
  absl::flat_hash_map<absl::string_view, const T*> by_id_;
};

constexpr int64_t kMaxTableCells = 1 << 20;

bool SameBlock(const Block& a, const Block& b) {
  return a.kind() == b.kind() && a.text() == b.text() &&
         std::equal(a.items().begin(), a.items().end(), b.items().begin(), b.items().end());
}

// Field by field: MessageDifferencer's reflection was a third of a comparison's time.
bool SameDate(const PartialDate& a, const PartialDate& b) {
  return a.precision() == b.precision() && a.year() == b.year() && a.month() == b.month() && a.day() == b.day() &&
         a.period() == b.period();
}

void AddBlockChange(MeasureChange& change, BlockChange::Kind kind, int base_index, int target_index) {
  BlockChange* block = change.add_blocks();
  block->set_kind(kind);
  block->set_base_index(base_index);
  block->set_target_index(target_index);
}

// The removed blocks [base_from, base_to) and added blocks [target_from, target_to) that lie between
// two kept ones: pairs at the same place are one block changed; the rest are removed or added.
void AddRun(MeasureChange& change, int base_from, int base_to, int target_from, int target_to) {
  const int paired = std::min(base_to - base_from, target_to - target_from);
  for (int i = 0; i < paired; ++i) AddBlockChange(change, BlockChange::CHANGED, base_from + i, target_from + i);
  for (int i = base_from + paired; i < base_to; ++i) AddBlockChange(change, BlockChange::REMOVED, i, -1);
  for (int i = target_from + paired; i < target_to; ++i) AddBlockChange(change, BlockChange::ADDED, -1, i);
}

// Longest common subsequence of the two bodies' blocks; what lies between kept blocks is a run
// (AddRun). The common prefix and suffix are cut first, so the quadratic table covers only the
// edited middle: an edit to one block of a long body stays cheap.
void CompareBlocks(const RepeatedPtrField<Block>& base, const RepeatedPtrField<Block>& target, MeasureChange& change) {
  int begin = 0;
  int base_end = base.size();
  int target_end = target.size();
  while (begin < base_end && begin < target_end && SameBlock(base[begin], target[begin])) ++begin;
  while (base_end > begin && target_end > begin && SameBlock(base[base_end - 1], target[target_end - 1])) {
    --base_end;
    --target_end;
  }
  const int n = base_end - begin;
  const int m = target_end - begin;
  if (n == 0 && m == 0) return;
  // Bodies hold at most 200 blocks (data_set_rules.cc); should larger ones arrive, the middle is
  // paired by place rather than given a table of n × m.
  if (static_cast<int64_t>(n) * m > kMaxTableCells) return AddRun(change, begin, base_end, begin, target_end);
  // lcs[i][j]: length of the common subsequence of base[begin+i..] and target[begin+j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (int i = n - 1; i >= 0; --i) {
    for (int j = m - 1; j >= 0; --j) {
      lcs[i][j] = SameBlock(base[begin + i], target[begin + j]) ? lcs[i + 1][j + 1] + 1
                                                                : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  int i = 0, j = 0, run_i = 0, run_j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && SameBlock(base[begin + i], target[begin + j])) {
      AddRun(change, begin + run_i, begin + i, begin + run_j, begin + j);
      run_i = ++i;
      run_j = ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ++j;
    } else {
      ++i;
    }
  }
  AddRun(change, begin + run_i, begin + n, begin + run_j, begin + m);
}

// Target milestones in order (added, moved, reached), then removed ones in base order. A milestone
// marked unreached again has no kind of change: it is not reported.
void CompareMilestones(const RepeatedPtrField<Milestone>& base, const RepeatedPtrField<Milestone>& target,
                       MeasureChange& change) {
  IdIndex<Milestone> base_index(base);
  IdIndex<Milestone> target_index(target);
  for (int i = 0; i < target.size(); ++i) {
    const Milestone& to = target[i];
    const Milestone* found = base_index.Find(to.id(), i);
    if (found == nullptr) {
      MilestoneChange* added = change.add_milestones();
      added->set_kind(MilestoneChange::ADDED);
      added->set_milestone_id(to.id());
      *added->mutable_to_date() = to.date();
      continue;
    }
    const Milestone& from = *found;
    if (!SameDate(from.date(), to.date())) {
      MilestoneChange* moved = change.add_milestones();
      moved->set_kind(MilestoneChange::MOVED);
      moved->set_milestone_id(to.id());
      *moved->mutable_from_date() = from.date();
      *moved->mutable_to_date() = to.date();
      moved->set_reason(to.move_reason());
      moved->set_later(IsLater(to.date(), from.date()));
    }
    if (!from.reached() && to.reached()) {
      MilestoneChange* reached = change.add_milestones();
      reached->set_kind(MilestoneChange::REACHED);
      reached->set_milestone_id(to.id());
      *reached->mutable_from_date() = from.date();
      *reached->mutable_to_date() = to.date();
    }
  }
  for (int i = 0; i < base.size(); ++i) {
    const Milestone& from = base[i];
    if (target_index.Find(from.id(), i) != nullptr) continue;
    MilestoneChange* removed = change.add_milestones();
    removed->set_kind(MilestoneChange::REMOVED);
    removed->set_milestone_id(from.id());
    *removed->mutable_from_date() = from.date();
  }
}

// An added measure carries its status and owner as to_*, a removed one as from_*; the rest of them
// is in the snapshot itself.
MeasureChange AddedOrRemoved(const Measure& measure, MeasureChange::Kind kind) {
  MeasureChange change;
  change.set_measure_id(measure.id());
  change.set_kind(kind);
  if (kind == MeasureChange::ADDED) {
    change.set_to_status(measure.status());
    change.set_to_owner(measure.owner().department());
  } else {
    change.set_from_status(measure.status());
    change.set_from_owner(measure.owner().department());
  }
  return change;
}

const DashboardRow* FindRow(const monitor::v1::Dashboard& dashboard, const std::string& theme_id) {
  for (const DashboardRow& row : dashboard.themes()) {
    if (row.theme_id() == theme_id) return &row;
  }
  return nullptr;
}

// A row absent on one side (a theme added or removed) counts as zeros.
DashboardChange CompareRows(const std::string& theme_id, const DashboardRow* from, const DashboardRow* to) {
  static const DashboardRow* const kNone = new DashboardRow();
  if (from == nullptr) from = kNone;
  if (to == nullptr) to = kNone;
  DashboardChange change;
  change.set_theme_id(theme_id);
  for (const StatusInfo& info : AllStatuses()) {
    monitor::v1::StatusDelta* delta = change.add_statuses();
    delta->set_status(info.status);
    delta->set_from_count(CountOf(*from, info.status));
    delta->set_to_count(CountOf(*to, info.status));
  }
  change.set_from_total(from->total());
  change.set_to_total(to->total());
  return change;
}

}  // namespace

bool IsLater(const PartialDate& to, const PartialDate& from) {
  const absl::CivilDay to_latest = LatestDay(to);
  const absl::CivilDay from_latest = LatestDay(from);
  if (to_latest != from_latest) return to_latest > from_latest;
  // Same last day ("december 2025" and "eind 2025"): the one that cannot start as early is later.
  return EarliestDay(to) > EarliestDay(from);
}

std::optional<MeasureChange> CompareMeasures(const Measure& base, const Measure& target) {
  MeasureChange change;
  change.set_measure_id(target.id());
  change.set_kind(MeasureChange::CHANGED);
  change.set_from_status(base.status());
  change.set_to_status(target.status());
  change.set_title_changed(base.title().nl() != target.title().nl());
  change.set_summary_changed(base.summary().nl() != target.summary().nl());
  CompareBlocks(base.body().nl().blocks(), target.body().nl().blocks(), change);
  CompareMilestones(base.milestones(), target.milestones(), change);
  change.set_from_owner(base.owner().department());
  change.set_to_owner(target.owner().department());
  // A note taken away leaves nothing new for a reader to see.
  change.set_progress_reported(!target.progress_note().empty() && target.progress_note() != base.progress_note());

  const bool differs = change.from_status() != change.to_status() || change.title_changed() ||
                       change.summary_changed() || change.blocks_size() > 0 || change.milestones_size() > 0 ||
                       change.from_owner() != change.to_owner() || change.progress_reported();
  if (!differs) return std::nullopt;
  return change;
}

SnapshotComparison CompareSnapshots(const monitor::v1::Snapshot& base, const monitor::v1::Snapshot& target) {
  SnapshotComparison comparison;
  *comparison.mutable_base() = base.info();
  *comparison.mutable_target() = target.info();

  const RepeatedPtrField<Measure>& from = base.data().measures();
  const RepeatedPtrField<Measure>& to = target.data().measures();
  IdIndex<Measure> base_index(from);
  IdIndex<Measure> target_index(to);
  for (int i = 0; i < to.size(); ++i) {
    const Measure* found = base_index.Find(to[i].id(), i);
    if (found == nullptr) {
      *comparison.add_measures() = AddedOrRemoved(to[i], MeasureChange::ADDED);
    } else if (std::optional<MeasureChange> change = CompareMeasures(*found, to[i])) {
      *comparison.add_measures() = *std::move(change);
    }
  }
  for (int i = 0; i < from.size(); ++i) {
    if (target_index.Find(from[i].id(), i) == nullptr) {
      *comparison.add_measures() = AddedOrRemoved(from[i], MeasureChange::REMOVED);
    }
  }

  for (const monitor::v1::Theme& theme : target.data().themes()) {
    *comparison.add_dashboard() =
        CompareRows(theme.id(), FindRow(base.dashboard(), theme.id()), FindRow(target.dashboard(), theme.id()));
  }
  *comparison.add_dashboard() = CompareRows("", &base.dashboard().total(), &target.dashboard().total());
  return comparison;
}

}  // namespace werkmonitor
