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
  // Everything the plain front takes (net/front.h): listen "host:port"
  // (port 0 = any free port; read it back with TlsFront::port()), the
  // loopback backend, the shared secret, connection caps, deadlines and
  // request limits. Defaults below differ from the plain front's where TLS
  // costs more: each connection holds a thread and ~60 KB of RSS (measured:
  // 60 idle TLS connections added 3.6 MB), so fewer connections, and more
  // per address since a browser's handshakes are not free to redo.
  net::FrontOptions front = DefaultFront();
  std::string cert_pem;  // P-256 certificate (MakeSelfSignedCert)
  std::string key_pem;   // its private key

  static net::FrontOptions DefaultFront();
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
