// The hub's device-facing listener (motcua hub): HTTPS through the mbedTLS
// front onto a loopback-only civetweb listener, or plain HTTP on loopback
// for tests. Only the sync endpoints (sync/protocol.h) are served here;
// officers' pages stay on the ordinary listener.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "crypto/tls_front.h"
#include "sync/hub.h"
#include "web/server.h"

namespace motcua::web {

struct SyncApiOptions {
  std::string listen = "0.0.0.0:8443";  // HOST:PORT devices connect to
  bool plain_http = false;              // loopback tests only
  std::string cert_pem;                 // the hub's TLS certificate and key
  std::string key_pem;
  std::string front_secret;  // at least 16 printable characters
  int threads = 8;
  size_t max_body_bytes = 32 * 1024 * 1024;  // a push batch or one attachment
  int request_timeout_ms = 120000;           // slow 3G uploads
};

class SyncApi {
 public:
  static Result<std::unique_ptr<SyncApi>> Start(const SyncApiOptions& options, sync::Hub& hub);
  ~SyncApi();
  int port() const;  // where devices connect

 private:
  SyncApi() = default;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<crypto::TlsFront> front_;  // relays to server_: stopped first
};

// Turns an HTTP request into the hub's terms and back (exposed for tests).
Response HandleSyncRequest(sync::Hub& hub, const Request& req);

}  // namespace motcua::web
