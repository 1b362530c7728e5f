#include "monitor_service/grpc/request_decoding.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/text_rules.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"

namespace werkmonitor {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

std::string Flatten(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return bytes;
}

std::string Join(const std::string& path, const std::string& name) {
  return path.empty() ? name : absl::StrCat(path, ".", name);
}

// Walks the wire format generically (as unknown fields) against the descriptor, so that it also
// works on bytes the typed parser refused.
std::string FindIn(const google::protobuf::Descriptor& type, const std::string& bytes, const std::string& path) {
  UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) return "";
  std::map<int, int> seen;  // field number -> occurrences so far, for repeated fields' indexes
  for (int i = 0; i < fields.field_count(); ++i) {
    const UnknownField& field = fields.field(i);
    const FieldDescriptor* descriptor = type.FindFieldByNumber(field.number());
    if (descriptor == nullptr || field.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
    const std::string& value = field.length_delimited();
    const int index = seen[field.number()]++;
    std::string at = Join(path, descriptor->name());
    if (descriptor->is_repeated() && !descriptor->is_map()) absl::StrAppend(&at, "[", index, "]");

    if (descriptor->type() == FieldDescriptor::TYPE_STRING) {
      if (Utf8Length(value) < 0) return at;
    } else if (descriptor->is_map()) {
      // A map entry is a message {key = 1; value = 2}: name it by its key.
      const google::protobuf::Descriptor& entry = *descriptor->message_type();
      UnknownFieldSet entry_fields;
      if (!entry_fields.ParseFromString(value)) continue;
      std::string key;
      for (int k = 0; k < entry_fields.field_count(); ++k) {
        const UnknownField& part = entry_fields.field(k);
        if (part.number() != 1 || part.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
        key = part.length_delimited();
        if (Utf8Length(key) < 0) return absl::StrCat(at, " (a key)");
      }
      const std::string keyed = absl::StrCat(at, "[", key, "]");
      for (int k = 0; k < entry_fields.field_count(); ++k) {
        const UnknownField& part = entry_fields.field(k);
        const FieldDescriptor* value_field = entry.FindFieldByNumber(2);
        if (part.number() != 2 || part.type() != UnknownField::TYPE_LENGTH_DELIMITED) continue;
        if (value_field->type() == FieldDescriptor::TYPE_STRING && Utf8Length(part.length_delimited()) < 0) {
          return keyed;
        }
        if (value_field->type() == FieldDescriptor::TYPE_MESSAGE) {
          if (std::string found = FindIn(*value_field->message_type(), part.length_delimited(), keyed);
              !found.empty()) {
            return found;
          }
        }
      }
    } else if (descriptor->type() == FieldDescriptor::TYPE_MESSAGE) {
      if (std::string found = FindIn(*descriptor->message_type(), value, at); !found.empty()) return found;
    }
  }
  return "";
}

}  // namespace

std::string FindInvalidUtf8(const google::protobuf::Descriptor& type, const std::string& bytes) {
  return FindIn(type, bytes, "");
}

absl::Status DecodeRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message& message) {
  const std::string bytes = Flatten(buffer);
  if (message.ParseFromString(bytes)) return absl::OkStatus();
  if (std::string field = FindInvalidUtf8(*message.GetDescriptor(), bytes); !field.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not valid UTF-8"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("request: not a valid ", message.GetDescriptor()->full_name(), " message"));
}

void EncodeResponse(const google::protobuf::Message& message, grpc::ByteBuffer& buffer) {
  const std::string bytes = message.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer(&slice, 1).Swap(&buffer);
}

void ShareAsResponse(std::shared_ptr<const std::string> bytes, grpc::ByteBuffer& buffer) {
  auto* owner = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*owner)->data()), (*owner)->size(),
      [](void* user_data) { delete static_cast<std::shared_ptr<const std::string>*>(user_data); }, owner);
  grpc::ByteBuffer(&slice, 1).Swap(&buffer);
}

}  // namespace werkmonitor
