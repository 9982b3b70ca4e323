// HTTPS front: terminates TLS with mbedTLS and hands complete requests, as
// plain HTTP/1.1, to the civetweb server on a loopback-only port. Debian
// bookworm's civetweb cannot serve HTTPS itself (STACK-NOTES: it needs the
// OpenSSL 1.1 API).
//
// The connection handling (limits, deadlines, request framing, header
// injection with X-Motcua-Tls: 1) is net::Front's, shared with the plain
// public front: see net/front.h and net/http_head.h. This adds the TLS 1.2
// handshake (ECDHE-ECDSA with ChaCha20-Poly1305 or AES-GCM only) within
// handshake_timeout_ms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "net/front.h"

namespace motcua::crypto {

struct TlsFrontOptions {
  std::string listen_host = "0.0.0.0";
  int listen_port = 443;  // 0 = any free port; read it back with TlsFront::port()
  std::string cert_pem;   // P-256 certificate (MakeSelfSignedCert)
  std::string key_pem;    // its private key
  // Must resolve to loopback only: the relayed stream is plain text and
  // carries the shared secret.
  std::string backend_host = "127.0.0.1";
  int backend_port = 0;
  // Each connection costs one thread and ~60 KB of RSS (measured: 60 idle
  // TLS connections added 3.6 MB), plus what it buffers (net/front.h).
  int max_connections = 64;
  // One client on the Wi-Fi cannot take every slot; a browser opens ~6.
  int max_connections_per_ip = 32;
  // From accept to the end of the handshake, however the client trickles.
  int handshake_timeout_ms = 10000;
  // A request head must be complete this long after its first byte (the
  // body gets more time by its length: net/front.h); else 408.
  int request_timeout_ms = 10000;
  // How long a connection may wait for its next request.
  int keep_alive_ms = 5000;
  // No bytes moved for this long mid-request or mid-response closes it.
  int idle_timeout_ms = 30000;
  int backend_connect_timeout_ms = 5000;
  // Below civetweb's max_request_size (16384, STACK-NOTES), with room for
  // the injected headers.
  size_t max_head_bytes = 15 * 1024;
  uint64_t max_body_bytes = 17 * 1024 * 1024;
  // Proves to the app that headers came from this front. At least 16
  // printable ASCII characters, e.g. RandomToken(rng) made at start-up.
  std::string shared_secret;
};

using TlsFrontStats = net::FrontStats;

class TlsFront {
 public:
  TlsFront();
  ~TlsFront();  // stops
  TlsFront(const TlsFront&) = delete;
  TlsFront& operator=(const TlsFront&) = delete;

  // Checks the options, binds the listener and starts accepting. Fails
  // (nothing started) on bad options, a bad cert/key, or a busy port.
  Status Start(TlsFrontOptions options);
  // Stops accepting, ends every connection and joins all threads. Safe to
  // call twice or before Start.
  void Stop();

  int port() const;  // the bound port once started
  TlsFrontStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::crypto
