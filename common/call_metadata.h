// Metadata keys that clients and the monitor service agree on.
#ifndef WERKMONITOR_COMMON_CALL_METADATA_H_
#define WERKMONITOR_COMMON_CALL_METADATA_H_

namespace werkmonitor {

// Names who makes a change (recorded as updated_by / changed_by); monitorctl sends the login name.
inline constexpr char kUserMetadataKey[] = "x-werkmonitor-user";

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_CALL_METADATA_H_
