// absl::Time <-> google.protobuf.Timestamp, at microsecond precision (what the store keeps).
#ifndef WERKMONITOR_DOMAIN_PROTO_TIME_H_
#define WERKMONITOR_DOMAIN_PROTO_TIME_H_

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace werkmonitor {

inline google::protobuf::Timestamp ToProtoTime(absl::Time t) {
  const int64_t micros = absl::ToUnixMicros(t);
  google::protobuf::Timestamp ts;
  ts.set_seconds(micros >= 0 ? micros / 1'000'000 : -((-micros + 999'999) / 1'000'000));
  ts.set_nanos(static_cast<int32_t>((micros - ts.seconds() * 1'000'000) * 1000));
  return ts;
}

inline absl::Time FromProtoTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

}  // namespace werkmonitor

#endif  // WERKMONITOR_DOMAIN_PROTO_TIME_H_
