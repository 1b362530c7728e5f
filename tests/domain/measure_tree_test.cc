#include "domain/measure_tree.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Ids(const std::vector<const monitor::v1::Measure*>& measures) {
  std::vector<std::string> ids;
  for (const monitor::v1::Measure* measure : measures) ids.push_back(measure->id());
  return ids;
}

const monitor::v1::Measure& Named(const monitor::v1::DataSet& data, const std::string& id) {
  for (const monitor::v1::Measure& measure : data.measures()) {
    if (measure.id() == id) return measure;
  }
  ADD_FAILURE() << "no measure " << id;
  return data.measures(0);
}

TEST(MeasureTreeTest, LeavesAreTheMeasuresWithoutSubMeasuresInDocumentOrder) {
  const monitor::v1::DataSet data = testing::SmallDataSet();
  const MeasureTree tree(data);
  EXPECT_THAT(Ids(tree.Leaves()), ElementsAre("werk-1", "werk-2", "registratie-1", "registratie-2a", "registratie-2b"));
}

TEST(MeasureTreeTest, AParentHasChildrenAndIsNoLeaf) {
  const monitor::v1::DataSet data = testing::SmallDataSet();
  const MeasureTree tree(data);
  EXPECT_TRUE(tree.HasChildren("registratie-2"));
  EXPECT_FALSE(tree.IsLeaf(Named(data, "registratie-2")));
  EXPECT_FALSE(tree.HasChildren("registratie-2a"));
  EXPECT_TRUE(tree.IsLeaf(Named(data, "registratie-2a")));
  EXPECT_FALSE(tree.HasChildren("werk-1"));
  EXPECT_FALSE(tree.HasChildren("no-such-measure"));
}

TEST(MeasureTreeTest, ChildrenOfAParentInDocumentOrder) {
  const monitor::v1::DataSet data = testing::SmallDataSet();
  const MeasureTree tree(data);
  EXPECT_THAT(Ids(tree.ChildrenOf("registratie-2")), ElementsAre("registratie-2a", "registratie-2b"));
  EXPECT_THAT(tree.ChildrenOf("werk-1"), IsEmpty());
  EXPECT_THAT(tree.ChildrenOf("no-such-measure"), IsEmpty());
}

TEST(MeasureTreeTest, ParentOfASubMeasure) {
  const monitor::v1::DataSet data = testing::SmallDataSet();
  const MeasureTree tree(data);
  const monitor::v1::Measure* parent = tree.ParentOf(Named(data, "registratie-2b"));
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->id(), "registratie-2");
  EXPECT_EQ(tree.ParentOf(Named(data, "registratie-2")), nullptr);
  EXPECT_EQ(tree.ParentOf(Named(data, "werk-1")), nullptr);
}

TEST(MeasureTreeTest, AParentIdThatNamesNoMeasureStillMakesNoLeaf) {
  // Invalid data (ValidateDataSet refuses it) must not crash the tree: the orphan is a leaf, the
  // missing parent is reported as absent.
  monitor::v1::DataSet data;
  monitor::v1::Measure* orphan = data.add_measures();
  orphan->set_id("werk-9a");
  orphan->set_parent_id("werk-9");
  const MeasureTree tree(data);
  EXPECT_EQ(tree.ParentOf(*orphan), nullptr);
  EXPECT_TRUE(tree.HasChildren("werk-9"));
  EXPECT_THAT(Ids(tree.Leaves()), ElementsAre("werk-9a"));
}

TEST(MeasureTreeTest, RepeatedIdsFindTheFirst) {
  monitor::v1::DataSet data;
  data.add_measures()->set_id("werk-1");
  data.add_measures()->set_id("werk-1");
  monitor::v1::Measure* child = data.add_measures();
  child->set_id("werk-1a");
  child->set_parent_id("werk-1");
  const MeasureTree tree(data);
  EXPECT_EQ(tree.ParentOf(*child), &data.measures(0));
}

TEST(MeasureTreeTest, AnEmptyTreeHasNoLeaves) {
  EXPECT_THAT(MeasureTree().Leaves(), IsEmpty());
  EXPECT_THAT(MeasureTree(monitor::v1::DataSet()).Leaves(), IsEmpty());
}

}  // namespace
}  // namespace werkmonitor
