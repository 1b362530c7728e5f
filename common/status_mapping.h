// The one place where domain results (absl::Status) become gRPC statuses, and back on the client
// side. Codes are the same canonical codes; the message is kept as is (it names the field).
#ifndef WERKMONITOR_COMMON_STATUS_MAPPING_H_
#define WERKMONITOR_COMMON_STATUS_MAPPING_H_

#include "absl/status/status.h"
#include <grpcpp/support/status.h>

namespace werkmonitor {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_STATUS_MAPPING_H_
