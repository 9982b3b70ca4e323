// HTTPS front: terminates TLS with mbedTLS and relays plain HTTP/1.1 to the
// civetweb server on a loopback-only port. Debian bookworm's civetweb
// cannot serve HTTPS itself (STACK-NOTES: it needs the OpenSSL 1.1 API).
//
// Per connection: TLS 1.2 handshake (ECDHE-ECDSA with ChaCha20-Poly1305 or
// AES-GCM only) within handshake_timeout_ms; the backend is dialled only
// once a complete request head has arrived; each request head on the
// keep-alive stream gets these headers, and client-sent copies of any
// "X-Motcua-*" header are removed (see request_rewriter.h for the rules):
//   X-Motcua-Client: <client IP>
//   X-Motcua-Tls: 1
//   X-Motcua-Front: <shared_secret>
// The application must trust them only when its TCP peer is loopback AND
// X-Motcua-Front equals the secret (compare with ConstantTimeEquals).
// Request bodies must carry Content-Length: chunked bodies get 411, other
// transfer codings 501 (browsers never chunk requests). No Upgrade
// (WebSocket) support: after a 101 the relayed bytes are not HTTP heads.
//
// Threads: one accept thread plus one thread per connection, at most
// max_connections of them; connections beyond that (or beyond
// max_connections_per_ip) are closed at once. A stalled or idle client
// holds only its own thread; it cannot delay others.
//
// The backend connection lives as long as the client's: when the backend
// ends a keep-alive connection (civetweb's keep_alive_timeout_ms) the
// client's connection is closed too, so keep that timeout short (a few
// seconds) to bound how long idle phones hold civetweb workers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

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
  // TLS connections added 3.6 MB); up to 128 KB more while relay buffers
  // are full.
  int max_connections = 64;
  // One client on the Wi-Fi cannot take every slot; a browser opens ~6.
  int max_connections_per_ip = 32;
  // From accept to the end of the handshake, however the client trickles.
  int handshake_timeout_ms = 10000;
  // No bytes relayed for this long (bytes of an unfinished request head do
  // not count) closes the connection.
  int idle_timeout_ms = 30000;
  int backend_connect_timeout_ms = 5000;
  // Matches civetweb's max_request_size (keep it <= 16384, STACK-NOTES).
  size_t max_head_bytes = 16384;
  // Proves to the app that headers came from this front. At least 16
  // printable ASCII characters, e.g. RandomToken(rng) made at start-up.
  std::string shared_secret;
};

struct TlsFrontStats {
  int active_connections = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;  // closed at once: over a connection limit
  uint64_t handshakes_ok = 0;
  uint64_t handshakes_failed = 0;  // includes timeouts
  uint64_t handshake_timeouts = 0;
  uint64_t requests = 0;      // request heads forwarded
  uint64_t bad_requests = 0;  // answered 400/411/431/501/505 by the front
  uint64_t idle_timeouts = 0;
  uint64_t backend_failures = 0;  // backend unreachable: answered 502
};

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
