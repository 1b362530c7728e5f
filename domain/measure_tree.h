// The measures as a tree, one level deep: a measure with sub-measures (a parent, e.g. Registratie 2)
// carries no status of its own and is never counted; its sub-measures (2a-2c) are leaves, like every
// measure without sub-measures. The dashboard, the Monitor, the data-set rules and the documents all
// take that rule from here.
//
//   MeasureTree tree(data);
//   for (const monitor::v1::Measure* leaf : tree.Leaves()) ...       // what carries a status
//   if (tree.HasChildren("registratie-2")) ...                       // true: no status of its own
//   for (const monitor::v1::Measure* sub : tree.ChildrenOf("registratie-2")) ...
//
// The tree points into the measures it was built from: they must outlive it and not move.
#ifndef WERKMONITOR_DOMAIN_MEASURE_TREE_H_
#define WERKMONITOR_DOMAIN_MEASURE_TREE_H_

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "monitor/v1/monitor.pb.h"

namespace werkmonitor {

class MeasureTree {
 public:
  MeasureTree() = default;
  // `measures` in document order. With repeated ids (invalid data) the first one is the one found.
  explicit MeasureTree(std::vector<const monitor::v1::Measure*> measures);
  explicit MeasureTree(const monitor::v1::DataSet& data);

  // Whether some measure names `id` as its parent: then `id` has no status of its own.
  [[nodiscard]] bool HasChildren(absl::string_view id) const { return children_.contains(id); }
  [[nodiscard]] bool IsLeaf(const monitor::v1::Measure& measure) const { return !HasChildren(measure.id()); }

  // The measures that carry a status (every measure without sub-measures), in document order.
  [[nodiscard]] std::vector<const monitor::v1::Measure*> Leaves() const;
  // The sub-measures of `parent_id`, in document order; empty when it has none.
  [[nodiscard]] std::vector<const monitor::v1::Measure*> ChildrenOf(absl::string_view parent_id) const;
  // The measure `measure` is a sub-measure of; nullptr for a top-level measure or a parent id that
  // names no measure.
  [[nodiscard]] const monitor::v1::Measure* ParentOf(const monitor::v1::Measure& measure) const;

 private:
  std::vector<const monitor::v1::Measure*> measures_;
  // Keys point into the measures' own ids.
  absl::flat_hash_map<absl::string_view, const monitor::v1::Measure*> by_id_;
  absl::flat_hash_map<absl::string_view, std::vector<const monitor::v1::Measure*>> children_;
};

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_MEASURE_TREE_H_
