#include "http/server.h"

#include <microhttpd.h>
#include <netdb.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace werkmonitor::http {

std::string Request::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::string Request::QueryValue(absl::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return "";
}

Response Response::Content(int status, absl::string_view content_type, std::string body) {
  Response response;
  response.status = status;
  response.SetHeader("Content-Type", std::string(content_type));
  response.body = std::make_shared<const std::string>(std::move(body));
  return response;
}

void Response::SetHeader(absl::string_view name, std::string value) {
  for (auto& [key, old] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) {
      old = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

// libmicrohttpd's callbacks, and what they keep per request. Each request is handed to the access
// handler several times: once its head is in (`*state` is null), once per piece of body, and once
// complete (`*upload_data_size` is 0); the state lives until the request-completed callback.
struct Server::Internal {
  struct RequestState {
    std::string body;
    bool too_large = false;
  };

  static MHD_Result OnRequest(void* cls, MHD_Connection* connection, const char* url, const char* method,
                              const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                              void** state_slot) {
    const Server& server = *static_cast<const Server*>(cls);
    auto* state = static_cast<RequestState*>(*state_slot);
    if (state == nullptr) {  // the head is in
      *state_slot = new RequestState();
      // A body announced too large is refused before it is read.
      const char* length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
      uint64_t announced = 0;
      if (length != nullptr && absl::SimpleAtoi(length, &announced) && announced > server.options_.max_body_bytes) {
        return Send(server, connection, TooLarge());
      }
      return MHD_YES;
    }
    if (*upload_data_size > 0) {  // a piece of the body (chunked, or within Content-Length)
      if (!state->too_large && state->body.size() + *upload_data_size <= server.options_.max_body_bytes) {
        state->body.append(upload_data, *upload_data_size);
      } else {
        state->too_large = true;
        state->body.clear();
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    if (state->too_large) return Send(server, connection, TooLarge());
    Request request;
    request.method = method;
    request.path = url;
    request.body = std::move(state->body);
    MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, &Collect, &request.query);
    MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &Collect, &request.headers);
    request.peer = PeerOf(connection);
    return Send(server, connection, server.Dispatch(request));
  }

  static void OnCompleted(void* /*cls*/, MHD_Connection* /*connection*/, void** state_slot,
                          MHD_RequestTerminationCode /*why*/) {
    delete static_cast<RequestState*>(*state_slot);
    *state_slot = nullptr;
  }

  static void OnLog(void* cls, const char* format, va_list arguments) {
    char line[512];
    vsnprintf(line, sizeof line, format, arguments);
    WM_LOG(WARNING) << *static_cast<const std::string*>(cls) << ": " << absl::StripTrailingAsciiWhitespace(line);
  }

  static MHD_Result Collect(void* cls, MHD_ValueKind /*kind*/, const char* key, size_t key_size, const char* value,
                            size_t value_size) {
    static_cast<Fields*>(cls)->emplace_back(std::string(key, key_size),
                                            value == nullptr ? std::string() : std::string(value, value_size));
    return MHD_YES;
  }

  static std::string PeerOf(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == nullptr || info->client_addr == nullptr) return "";
    char text[INET6_ADDRSTRLEN] = "";
    const sockaddr* address = info->client_addr;
    if (address->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
    }
    return text;
  }

  static Response TooLarge() {
    Response response = Response::Content(413, "text/plain; charset=utf-8", "request body too large\n");
    response.SetHeader("Connection", "close");
    return response;
  }

  // Queues `response` with the security headers. The body is not copied: MHD holds a reference to
  // it until the response is freed.
  static MHD_Result Send(const Server& server, MHD_Connection* connection, const Response& response) {
    MHD_Response* out = nullptr;
    if (response.body != nullptr && !response.body->empty()) {
      auto* owner = new std::shared_ptr<const std::string>(response.body);
      out = MHD_create_response_from_buffer_with_free_callback_cls(
          response.body->size(), const_cast<char*>(response.body->data()),
          [](void* cls) { delete static_cast<std::shared_ptr<const std::string>*>(cls); }, owner);
      if (out == nullptr) delete owner;
    } else {
      out = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
    }
    if (out == nullptr) return MHD_NO;  // out of memory: MHD closes the connection
    // One place for what every page sends: no type sniffing, no referrer, no framing, the content
    // policy, and no ranges.
    MHD_add_response_header(out, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(out, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(out, "X-Frame-Options", "DENY");
    MHD_add_response_header(out, "Content-Security-Policy", server.options_.content_security_policy.c_str());
    MHD_add_response_header(out, "Accept-Ranges", "none");
    for (const auto& [name, value] : response.headers) MHD_add_response_header(out, name.c_str(), value.c_str());
    const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned int>(response.status), out);
    MHD_destroy_response(out);
    return queued;
  }
};

Server::Server(Options options) : options_(std::move(options)), daemon_(nullptr, &MHD_stop_daemon) {
  fallback_ = [](const Request&, int status) {
    return Response::Content(status, "text/plain; charset=utf-8", status == 404 ? "not found\n" : "not allowed\n");
  };
}

Server::~Server() { Stop(); }

void Server::Route(std::string method, std::string path, Handler handler) {
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

Response Server::Dispatch(const Request& request) const {
  auto route = routes_.find(request.path);
  if (route == routes_.end()) return fallback_(request, 404);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;  // MHD sends no body for HEAD
  if (auto handler = route->second.find(method); handler != route->second.end()) return handler->second(request);
  std::vector<std::string> allowed;
  for (const auto& [name, unused] : route->second) allowed.push_back(name == "GET" ? "GET, HEAD" : name);
  Response response = fallback_(request, 405);
  response.SetHeader("Allow", absl::StrJoin(allowed, ", "));
  return response;
}

namespace {

// libmicrohttpd counts whole seconds, and 0 would mean no timeout at all: round up.
unsigned int TimeoutSeconds(absl::Duration timeout) {
  return static_cast<unsigned int>(absl::ToInt64Seconds(absl::Ceil(timeout, absl::Seconds(1))));
}

}  // namespace

absl::StatusOr<std::string> Server::Start(const std::string& address) {
  if (daemon_ != nullptr) return absl::FailedPreconditionError(absl::StrCat(options_.name, ": already serving"));
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(options_.name, ": \"", address, "\" is not HOST:PORT (e.g. 127.0.0.1:8080)"));
  }
  absl::string_view host = absl::string_view(address).substr(0, colon);
  if (absl::ConsumePrefix(&host, "[")) absl::ConsumeSuffix(&host, "]");  // [::1]
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string host_name(host);
  if (const int error = getaddrinfo(host_name.empty() ? nullptr : host_name.c_str(), nullptr, &hints, &found);
      error != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(options_.name, ": \"", address, "\": host ", host_name, ": ", gai_strerror(error)));
  }
  sockaddr_storage bind_to{};
  std::memcpy(&bind_to, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  const bool ipv6 = bind_to.ss_family == AF_INET6;
  if (ipv6) {
    reinterpret_cast<sockaddr_in6*>(&bind_to)->sin6_port = htons(static_cast<uint16_t>(port));
  } else {
    reinterpret_cast<sockaddr_in*>(&bind_to)->sin_port = htons(static_cast<uint16_t>(port));
  }

  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  if (ipv6) flags |= MHD_USE_IPv6;
  daemon_.reset(MHD_start_daemon(
      flags, 0, /*accept_policy=*/nullptr, nullptr, &Internal::OnRequest, this,
      // The logger first, so that start-up errors go through it too.
      MHD_OPTION_EXTERNAL_LOGGER, &Internal::OnLog, const_cast<std::string*>(&options_.name),  //
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&bind_to),                             //
      MHD_OPTION_THREAD_POOL_SIZE, static_cast<unsigned int>(options_.threads),                //
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned int>(options_.max_connections),        //
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<unsigned int>(options_.max_connections_per_address),
      MHD_OPTION_CONNECTION_TIMEOUT, TimeoutSeconds(options_.idle_timeout), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      options_.memory_per_connection,                                //
      MHD_OPTION_NOTIFY_COMPLETED, &Internal::OnCompleted, nullptr,  //
      MHD_OPTION_END));
  if (daemon_ == nullptr) return absl::UnavailableError(absl::StrCat(options_.name, ": cannot listen on ", address));
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_.get(), MHD_DAEMON_INFO_BIND_PORT);
  if (info == nullptr || info->port == 0) {
    Stop();
    return absl::UnavailableError(absl::StrCat(options_.name, ": no port bound for ", address));
  }
  return absl::StrCat(address.substr(0, colon), ":", info->port);
}

void Server::Stop() { daemon_.reset(); }

}  // namespace werkmonitor::http
