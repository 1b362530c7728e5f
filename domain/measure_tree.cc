#include "domain/measure_tree.h"

#include <utility>

namespace werkmonitor {
namespace {

std::vector<const monitor::v1::Measure*> PointersTo(const monitor::v1::DataSet& data) {
  std::vector<const monitor::v1::Measure*> measures;
  measures.reserve(static_cast<size_t>(data.measures_size()));
  for (const monitor::v1::Measure& measure : data.measures()) measures.push_back(&measure);
  return measures;
}

}  // namespace

MeasureTree::MeasureTree(std::vector<const monitor::v1::Measure*> measures) : measures_(std::move(measures)) {
  by_id_.reserve(measures_.size());
  for (const monitor::v1::Measure* measure : measures_) {
    by_id_.try_emplace(measure->id(), measure);
    if (!measure->parent_id().empty()) children_[measure->parent_id()].push_back(measure);
  }
}

MeasureTree::MeasureTree(const monitor::v1::DataSet& data) : MeasureTree(PointersTo(data)) {}

std::vector<const monitor::v1::Measure*> MeasureTree::Leaves() const {
  std::vector<const monitor::v1::Measure*> leaves;
  leaves.reserve(measures_.size());
  for (const monitor::v1::Measure* measure : measures_) {
    if (IsLeaf(*measure)) leaves.push_back(measure);
  }
  return leaves;
}

std::vector<const monitor::v1::Measure*> MeasureTree::ChildrenOf(absl::string_view parent_id) const {
  auto found = children_.find(parent_id);
  if (found == children_.end()) return {};
  return found->second;
}

const monitor::v1::Measure* MeasureTree::ParentOf(const monitor::v1::Measure& measure) const {
  if (measure.parent_id().empty()) return nullptr;
  auto found = by_id_.find(measure.parent_id());
  return found == by_id_.end() ? nullptr : found->second;
}

}  // namespace werkmonitor
