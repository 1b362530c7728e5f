// MemoryMeasureStore, the store of tests and fuzz targets, held to the MeasureStore contract.
#include "domain/testing/memory_measure_store.h"

#include "tests/store/measure_store_conformance.h"

namespace werkmonitor::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Memory, MeasureStoreConformanceTest,
                         ::testing::Values(MeasureStoreFactory{
                             "Memory",
                             [](const std::string&) -> absl::StatusOr<std::unique_ptr<MeasureStore>> {
                               return std::make_unique<MemoryMeasureStore>();
                             }}),
                         MeasureStoreFactoryName);

}  // namespace
}  // namespace werkmonitor::testing
