// The only code that talks to civetweb. It turns each request into a
// Request value (body read up to a limit), hands it to one dispatch function,
// and writes the Response with a single mg_write.
//
// By default the public front (net/front.h) owns `listen`: it holds slow and
// idle clients itself and hands civetweb, listening on 127.0.0.1 only, one
// complete request per connection, so no client can pin civetweb's worker
// threads (docs/slow-clients.md).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "net/front.h"
#include "web/http.h"

struct mg_context;
struct mg_connection;

namespace motcua::web {

struct ServerOptions {
  // "127.0.0.1:8080"; several separated by commas.
  std::string listen = "127.0.0.1:8080";
  // Worker threads. Each keep-alive connection holds one until it closes, so
  // this and keep_alive_timeout_ms are sized together (STACK-NOTES).
  int threads = 8;
  int keep_alive_timeout_ms = 2000;
  // Whole request (headers and body) must arrive within this time.
  int request_timeout_ms = 10000;
  // Largest request body read; larger ones get 413 without being read.
  size_t max_body_bytes = 17 * 1024 * 1024;
  // Shared secret of the in-process fronts; empty disables trusting them
  // (with public_front on, Start() makes one).
  std::string front_secret;
  // The public front before civetweb (see above); off lets civetweb own
  // `listen` itself, as before.
  bool public_front = true;
  // Its per-client limits (net/front.h); request_timeout_ms and
  // keep_alive_timeout_ms above are its head deadline and keep-alive wait.
  int max_connections = 128;
  int max_connections_per_ip = 16;
  // Optional, with the public front: answers a GET or HEAD from caches only
  // (Site::HandleFromCache), in the front's connection thread, so cached
  // pages skip the relay to civetweb; nullopt sends the request on to
  // dispatch. Both paths write the response with the same code, so headers
  // (security headers, gzip and Vary, HEAD without a body) are identical.
  std::function<std::optional<Response>(Request&)> cached_dispatch;
};

class HttpServer {
 public:
  using Dispatch = std::function<Response(Request&)>;
  static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options, Dispatch dispatch);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The public ports actually bound (useful with port 0).
  std::vector<int> Ports() const;
  // civetweb's own port: with the public front, the loopback one another
  // front (TLS) should relay to; without it, the first of Ports().
  int BackendPort() const;
  // The public front's counters; all zero when it is off.
  net::FrontStats front_stats() const;

  // Called by the civetweb callback; public for that reason only.
  int HandleConnection(::mg_connection* conn);
  // The public front's FrontOptions::answer (see cached_dispatch).
  bool AnswerFromCache(std::string_view request, bool keep_alive, net::FrontAnswer* out);

 private:
  HttpServer(ServerOptions options, Dispatch dispatch)
      : options_(std::move(options)), dispatch_(std::move(dispatch)) {}
  ServerOptions options_;
  Dispatch dispatch_;
  mg_context* ctx_ = nullptr;
  std::unique_ptr<net::Front> front_;  // relays to ctx_: stopped first
};

// Headers every response carries.
const std::string& SecurityHeaders();

// The whole HTTP/1.1 response for `req` (gzip when the client accepts it and
// the response has one; no body for HEAD), with one Connection header.
std::string FormatResponse(const Request& req, const Response& resp, bool keep_alive);

// Fills method, path, query, headers, client_ip, tls and loopback from a
// request head as the front forwards it (net/http_head.h: already checked,
// X-Motcua-* lines the front's own). False: leave it to civetweb.
bool ParseForwardedHead(std::string_view head, Request* req);

}  // namespace motcua::web
