// The HTTP layer over real sockets: routes, what a Request carries, the headers every response
// gets, no ranges, the bounds on a request, and the connection limits and timeout.
#include "http/server.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/html.h"
#include "tests/support/raw_http.h"
#include "tests/support/wait.h"

namespace werkmonitor::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RawConnection;
using testing::RawGet;
using testing::RawResponse;

constexpr absl::Duration kPatience = absl::Seconds(10);  // a bound for a broken server only

// A server with a page that shows what it was asked, started on a free port.
class ServerTest : public ::testing::Test {
 protected:
  void StartWith(Server::Options options) {
    server_ = std::make_unique<Server>(std::move(options));
    server_->Get("/echo", [](const Request& request) {
      std::vector<std::string> lines = {absl::StrCat("method ", request.method), absl::StrCat("path ", request.path),
                                        absl::StrCat("peer ", request.peer),
                                        absl::StrCat("agent ", request.Header("user-agent")),
                                        absl::StrCat("first a ", request.QueryValue("a"))};
      for (const auto& [name, value] : request.query) lines.push_back(absl::StrCat("query ", name, "=", value));
      return Response::Content(200, "text/plain; charset=utf-8", absl::StrJoin(lines, "\n"));
    });
    server_->Post("/form", [](const Request& request) {
      return Response::Content(200, "text/plain; charset=utf-8", absl::StrCat("got ", request.body));
    });
    absl::StatusOr<std::string> address = server_->Start("127.0.0.1:0");
    ASSERT_TRUE(address.ok()) << address.status();
    address_ = *address;
  }
  void SetUp() override { StartWith(Server::Options()); }

  absl::StatusOr<RawResponse> Get(const std::string& target, const std::string& headers = "") {
    return RawGet(address_, target, "127.0.0.1", kPatience, headers);
  }

  // Sends `request` whole on a new connection and reads the answer to the end.
  absl::StatusOr<std::string> Exchange(const std::string& request) {
    absl::StatusOr<RawConnection> connection = RawConnection::Open(address_);
    if (!connection.ok()) return connection.status();
    if (absl::Status sent = connection->Send(request); !sent.ok()) return sent;
    return connection->ReadToEnd(kPatience);
  }

  std::unique_ptr<Server> server_;
  std::string address_;
};

TEST_F(ServerTest, ARequestArrivesDecodedWithItsPeer) {
  absl::StatusOr<RawResponse> r =
      Get("/echo?b=2&a=x+y&a=%C5%BC%FF&flag&empty=&a=3", "User-Agent: werkmonitor-test\r\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, absl::StrJoin({"method GET", "path /echo", "peer 127.0.0.1", "agent werkmonitor-test",
                                    "first a x y", "query b=2", "query a=x y", "query a=\xC5\xBC\xFF",
                                    "query flag=", "query empty=", "query a=3"},
                                   "\n"));
  absl::StatusOr<RawResponse> other = RawGet(address_, "/echo", "127.0.0.2", kPatience);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_THAT(other->body, HasSubstr("peer 127.0.0.2"));
}

TEST_F(ServerTest, UnknownPathsAndMethodsGoToTheFallback) {
  absl::StatusOr<RawResponse> missing = Get("/nothing");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "not found\n");

  absl::StatusOr<std::string> post = Exchange(
      "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Content-Length: 0\r\n\r\n");
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_THAT(*post, HasSubstr("HTTP/1.1 405"));
  EXPECT_THAT(*post, HasSubstr("Allow: GET, HEAD"));

  absl::StatusOr<std::string> head = Exchange("HEAD /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_THAT(*head, HasSubstr("HTTP/1.1 200"));
  EXPECT_TRUE(absl::EndsWith(*head, "\r\n\r\n")) << *head;  // the head only

  // A page of the application's own.
  server_->Stop();
  Server::Options options;
  server_ = std::make_unique<Server>(options);
  server_->SetFallback([](const Request& request, int status) {
    return Response::Html(status, absl::StrCat("<p>", status, " for ", HtmlEscape(request.path), "</p>"));
  });
  absl::StatusOr<std::string> address = server_->Start("127.0.0.1:0");
  ASSERT_TRUE(address.ok());
  address_ = *address;
  absl::StatusOr<RawResponse> own = Get("/%3Cb%3E");
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(own->status, 404);
  EXPECT_EQ(own->body, "<p>404 for /&lt;b&gt;</p>");
}

TEST_F(ServerTest, EveryResponseCarriesTheSecurityHeaders) {
  for (const char* target : {"/echo", "/nothing"}) {
    absl::StatusOr<RawResponse> r = Get(target);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_THAT(r->head, HasSubstr("X-Content-Type-Options: nosniff")) << target;
    EXPECT_THAT(r->head, HasSubstr("Referrer-Policy: no-referrer")) << target;
    EXPECT_THAT(r->head, HasSubstr("X-Frame-Options: DENY")) << target;
    EXPECT_THAT(r->head, HasSubstr("Content-Security-Policy: default-src 'self';")) << target;
    EXPECT_THAT(r->head, HasSubstr("frame-ancestors 'none'")) << target;
    EXPECT_THAT(r->head, HasSubstr("Accept-Ranges: none")) << target;
  }
}

TEST_F(ServerTest, ManyRangesGetOneOrdinaryResponse) {
  absl::StatusOr<RawResponse> whole = Get("/echo");
  ASSERT_TRUE(whole.ok()) << whole.status();
  std::string ranges = "Range: bytes=0-";
  for (int i = 1; i < 2700; ++i) ranges += ",0-";
  absl::StatusOr<RawResponse> r = Get("/echo", ranges + "\r\n");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, whole->body);
  EXPECT_THAT(r->head, Not(HasSubstr("multipart")));
}

TEST_F(ServerTest, ABodyIsReadUpToItsLimit) {
  absl::StatusOr<std::string> small =
      Exchange("POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhallo");
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_THAT(*small, HasSubstr("HTTP/1.1 200"));
  EXPECT_TRUE(absl::EndsWith(*small, "got hallo")) << *small;

  // Announced too large: refused before it is sent.
  absl::StatusOr<std::string> announced = Exchange(absl::StrCat(
      "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: ", Server::Options().max_body_bytes + 1, "\r\n\r\n"));
  ASSERT_TRUE(announced.ok()) << announced.status();
  EXPECT_THAT(*announced, HasSubstr("HTTP/1.1 413"));

  // Chunked, so not announced: read, found too large, refused, and nothing kept.
  const std::string chunk(32 * 1024, 'x');
  std::string chunked = "POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) absl::StrAppend(&chunked, "8000\r\n", chunk, "\r\n");
  absl::StrAppend(&chunked, "0\r\n\r\n");
  absl::StatusOr<std::string> streamed = Exchange(chunked);
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  EXPECT_THAT(*streamed, HasSubstr("HTTP/1.1 413"));
}

TEST_F(ServerTest, AHugeHeadIsRefused) {
  absl::StatusOr<RawResponse> r = Get("/echo", absl::StrCat("X-Big: ", std::string(64 * 1024, 'x'), "\r\n"));
  // Refused with a status (431 or 413), or the connection closed: never served, never kept.
  if (r.ok()) {
    EXPECT_GE(r->status, 400);
  }
  absl::StatusOr<RawResponse> after = Get("/echo");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, OneAddressCannotTakeEveryConnection) {
  server_->Stop();
  Server::Options options;
  options.max_connections_per_address = 3;
  StartWith(options);
  std::vector<RawConnection> held;
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<RawConnection> connection = RawConnection::Open(address_, "127.0.0.2");
    ASSERT_TRUE(connection.ok()) << connection.status();
    ASSERT_TRUE(connection->Send("GET /echo HTTP/1.1\r\n").ok());
    held.push_back(std::move(*connection));
  }
  // The fourth from that address is closed unanswered; another address is served.
  absl::StatusOr<RawResponse> fourth = RawGet(address_, "/echo", "127.0.0.2", kPatience);
  EXPECT_FALSE(fourth.ok()) << fourth->head;
  absl::StatusOr<RawResponse> other = RawGet(address_, "/echo", "127.0.0.3", kPatience);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ(other->status, 200);
  // Once they go, that address is served again.
  held.clear();
  EXPECT_TRUE(testing::WaitUntil([&] { return RawGet(address_, "/echo", "127.0.0.2", kPatience).ok(); }));
}

TEST_F(ServerTest, ASilentConnectionIsClosedAfterTheIdleTimeout) {
  server_->Stop();
  Server::Options options;
  options.idle_timeout = absl::Seconds(1);
  StartWith(options);
  absl::StatusOr<RawConnection> silent = RawConnection::Open(address_);
  ASSERT_TRUE(silent.ok()) << silent.status();
  ASSERT_TRUE(silent->Send("GET /echo HTTP/1.1\r\nHost: x\r\n").ok());
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> rest = silent->ReadToEnd(kPatience);
  ASSERT_TRUE(rest.ok()) << rest.status();  // closed by the server, not by our deadline
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

TEST(ServerStartTest, SaysWhyItCannotServe) {
  Server server;
  EXPECT_EQ(server.Start("localhost").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server.Start("127.0.0.1:99999").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server.Start("no-such-host.invalid:80").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<std::string> bound = server.Start("127.0.0.1:0");
  ASSERT_TRUE(bound.ok()) << bound.status();
  EXPECT_TRUE(absl::StartsWith(*bound, "127.0.0.1:")) << *bound;
  EXPECT_NE(*bound, "127.0.0.1:0");
  Server second;
  EXPECT_EQ(second.Start(*bound).status().code(), absl::StatusCode::kUnavailable);  // taken
  server.Stop();
  server.Stop();  // idempotent
}

TEST(ServerStartTest, ServesIpv6Loopback) {
  Server server;
  server.Get("/", [](const Request& request) { return Response::Content(200, "text/plain", request.peer); });
  absl::StatusOr<std::string> bound = server.Start("[::1]:0");
  if (!bound.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << bound.status();
  EXPECT_TRUE(absl::StartsWith(*bound, "[::1]:")) << *bound;
}

TEST(HtmlEscapeTest, EscapesWhatEndsTextOrAnAttribute) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("Български — ż"), "Български — ż");
}

}  // namespace
}  // namespace werkmonitor::http
