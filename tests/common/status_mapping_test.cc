#include "common/status_mapping.h"

#include "gtest/gtest.h"

namespace werkmonitor {
namespace {

TEST(StatusMappingTest, KeepsCodeAndMessageBothWays) {
  const absl::Status status = absl::NotFoundError("id: no measure \"werk-99\"");
  const grpc::Status wire = ToGrpcStatus(status);
  EXPECT_EQ(wire.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(wire.error_message(), "id: no measure \"werk-99\"");
  EXPECT_EQ(FromGrpcStatus(wire), status);
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

// What gRPC's unary client says when a reply does not parse: not a missing method, damaged data.
TEST(StatusMappingTest, AReplyThatDidNotParseIsDataLoss) {
  const absl::Status status =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "No message returned for unary request"));
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(FromGrpcStatus(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "Method not found")).code(),
            absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace werkmonitor
