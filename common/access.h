// Who may call a werkmonitor service, and as whom: bearer tokens mapped to roles.
//
// A tokens file holds one line per caller, "sha256:<hex of the token> <role> <name>", so the file
// never holds a usable secret; an editor's line ends in the departments whose measures the editor
// updates, "departments=BZK,VRO". `monitorctl token new --role=editor --name=jan --departments=BZK`
// prints a fresh token once, with the line to add. Roles are ordered: an admin may do what an editor
// may, an editor what a reader may. Which measures an editor may change is the domain's decision
// (it knows their owners); this file only carries the departments to it.
//
//   absl::StatusOr<AccessPolicy> policy = AccessPolicy::FromTokensFile("/etc/werkmonitor/tokens");
//   absl::StatusOr<Principal> caller = policy->Authorize(authorization_header, Role::kEditor);
//   // UNAUTHENTICATED without a known token, PERMISSION_DENIED with too small a role.
//
// Without a tokens file the policy is in development mode: every caller acts as an admin named
// "development". The servers then listen on loopback only (see transport_security.h).
#ifndef WERKMONITOR_COMMON_ACCESS_H_
#define WERKMONITOR_COMMON_ACCESS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace werkmonitor {

enum class Role { kReader = 1, kEditor = 2, kAdmin = 3 };

absl::string_view RoleName(Role role);
// "reader", "editor" or "admin"; INVALID_ARGUMENT otherwise.
[[nodiscard]] absl::StatusOr<Role> ParseRole(absl::string_view name);

// What one RPC asks of its caller. A service states its whole policy as one table of these, one
// row per method, consulted in one place; a method without a row is refused (FindMethodAccess).
//
//   constexpr MethodAccess kAccess[] = {{"GetMeasure", Role::kReader, /*anonymous_reads=*/true},
//                                       {"SetMeasureStatus", Role::kEditor}};
struct MethodAccess {
  absl::string_view method;  // the method's name in its .proto service, e.g. "GetMeasure"
  Role role;                 // the smallest role that may call it
  // Whether callers without a token may call it (as "anonymous" readers) when the policy allows
  // anonymous reads. Only for methods that change nothing.
  bool anonymous_reads = false;
};

// The row of `table` for `method`. INTERNAL when there is none: a method nobody gave a rule is a
// bug, and refusing it (fail closed) is the only safe answer.
[[nodiscard]] absl::StatusOr<MethodAccess> FindMethodAccess(absl::Span<const MethodAccess> table,
                                                            absl::string_view method);

struct Principal {
  std::string name;  // recorded as the author of every change the caller makes
  Role role;
  std::vector<std::string> departments{};  // an editor's department codes ("BZK"); empty otherwise
};

// Whether `code` looks like a department code: a letter, then letters and digits, at most 16
// ("SZW", "JenV"). Whether such a department exists is the data set's business.
bool IsDepartmentCode(absl::string_view code);
// "BZK,VRO" as codes. INVALID_ARGUMENT naming the bad code, an empty list or a repeated code.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> ParseDepartments(absl::string_view list);

// The name recorded for changes made in development mode.
inline constexpr char kDevelopmentPrincipal[] = "development";

class AccessPolicy {
 public:
  // Every caller is an admin named "development".
  static AccessPolicy Development() { return AccessPolicy(); }
  // INVALID_ARGUMENT "file:line: reason" for a malformed line or a repeated token or name;
  // NOT_FOUND when the file cannot be read.
  [[nodiscard]] static absl::StatusOr<AccessPolicy> FromTokensFile(const std::string& path);
  [[nodiscard]] static absl::StatusOr<AccessPolicy> FromTokensText(absl::string_view text, absl::string_view file_name);

  // Lets callers without a token read (Role::kReader) as "anonymous".
  void AllowAnonymousReads(bool allow) { anonymous_reads_ = allow; }

  bool development_mode() const { return !tokens_.has_value(); }
  size_t token_count() const { return tokens_ ? tokens_->size() : 0; }

  // The caller behind `authorization` (the value of the "authorization" header, "Bearer <token>",
  // or nullopt when absent), if `rule` lets it call the method: its role is at least `rule.role`, or
  // it has no token, the method allows anonymous reads and so does this policy.
  [[nodiscard]] absl::StatusOr<Principal> Authorize(std::optional<absl::string_view> authorization,
                                                    const MethodAccess& rule) const;
  // The same for a service whose methods all need `needed` (the report service): anonymous reads
  // apply when that is the reader role.
  [[nodiscard]] absl::StatusOr<Principal> Authorize(std::optional<absl::string_view> authorization, Role needed) const {
    return Authorize(authorization, MethodAccess{"", needed, /*anonymous_reads=*/needed == Role::kReader});
  }

 private:
  struct Entry {
    std::string token_sha256;  // 64 lower-case hex digits
    Principal principal;
  };
  AccessPolicy() = default;
  explicit AccessPolicy(std::vector<Entry> tokens) : tokens_(std::move(tokens)) {}

  std::optional<std::vector<Entry>> tokens_;
  bool anonymous_reads_ = false;
};

// A new random bearer token: "wm_" and 43 base64url characters (256 bits from the kernel's CSPRNG).
[[nodiscard]] absl::StatusOr<std::string> NewToken();
// The tokens-file line for `token`: "sha256:<hex> <role> <name>", and " departments=BZK,VRO" when
// `departments` are given. INVALID_ARGUMENT for a bad name or department code, and for departments
// given to another role than an editor's.
[[nodiscard]] absl::StatusOr<std::string> TokensFileLine(absl::string_view token, Role role, absl::string_view name,
                                                         absl::Span<const std::string> departments = {});

}  // namespace werkmonitor

#endif  // WERKMONITOR_COMMON_ACCESS_H_
