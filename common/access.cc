#include "common/access.h"

#include <cerrno>
#include <cstring>
#include <set>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/files.h"
#include "common/sha256.h"
#include <sys/random.h>

namespace werkmonitor {
namespace {

constexpr absl::string_view kHashPrefix = "sha256:";
constexpr absl::string_view kBearerPrefix = "Bearer ";
constexpr absl::string_view kAnonymous = "anonymous";
constexpr absl::string_view kDepartmentsPrefix = "departments=";
constexpr size_t kMaxDepartmentCode = 16;

// Names are recorded in the history and printed in reports: keep them short and plain.
bool IsValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' && c != '@') {
      return false;
    }
  }
  return name != kAnonymous && name != kDevelopmentPrincipal;
}

bool IsLowerHex(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

// Compares without an early exit, so the time taken does not tell how much of a guess was right.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

// Departments belong to editors: an admin changes every measure and a reader none, so a list on
// their line would only mislead whoever reads the file.
absl::Status CheckDepartmentsFitRole(Role role, absl::Span<const std::string> departments) {
  if (departments.empty() || role == Role::kEditor) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("departments are an editor's; ", role == Role::kAdmin
                                                                                      ? "an admin changes every measure"
                                                                                      : "a reader changes none"));
}

}  // namespace

bool IsDepartmentCode(absl::string_view code) {
  if (code.empty() || code.size() > kMaxDepartmentCode || !absl::ascii_isalpha(static_cast<unsigned char>(code[0]))) {
    return false;
  }
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<std::vector<std::string>> ParseDepartments(absl::string_view list) {
  if (list.empty()) return absl::InvalidArgumentError("departments: name at least one department code, e.g. BZK");
  std::vector<std::string> codes;
  for (absl::string_view code : absl::StrSplit(list, ',')) {
    if (!IsDepartmentCode(code)) {
      return absl::InvalidArgumentError(absl::StrCat("departments: \"", code,
                                                     "\" is not a department code (a letter, then letters and "
                                                     "digits, at most 16, e.g. BZK or JenV)"));
    }
    if (absl::c_linear_search(codes, code)) {
      return absl::InvalidArgumentError(absl::StrCat("departments: ", code, " appears twice"));
    }
    codes.emplace_back(code);
  }
  return codes;
}

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

absl::StatusOr<Role> ParseRole(absl::string_view name) {
  for (Role role : {Role::kReader, Role::kEditor, Role::kAdmin}) {
    if (name == RoleName(role)) return role;
  }
  return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not a role; use reader, editor or admin"));
}

absl::StatusOr<AccessPolicy> AccessPolicy::FromTokensFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return FromTokensText(*text, path);
}

absl::StatusOr<AccessPolicy> AccessPolicy::FromTokensText(absl::string_view text, absl::string_view file_name) {
  std::vector<Entry> entries;
  std::set<std::string> hashes, names;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    auto error = [&](absl::string_view reason) {
      return absl::InvalidArgumentError(absl::StrCat(file_name, ":", line_number, ": ", reason));
    };
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() != 3 && fields.size() != 4) {
      return error("expected \"sha256:<64 hex digits> <role> <name> [departments=CODE,CODE]\"");
    }
    absl::string_view hash = fields[0];
    if (!absl::ConsumePrefix(&hash, kHashPrefix) || hash.size() != 64 || !IsLowerHex(hash)) {
      return error("the first field must be sha256: and 64 lower-case hex digits (the token's hash, never the token)");
    }
    absl::StatusOr<Role> role = ParseRole(fields[1]);
    if (!role.ok()) return error(role.status().message());
    if (!IsValidName(fields[2])) {
      return error(absl::StrCat("\"", fields[2],
                                "\" is not a valid name (1-64 of A-Z a-z 0-9 . _ - @; not anonymous or development)"));
    }
    std::vector<std::string> departments;
    if (fields.size() == 4) {
      absl::string_view list = fields[3];
      if (!absl::ConsumePrefix(&list, kDepartmentsPrefix)) {
        return error(absl::StrCat("\"", fields[3], "\": after the name only departments=CODE,CODE may follow"));
      }
      absl::StatusOr<std::vector<std::string>> parsed = ParseDepartments(list);
      if (!parsed.ok()) return error(parsed.status().message());
      departments = *std::move(parsed);
    }
    if (absl::Status s = CheckDepartmentsFitRole(*role, departments); !s.ok()) return error(s.message());
    if (!hashes.emplace(hash).second) return error("the same token appears twice");
    if (!names.emplace(fields[2]).second) return error(absl::StrCat("the name \"", fields[2], "\" appears twice"));
    entries.push_back({std::string(hash), Principal{std::string(fields[2]), *role, std::move(departments)}});
  }
  return AccessPolicy(std::move(entries));
}

absl::StatusOr<MethodAccess> FindMethodAccess(absl::Span<const MethodAccess> table, absl::string_view method) {
  for (const MethodAccess& rule : table) {
    if (rule.method == method) return rule;
  }
  return absl::InternalError(absl::StrCat("the method ", method, " has no access rule, so nobody may call it"));
}

absl::StatusOr<Principal> AccessPolicy::Authorize(std::optional<absl::string_view> authorization,
                                                  const MethodAccess& rule) const {
  const Role needed = rule.role;
  if (development_mode()) return Principal{kDevelopmentPrincipal, Role::kAdmin};
  if (!authorization.has_value()) {
    // An anonymous caller is a reader: a rule asking more is never met without a token.
    if (anonymous_reads_ && rule.anonymous_reads && needed == Role::kReader) {
      return Principal{std::string(kAnonymous), Role::kReader};
    }
    return absl::UnauthenticatedError("no token: send the metadata \"authorization: Bearer <token>\"");
  }
  absl::string_view token = *authorization;
  if (!absl::ConsumePrefix(&token, kBearerPrefix) || token.empty()) {
    return absl::UnauthenticatedError("authorization: expected \"Bearer <token>\"");
  }
  // Every entry is compared, found or not, so the time taken does not depend on which one matches.
  const std::string hash = Sha256Hex(token);
  const Entry* match = nullptr;
  for (const Entry& entry : *tokens_) {
    if (ConstantTimeEquals(hash, entry.token_sha256)) match = &entry;
  }
  if (match == nullptr) return absl::UnauthenticatedError("authorization: unknown token");
  if (match->principal.role < needed) {
    return absl::PermissionDeniedError(absl::StrCat(match->principal.name, " has the role ",
                                                    RoleName(match->principal.role), "; this call needs ",
                                                    RoleName(needed)));
  }
  return match->principal;
}

absl::StatusOr<std::string> NewToken() {
  unsigned char random[32];
  size_t filled = 0;
  while (filled < sizeof random) {
    const ssize_t got = getrandom(random + filled, sizeof random - filled, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return absl::InternalError(absl::StrCat("getrandom: ", std::strerror(errno)));
    filled += static_cast<size_t>(got);
  }
  return absl::StrCat("wm_", absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<char*>(random), 32)));
}

absl::StatusOr<std::string> TokensFileLine(absl::string_view token, Role role, absl::string_view name,
                                           absl::Span<const std::string> departments) {
  if (!IsValidName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: \"", name, "\" is not valid (1-64 of A-Z a-z 0-9 . _ - @; not anonymous or development)"));
  }
  if (!departments.empty()) {
    // Checked as the file's reader will check it, so the line printed is one the server accepts.
    absl::StatusOr<std::vector<std::string>> parsed = ParseDepartments(absl::StrJoin(departments, ","));
    if (!parsed.ok()) return parsed.status();
    if (absl::Status s = CheckDepartmentsFitRole(role, departments); !s.ok()) return s;
  }
  std::string line = absl::StrCat(kHashPrefix, Sha256Hex(token), " ", RoleName(role), " ", name);
  if (!departments.empty()) absl::StrAppend(&line, " ", kDepartmentsPrefix, absl::StrJoin(departments, ","));
  return line;
}

}  // namespace werkmonitor
