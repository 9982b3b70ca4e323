// The only code that talks to civetweb. It turns each request into a
// Request value (body read up to a limit), hands it to one dispatch function,
// and writes the Response with a single mg_write.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
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
  // Shared secret of the in-process TLS front; empty disables trusting it.
  std::string front_secret;
};

class HttpServer {
 public:
  using Dispatch = std::function<Response(Request&)>;
  static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options, Dispatch dispatch);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The ports actually bound (useful with port 0).
  std::vector<int> Ports() const;

  // Called by the civetweb callback; public for that reason only.
  int HandleConnection(::mg_connection* conn);

 private:
  HttpServer(ServerOptions options, Dispatch dispatch)
      : options_(std::move(options)), dispatch_(std::move(dispatch)) {}
  ServerOptions options_;
  Dispatch dispatch_;
  mg_context* ctx_ = nullptr;  // stopped first in the destructor
};

// Percent-decodes a request path. False (400) for a malformed escape, a NUL
// byte, a backslash, or a "." / ".." segment.
bool DecodePath(std::string_view raw, std::string* out);

// Headers every response carries.
const std::string& SecurityHeaders();

}  // namespace motcua::web
