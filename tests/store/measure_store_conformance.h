// The MeasureStore contract (domain/measure_store.h) as one parameterised GoogleTest suite. Every
// storage engine instantiates it with a factory for fresh, empty stores, so all engines are held
// to the same behaviour: what a write applies, what a failed write leaves, what queries return.
// Engine-specific behaviour (SQLite's files, triggers, migrations, damage on disk) is tested in
// the engine's own test file.
//
//   INSTANTIATE_TEST_SUITE_P(Memory, MeasureStoreConformanceTest,
//                            ::testing::Values(MeasureStoreFactory{"Memory", [](const std::string&) {
//                              return absl::StatusOr<std::unique_ptr<MeasureStore>>(
//                                  std::make_unique<MemoryMeasureStore>());
//                            }}),
//                            MeasureStoreFactoryName);
#ifndef WERKMONITOR_TESTS_STORE_MEASURE_STORE_CONFORMANCE_H_
#define WERKMONITOR_TESTS_STORE_MEASURE_STORE_CONFORMANCE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "domain/measure_store.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor::testing {

struct MeasureStoreFactory {
  std::string name;
  // A new, empty store. `dir` is a fresh directory the store may keep its files in.
  std::function<absl::StatusOr<std::unique_ptr<MeasureStore>>(const std::string& dir)> open;
};

inline void PrintTo(const MeasureStoreFactory& factory, std::ostream* os) { *os << factory.name; }
std::string MeasureStoreFactoryName(const ::testing::TestParamInfo<MeasureStoreFactory>& info);

class MeasureStoreConformanceTest : public ::testing::TestWithParam<MeasureStoreFactory> {
 protected:
  void SetUp() override;

  TempDir dir_;
  std::unique_ptr<MeasureStore> store_;
};

}  // namespace werkmonitor::testing

#endif  // WERKMONITOR_TESTS_STORE_MEASURE_STORE_CONFORMANCE_H_
