#include "domain/snapshot_file.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "common/text_proto.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"

namespace werkmonitor {
namespace {

enum class Format { kBinary, kText, kJson };

Format FormatOf(const std::string& path) {
  if (absl::EndsWith(path, ".json")) return Format::kJson;
  if (absl::EndsWith(path, ".textproto") || absl::EndsWith(path, ".txtpb")) return Format::kText;
  return Format::kBinary;
}

}  // namespace

absl::Status SaveSnapshotFile(const std::string& path, const monitor::v1::Snapshot& snapshot) {
  std::string bytes;
  switch (FormatOf(path)) {
    case Format::kJson: {
      google::protobuf::util::JsonPrintOptions options;
      options.add_whitespace = true;
      options.preserve_proto_field_names = true;
      if (auto s = google::protobuf::util::MessageToJsonString(snapshot, &bytes, options); !s.ok()) {
        return absl::InternalError(absl::StrCat(path, ": ", s.ToString()));
      }
      break;
    }
    case Format::kText: {
      google::protobuf::TextFormat::Printer printer;
      printer.SetUseUtf8StringEscaping(true);
      printer.PrintToString(snapshot, &bytes);
      break;
    }
    case Format::kBinary:
      snapshot.SerializeToString(&bytes);
      break;
  }
  return WriteFileAtomically(path, bytes);
}

absl::StatusOr<monitor::v1::Snapshot> LoadSnapshotFile(const std::string& path) {
  monitor::v1::Snapshot snapshot;
  absl::StatusOr<std::string> bytes = ReadFile(path, kMaxSnapshotFileBytes);
  if (!bytes.ok()) return bytes.status();
  if (FormatOf(path) == Format::kText) {
    if (absl::Status s = ParseTextProto(*bytes, path, snapshot); !s.ok()) return s;
  } else if (FormatOf(path) == Format::kJson) {
    if (auto s = google::protobuf::util::JsonStringToMessage(*bytes, &snapshot); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": not a snapshot in JSON: ", s.ToString()));
    }
  } else if (!snapshot.ParseFromString(*bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a binary snapshot (use .json or .textproto for the other formats)"));
  }
  if (!snapshot.has_info() || snapshot.info().id() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": holds no snapshot (no id)"));
  }
  return snapshot;
}

}  // namespace werkmonitor
