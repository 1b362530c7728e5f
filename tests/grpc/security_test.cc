// Access control and TLS end to end: who may call what, as whom, over which connection.
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "monitor_service/grpc/monitor_grpc_service.h"
#include "tests/grpc/monitor_service_fixture.h"
#include "tests/support/process.h"
#include <grpcpp/create_channel.h>

namespace werkmonitor {
namespace {

using testing::TestMonitorServer;

monitor::v1::SetMeasureStatusRequest StatusRequest(const std::string& id, monitor::v1::Status status) {
  monitor::v1::SetMeasureStatusRequest request;
  request.set_id(id);
  request.set_status(status);
  request.set_note("correctie");
  return request;
}

// The service's descriptor, not a list kept by hand: a new RPC in the .proto fails here until the
// access table says who may call it.
TEST(AccessTableTest, EveryMethodOfTheServiceHasExactlyOneRule) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          monitor::v1::MonitorService::service_full_name());
  ASSERT_NE(service, nullptr);
  std::set<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string& method = service->method(i)->name();
    methods.insert(method);
    absl::StatusOr<MethodAccess> rule = FindMethodAccess(kMonitorServiceAccess, method);
    EXPECT_TRUE(rule.ok()) << method << ": " << rule.status();
  }
  std::set<std::string> rows;
  for (const MethodAccess& rule : kMonitorServiceAccess) {
    EXPECT_TRUE(rows.emplace(rule.method).second) << rule.method << " has two rules";
    EXPECT_TRUE(methods.count(std::string(rule.method))) << rule.method << " is not a method of the service";
    // Anonymous callers may only read.
    EXPECT_TRUE(!rule.anonymous_reads || rule.role == Role::kReader) << rule.method;
  }
}

TEST_F(MonitorServiceTest, EachCallNeedsItsRoleAndDeniedCallsChangeNothing) {
  const int64_t revision = Revision();
  auto nobody = service_.Client("");
  auto stranger = service_.Client("wm_not-a-known-token");
  auto rita = service_.Client(TestMonitorServer::kReaderToken);
  auto bert = service_.Client(TestMonitorServer::kEditorToken);
  monitor::v1::GetMeasureRequest get;
  get.set_id("werk-1");
  monitor::v1::CreateSnapshotRequest snapshot;
  snapshot.set_label("Voortgangsrapportage test");

  ExpectError(nobody->Call(&Stub::GetMeasure, get).status(), absl::StatusCode::kUnauthenticated, "no token");
  ExpectError(stranger->Call(&Stub::GetMeasure, get).status(), absl::StatusCode::kUnauthenticated, "unknown token");
  // (Stops at the first event, so that a stream let through ends the test rather than hanging it.)
  ExpectError(nobody->WatchChanges(0, [](const auto&) { return false; }), absl::StatusCode::kUnauthenticated,
              "no token");
  EXPECT_TRUE(rita->Call(&Stub::GetMeasure, get).ok());
  ExpectError(rita->Call(&Stub::SetMeasureStatus, StatusRequest("werk-1", monitor::v1::AFGEROND)).status(),
              absl::StatusCode::kPermissionDenied, "rita has the role reader; this call needs admin");
  // A direct status change is a correction, the coordinator's: an editor reports through a round.
  ExpectError(bert->Call(&Stub::SetMeasureStatus, StatusRequest("werk-1", monitor::v1::AFGEROND)).status(),
              absl::StatusCode::kPermissionDenied, "bert has the role editor; this call needs admin");
  ExpectError(bert->Call(&Stub::CreateSnapshot, snapshot).status(), absl::StatusCode::kPermissionDenied,
              "bert has the role editor; this call needs admin");
  // Access is checked before the request is read: a malformed request from a reader is still denied.
  ExpectError(rita->Call(&Stub::SetMeasureStatus, StatusRequest("", monitor::v1::STATUS_UNSPECIFIED)).status(),
              absl::StatusCode::kPermissionDenied, "this call needs admin");
  EXPECT_EQ(Revision(), revision);
  EXPECT_EQ(client_->ListAllStatusChanges("")->size(), 0u);

  EXPECT_TRUE(client_->Call(&Stub::SetMeasureStatus, StatusRequest("werk-1", monitor::v1::AFGEROND)).ok());
  EXPECT_TRUE(client_->Call(&Stub::CreateSnapshot, snapshot).ok());
  EXPECT_EQ(Revision(), revision + 2);
}

TEST_F(MonitorServiceTest, TheHistoryNamesTheTokensHolderWhateverTheClientClaims) {
  // An old client's self-declared name must not end up in the record.
  auto channel = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
  auto stub = monitor::v1::MonitorService::NewStub(channel);
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", TestMonitorServer::kAdminToken));
  context.AddMetadata("x-werkmonitor-user", "minister");
  monitor::v1::Measure changed;
  ASSERT_TRUE(stub->SetMeasureStatus(&context, StatusRequest("werk-1", monitor::v1::VERTRAAGD), &changed).ok());
  EXPECT_EQ(changed.updated_by(), "anna");
  auto history = client_->ListAllStatusChanges("werk-1");
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].changed_by(), "anna");
}

TEST(AnonymousReadsTest, AllowOnlyReading) {
  TestMonitorServer service(TestMonitorServer::Security(/*anonymous_reads=*/true));
  auto nobody = service.Client("");
  monitor::v1::GetMeasureRequest get;
  get.set_id("werk-1");
  EXPECT_TRUE(nobody->Call(&Stub::GetMeasure, get).ok());
  ExpectError(nobody->Call(&Stub::SetMeasureStatus, StatusRequest("werk-1", monitor::v1::AFGEROND)).status(),
              absl::StatusCode::kUnauthenticated, "no token");
}

// TLS with certificates made for this test run by tests/support/make_test_certs.sh.
class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = new testing::TempDir();
    testing::CommandResult made = testing::RunCommand(
        {std::string(WERKMONITOR_SOURCE_DIR) + "/tests/support/make_test_certs.sh", certs_->path().string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  static void TearDownTestSuite() { delete certs_; }
  static std::string Cert(const std::string& name) { return certs_->File(name); }

  static ServerSecurity TlsSecurity(const std::string& server_cert, bool verify_clients) {
    ServerSecurity security = TestMonitorServer::Security();
    security.transport = {.cert_file = Cert(server_cert + ".pem"),
                          .key_file = Cert(server_cert + ".key"),
                          .ca_file = Cert("ca.pem"),
                          .verify_clients = verify_clients};
    return security;
  }
  static absl::Status Read(const TestMonitorServer& service, const ClientTransport& transport) {
    monitor::v1::GetMeasureRequest get;
    get.set_id("werk-1");
    return service.Client(TestMonitorServer::kReaderToken, transport, absl::Seconds(5))
        ->Call(&Stub::GetMeasure, get)
        .status();
  }

  static testing::TempDir* certs_;
};
testing::TempDir* TlsTest::certs_ = nullptr;

TEST_F(TlsTest, AClientThatTrustsTheCaConnectsAndOthersCannot) {
  TestMonitorServer service(TlsSecurity("server", /*verify_clients=*/false));
  EXPECT_TRUE(Read(service, {.ca_file = Cert("ca.pem")}).ok());
  // Plaintext to a TLS port, and TLS with the wrong CA, both fail to connect.
  EXPECT_EQ(Read(service, {}).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Read(service, {.ca_file = Cert("other-ca.pem")}).code(), absl::StatusCode::kUnavailable);
}

TEST_F(TlsTest, AClientDoesNotTrustAServerCertificateFromAnotherCa) {
  TestMonitorServer service(TlsSecurity("other-server", /*verify_clients=*/false));
  EXPECT_EQ(Read(service, {.ca_file = Cert("ca.pem")}).code(), absl::StatusCode::kUnavailable);
}

TEST_F(TlsTest, AServerThatVerifiesClientsDemandsACertificateFromItsCa) {
  TestMonitorServer service(TlsSecurity("server", /*verify_clients=*/true));
  EXPECT_EQ(Read(service, {.ca_file = Cert("ca.pem")}).code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(
      Read(service,
           {.ca_file = Cert("ca.pem"), .cert_file = Cert("other-server.pem"), .key_file = Cert("other-server.key")})
          .code(),
      absl::StatusCode::kUnavailable);
  EXPECT_TRUE(
      Read(service, {.ca_file = Cert("ca.pem"), .cert_file = Cert("client.pem"), .key_file = Cert("client.key")}).ok());
}

}  // namespace
}  // namespace werkmonitor
