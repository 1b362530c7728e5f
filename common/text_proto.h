// Protobuf text format from files and strings, with the first error's position: data sets,
// translations, catalogs and snapshots are all authored or exported in it.
//
//   monitor::v1::DataSet data;
//   absl::Status s = ParseTextProtoFile("data/02-werk.textproto", data);
//   // s.message(): "data/02-werk.textproto:12:5: Expected identifier, got: }"
#ifndef WERKMONITOR_COMMON_TEXT_PROTO_H_
#define WERKMONITOR_COMMON_TEXT_PROTO_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"

namespace werkmonitor {

// Parses one text-format file into `message`: INVALID_ARGUMENT "file:line:column: reason" on
// syntax errors; the error of ReadFile (NOT_FOUND, PERMISSION_DENIED, ...) when it cannot be read.
[[nodiscard]] absl::Status ParseTextProtoFile(const std::string& path, google::protobuf::Message& message);
// The same for text in memory; `name` stands for the file in errors. With `locations`, where each
// field stands in `text` (for tools that edit the text itself, keeping its comments and layout).
[[nodiscard]] absl::Status ParseTextProto(absl::string_view text, absl::string_view name,
                                          google::protobuf::Message& message,
                                          google::protobuf::TextFormat::ParseInfoTree* locations = nullptr);

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_TEXT_PROTO_H_
