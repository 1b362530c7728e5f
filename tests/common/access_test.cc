// Tokens, roles, the loopback rule and the process lock, without a server.
#include "common/access.h"

#include "common/files.h"
#include "common/transport_security.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_data.h"

namespace werkmonitor {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

// SHA-256("abc") from FIPS 180-2, appendix B.1.
constexpr char kAbcHash[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

AccessPolicy Policy(const std::string& text) {
  absl::StatusOr<AccessPolicy> policy = AccessPolicy::FromTokensText(text, "tokens");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : AccessPolicy::Development();
}

TEST(AccessTest, TheTokensFileHoldsTheTokensHashNeverTheToken) {
  EXPECT_EQ(*TokensFileLine("abc", Role::kEditor, "jan"), absl::StrCat("sha256:", kAbcHash, " editor jan"));
  EXPECT_EQ(TokensFileLine("abc", Role::kEditor, "jan de vries").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TokensFileLine("abc", Role::kEditor, "anonymous").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AccessTest, AnEditorsLineCarriesItsDepartments) {
  EXPECT_EQ(*TokensFileLine("abc", Role::kEditor, "jan", {"BZK", "VRO"}),
            absl::StrCat("sha256:", kAbcHash, " editor jan departments=BZK,VRO"));
  AccessPolicy policy = Policy(absl::StrCat(*TokensFileLine("abc", Role::kEditor, "jan", {"BZK", "JenV"}), "\n",
                                            *TokensFileLine("ad", Role::kAdmin, "anna"), "\n"));
  absl::StatusOr<Principal> jan = policy.Authorize("Bearer abc", Role::kEditor);
  ASSERT_TRUE(jan.ok()) << jan.status();
  EXPECT_THAT(jan->departments, ::testing::ElementsAre("BZK", "JenV"));
  EXPECT_TRUE(policy.Authorize("Bearer ad", Role::kAdmin)->departments.empty());

  auto error = [](absl::Status s) {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    return std::string(s.message());
  };
  EXPECT_THAT(error(TokensFileLine("abc", Role::kEditor, "jan", {"B-Z"}).status()),
              HasSubstr("departments: \"B-Z\" is not a department code"));
  EXPECT_THAT(error(TokensFileLine("abc", Role::kEditor, "jan", {"BZK", "BZK"}).status()),
              HasSubstr("departments: BZK appears twice"));
  EXPECT_THAT(error(TokensFileLine("abc", Role::kAdmin, "anna", {"BZK"}).status()),
              HasSubstr("departments are an editor's; an admin changes every measure"));
}

TEST(AccessTest, DepartmentCodesAreCheckedForTheirForm) {
  for (const char* code : {"SZW", "JenV", "OCW", "X1"}) EXPECT_TRUE(IsDepartmentCode(code)) << code;
  for (const char* code : {"", "1X", "B K", "BZK,", "ÉÉN", "ABCDEFGHIJKLMNOPQ"}) {
    EXPECT_FALSE(IsDepartmentCode(code)) << code;
  }
  EXPECT_THAT(*ParseDepartments("BZK,VRO"), ::testing::ElementsAre("BZK", "VRO"));
  EXPECT_EQ(ParseDepartments("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ParseDepartments("BZK,,VRO").status().message()), HasSubstr("\"\" is not a department"));
}

TEST(AccessTest, NewTokensAreLongRandomAndUrlSafe) {
  const std::string a = *NewToken(), b = *NewToken();
  EXPECT_THAT(a, MatchesRegex("wm_[A-Za-z0-9_-]{43}"));
  EXPECT_NE(a, b);
}

TEST(AccessTest, RolesAreOrderedAndTheCallerIsNamedByItsToken) {
  AccessPolicy policy = Policy(absl::StrCat("# comment\n\n", "sha256:", kAbcHash, " reader rita\n",
                                            *TokensFileLine("ed", Role::kEditor, "bert"), "\n",
                                            *TokensFileLine("ad", Role::kAdmin, "anna"), "\n"));
  EXPECT_FALSE(policy.development_mode());
  EXPECT_EQ(policy.token_count(), 3u);

  absl::StatusOr<Principal> rita = policy.Authorize("Bearer abc", Role::kReader);
  ASSERT_TRUE(rita.ok()) << rita.status();
  EXPECT_EQ(rita->name, "rita");
  absl::Status denied = policy.Authorize("Bearer abc", Role::kEditor).status();
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(), "rita has the role reader; this call needs editor");

  EXPECT_EQ(policy.Authorize("Bearer ed", Role::kEditor)->name, "bert");
  EXPECT_EQ(policy.Authorize("Bearer ed", Role::kAdmin).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(policy.Authorize("Bearer ad", Role::kAdmin)->name, "anna");
  EXPECT_EQ(policy.Authorize("Bearer ad", Role::kReader)->name, "anna");
}

TEST(AccessTest, MissingMalformedAndUnknownTokensAreUnauthenticated) {
  AccessPolicy policy = Policy(*TokensFileLine("abc", Role::kAdmin, "anna"));
  for (std::optional<absl::string_view> header :
       {std::optional<absl::string_view>(), std::optional<absl::string_view>("abc"),
        std::optional<absl::string_view>("Basic abc"), std::optional<absl::string_view>("Bearer "),
        std::optional<absl::string_view>("Bearer abd"), std::optional<absl::string_view>("Bearer abc ")}) {
    EXPECT_EQ(policy.Authorize(header, Role::kReader).status().code(), absl::StatusCode::kUnauthenticated)
        << header.value_or("(none)");
  }
  EXPECT_THAT(std::string(policy.Authorize(std::nullopt, Role::kReader).status().message()),
              HasSubstr("authorization: Bearer <token>"));
}

TEST(AccessTest, AnonymousCallersMayOnlyReadAndOnlyWhenAllowed) {
  AccessPolicy policy = Policy(*TokensFileLine("abc", Role::kAdmin, "anna"));
  policy.AllowAnonymousReads(true);
  EXPECT_EQ(policy.Authorize(std::nullopt, Role::kReader)->name, "anonymous");
  EXPECT_EQ(policy.Authorize(std::nullopt, Role::kEditor).status().code(), absl::StatusCode::kUnauthenticated);
  // A wrong token is still wrong, not anonymous.
  EXPECT_EQ(policy.Authorize("Bearer wrong", Role::kReader).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(AccessTest, AMethodsRuleDecidesWhetherAnonymousCallersMayCallIt) {
  AccessPolicy policy = Policy(*TokensFileLine("abc", Role::kAdmin, "anna"));
  policy.AllowAnonymousReads(true);
  EXPECT_EQ(policy.Authorize(std::nullopt, MethodAccess{"Read", Role::kReader, /*anonymous_reads=*/true})->name,
            "anonymous");
  // A reader method that opts out, and a method needing more than a reader even if it says yes.
  EXPECT_EQ(policy.Authorize(std::nullopt, MethodAccess{"Secret", Role::kReader}).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(
      policy.Authorize(std::nullopt, MethodAccess{"Write", Role::kEditor, /*anonymous_reads=*/true}).status().code(),
      absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(policy.Authorize("Bearer abc", MethodAccess{"Write", Role::kEditor})->name, "anna");
}

TEST(AccessTest, AMethodWithoutARuleIsRefused) {
  constexpr MethodAccess kTable[] = {{"GetMeasure", Role::kReader, /*anonymous_reads=*/true},
                                     {"SetMeasureStatus", Role::kEditor}};
  EXPECT_EQ(FindMethodAccess(kTable, "SetMeasureStatus")->role, Role::kEditor);
  absl::Status missing = FindMethodAccess(kTable, "DeleteEverything").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(missing.message()), HasSubstr("DeleteEverything has no access rule"));
}

TEST(AccessTest, DevelopmentModeMakesEveryCallerAnAdmin) {
  AccessPolicy policy = AccessPolicy::Development();
  EXPECT_TRUE(policy.development_mode());
  absl::StatusOr<Principal> caller = policy.Authorize(std::nullopt, Role::kAdmin);
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->name, "development");
}

TEST(AccessTest, TokensFileErrorsNameTheLine) {
  const std::string good = *TokensFileLine("abc", Role::kAdmin, "anna");
  const std::string hash = absl::StrCat("sha256:", kAbcHash);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"just-a-token\n", "tokens:1: expected"},
      {absl::StrCat("# c\n", kAbcHash, " admin anna\n"), "tokens:2: the first field must be sha256:"},
      {"sha256:ABC admin anna\n", "tokens:1: the first field"},
      {absl::StrCat(hash, " boss anna\n"), "tokens:1: \"boss\" is not a role"},
      {absl::StrCat(hash, " admin an/na\n"), "tokens:1: \"an/na\" is not a valid name"},
      {absl::StrCat(good, "\n", hash, " reader rita\n"), "tokens:2: the same token appears twice"},
      {absl::StrCat(good, "\n", *TokensFileLine("x", Role::kReader, "anna"), "\n"), "tokens:2: the name \"anna\""},
      {absl::StrCat(hash, " editor jan BZK\n"), "tokens:1: \"BZK\": after the name only departments=CODE,CODE"},
      {absl::StrCat(hash, " editor jan departments=\n"), "tokens:1: departments: name at least one"},
      {absl::StrCat(hash, " editor jan departments=BZK,B/K\n"), "tokens:1: departments: \"B/K\" is not a department"},
      {absl::StrCat(hash, " editor jan departments=BZK,BZK\n"), "tokens:1: departments: BZK appears twice"},
      {absl::StrCat(hash, " reader rita departments=BZK\n"), "tokens:1: departments are an editor's; a reader"},
      {absl::StrCat(hash, " editor jan departments=BZK extra\n"), "tokens:1: expected"},
  };
  for (const auto& [text, expected] : cases) {
    absl::Status status = AccessPolicy::FromTokensText(text, "tokens").status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(std::string(status.message()), HasSubstr(expected)) << text;
  }
  EXPECT_EQ(AccessPolicy::FromTokensFile("/nonexistent/tokens").status().code(), absl::StatusCode::kNotFound);
}

TEST(TransportSecurityTest, OnlyLoopbackAddressesAreLoopback) {
  for (const char* address : {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "[::1]:50051", "unix:/tmp/s",
                              "ipv4:127.0.0.1:5", "dns:///localhost:5"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address : {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "monitor.example.nl:443",
                              "localhost.example.nl:1", "128.0.0.1:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

TEST(TransportSecurityTest, PlaintextOffLoopbackNeedsInsecure) {
  absl::Status refused = MakeServerCredentials({}, "0.0.0.0:50051").status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("refusing to serve on 0.0.0.0:50051 in plaintext"));
  EXPECT_TRUE(MakeServerCredentials({.insecure = true}, "0.0.0.0:50051").ok());
  EXPECT_TRUE(MakeServerCredentials({}, "127.0.0.1:0").ok());
  EXPECT_EQ(MakeChannelCredentials({}, "monitor.example.nl:50051").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(MakeChannelCredentials({.insecure = true}, "monitor.example.nl:50051").ok());
}

TEST(TransportSecurityTest, UnusableCertificateSettingsAreClearErrors) {
  testing::TempDir dir;
  ASSERT_TRUE(WriteFileAtomically(dir.File("not.pem"), "hello").ok());
  auto message = [](const absl::Status& s) { return std::string(s.message()); };
  EXPECT_THAT(message(MakeServerCredentials({.cert_file = "c.pem"}, "127.0.0.1:1").status()),
              HasSubstr("--tls_cert and --tls_key go together"));
  EXPECT_THAT(
      message(MakeServerCredentials({.cert_file = dir.File("not.pem"), .key_file = dir.File("not.pem")}, "127.0.0.1:1")
                  .status()),
      HasSubstr("is not a PEM file"));
  EXPECT_THAT(
      message(MakeServerCredentials({.cert_file = "/nonexistent.pem", .key_file = "/nonexistent.pem"}, "127.0.0.1:1")
                  .status()),
      HasSubstr("--tls_cert: /nonexistent.pem"));
  EXPECT_THAT(message(MakeServerCredentials({.verify_clients = true}, "127.0.0.1:1").status()),
              HasSubstr("--tls_verify_clients needs"));
  EXPECT_THAT(message(MakeChannelCredentials({.ca_file = "/nonexistent.pem"}, "127.0.0.1:1").status()),
              HasSubstr("--tls_ca: /nonexistent.pem"));
}

TEST(ProcessLockTest, ASecondHolderIsRefusedUntilTheFirstLetsGo) {
  testing::TempDir dir;
  const std::string path = dir.File("db.lock");
  {
    absl::StatusOr<ProcessLock> first = ProcessLock::Acquire(path);
    ASSERT_TRUE(first.ok()) << first.status();
    // flock belongs to the open file, so a second open in this process conflicts as another
    // process would.
    absl::Status second = ProcessLock::Acquire(path).status();
    EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(second.message()), HasSubstr(absl::StrCat("is held by process ", getpid())));
  }
  EXPECT_TRUE(ProcessLock::Acquire(path).ok());
}

}  // namespace
}  // namespace werkmonitor
