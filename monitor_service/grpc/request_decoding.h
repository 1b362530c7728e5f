// Turning request bytes into a message with an error a caller can act on. proto3 refuses string
// fields that are not valid UTF-8, and gRPC then answers a bare UNIMPLEMENTED; decoding here instead
// finds the offending field and answers INVALID_ARGUMENT naming it:
//
//   "measure.title.translations[pl].text: not valid UTF-8"
#ifndef WERKMONITOR_MONITOR_SERVICE_GRPC_REQUEST_DECODING_H_
#define WERKMONITOR_MONITOR_SERVICE_GRPC_REQUEST_DECODING_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include <grpcpp/support/byte_buffer.h>

namespace werkmonitor {

[[nodiscard]] absl::Status DecodeRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message& message);

// The path of the first string field in `bytes` (wire format of `type`) that is not valid UTF-8,
// or "" when there is none.
std::string FindInvalidUtf8(const google::protobuf::Descriptor& type, const std::string& bytes);

// Serializes `message` into `buffer`.
void EncodeResponse(const google::protobuf::Message& message, grpc::ByteBuffer& buffer);
// Puts already serialized bytes into `buffer` without copying them; `bytes` lives as long as gRPC
// needs it.
void ShareAsResponse(std::shared_ptr<const std::string> bytes, grpc::ByteBuffer& buffer);

}  // namespace werkmonitor

#endif  // WERKMONITOR_MONITOR_SERVICE_GRPC_REQUEST_DECODING_H_
