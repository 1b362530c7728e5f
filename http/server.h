// A small HTTP server for werkmonitor's web pages (the print station now, the staff web application
// later), on libmicrohttpd: handlers are functions from a Request to a Response, so a page handler
// stays "parse → call → render", and what every page needs is done here once: connection limits
// and timeouts, a bound on what a request may take, security headers, no ranges.
//
//   http::Server server;  // default Options
//   server.Get("/", [](const http::Request& request) {
//     return http::Response::Html(200, "<!DOCTYPE html><p>Hallo " + http::HtmlEscape(request.QueryValue("naam")));
//   });
//   absl::StatusOr<std::string> bound = server.Start("127.0.0.1:0");  // "127.0.0.1:41234"
//
// Threads: libmicrohttpd waits for sockets with epoll on `Options::threads` threads, which also
// run the handlers. An idle, slow or silent connection costs a socket and a little memory, never a
// thread, so a few hundred of them stop no one; a handler that blocks holds up only the
// connections on its own thread (so handlers should be quick, or at worst seconds).
//
// Responses are whole: no Range support at all (`Accept-Ranges: none`), so a request for thousands
// of ranges gets one ordinary response.
#ifndef WERKMONITOR_HTTP_SERVER_H_
#define WERKMONITOR_HTTP_SERVER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct MHD_Daemon;

namespace werkmonitor::http {

// Name-value pairs in the order sent; a name may come more than once.
using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET"
  std::string path;    // "/document", decoded
  Fields query;        // decoded ("+" is a space); a field without "=" has the value ""
  Fields headers;      // names as sent
  std::string peer;    // the client's address: "127.0.0.1", "::1"
  std::string body;    // at most Options::max_body_bytes

  // The first header called `name` (in any case), or "" when there is none.
  [[nodiscard]] std::string Header(absl::string_view name) const;
  // The first value of query field `name`, or "" when there is none.
  [[nodiscard]] std::string QueryValue(absl::string_view name) const;
};

struct Response {
  int status = 200;
  Fields headers;  // besides Content-Length and the security headers, which the server adds
  // Shared, so that a cached document goes out without a copy.
  std::shared_ptr<const std::string> body;

  // A response with `body` of type `content_type` ("text/html; charset=utf-8").
  static Response Content(int status, absl::string_view content_type, std::string body);
  static Response Html(int status, std::string html) {
    return Content(status, "text/html; charset=utf-8", std::move(html));
  }
  // Sets header `name`, replacing one set before.
  void SetHeader(absl::string_view name, std::string value);
};

using Handler = std::function<Response(const Request&)>;
// For requests no route takes: `status` is 404 (no such path) or 405 (the path exists, but not
// for this method; the server adds the Allow header).
using FallbackHandler = std::function<Response(const Request&, int status)>;

class Server {
 public:
  struct Options {
    // Threads that wait for sockets and run the handlers.
    int threads = 4;
    // The limits. 200 half-open connections from one address must not lock out that address, nor
    // anyone else: so one address may hold up to 256 connections, and all together 768 (three
    // addresses' worth), which leaves a quarter of Debian's default 1,024 file descriptors to the
    // rest of the process. Beyond a limit a new connection is closed at once; those held are cheap.
    int max_connections = 768;
    int max_connections_per_address = 256;
    // A connection that sends or reads nothing for this long is closed: a silent half request, or
    // a browser's idle keep-alive connection. A client on the same network sends a request in far
    // less; a trickling one keeps its slot at most until its request is too large (below).
    absl::Duration idle_timeout = absl::Seconds(10);
    // Memory per connection, for the request line and headers (a larger head gets 431) and the
    // output buffer: libmicrohttpd's default.
    size_t memory_per_connection = 32 * 1024;
    // A larger request body gets 413 (forms are small; pages that take no body can keep this).
    size_t max_body_bytes = 64 * 1024;
    // Sent with every response, with the other security headers (nosniff, no referrer, no framing).
    std::string content_security_policy =
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    // Names this server in log lines ("print station").
    std::string name = "http";
  };

  explicit Server(Options options);
  Server() : Server(Options()) {}
  ~Server();  // stops serving
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Routes, exact paths, set before Start(). GET routes answer HEAD too.
  void Get(std::string path, Handler handler) { Route("GET", std::move(path), std::move(handler)); }
  void Post(std::string path, Handler handler) { Route("POST", std::move(path), std::move(handler)); }
  void Route(std::string method, std::string path, Handler handler);
  // Every other request; a plain-text page by default.
  void SetFallback(FallbackHandler fallback) { fallback_ = std::move(fallback); }

  // Serves on `address` ("127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one): the address
  // bound, or INVALID_ARGUMENT (not HOST:PORT) / UNAVAILABLE (cannot listen there) saying why not.
  [[nodiscard]] absl::StatusOr<std::string> Start(const std::string& address);
  // Stops accepting, lets running handlers finish and closes every connection. Idempotent.
  void Stop();

  // For libmicrohttpd's callbacks only.
  struct Internal;

 private:
  Response Dispatch(const Request& request) const;

  const Options options_;
  std::map<std::string, std::map<std::string, Handler>> routes_;  // path → method → handler
  FallbackHandler fallback_;
  std::unique_ptr<MHD_Daemon, void (*)(MHD_Daemon*)> daemon_;
};

}  // namespace werkmonitor::http

#endif  // WERKMONITOR_HTTP_SERVER_H_
