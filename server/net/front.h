// A front: owns a listening port, reads each client's requests itself and
// hands only complete requests to a backend (civetweb) on a loopback-only
// port. Two kinds share this code: the public front over plain TCP
// (web/server.cpp puts it before civetweb) and the HTTPS front, whose TLS
// stream comes from crypto/tls_front.h.
//
// Why (docs/slow-clients.md): civetweb 1.15 gives each connection a worker
// thread from accept until the connection closes, so clients that trickle a
// head or a body, or idle on keep-alive, pin its few workers. Here each
// client costs a cheap front thread or a slot in an event loop instead
// (FrontOptions::event_loops), bounded by these rules:
//   - at most max_connections clients, max_connections_per_ip from one
//     address; more are closed at once;
//   - a request head must be complete within request_timeout_ms of its first
//     byte, and its body within that plus Content-Length at
//     min_body_bytes_per_s (else 408 and close);
//   - between requests a connection may wait keep_alive_ms for the next one,
//     and carries at most max_requests_per_connection;
//   - no bytes moved for idle_timeout_ms while a request or response is under
//     way closes the connection (slow readers, a stuck backend: 504);
//   - request bodies are held in memory until complete: at most
//     limits.max_body_bytes each (413 from the Content-Length, before any
//     body byte) and max_buffered_bytes across all connections (503);
//   - framing the backend could read differently is refused (http_head.h).
// Each complete request goes to the backend on a connection of its own
// ("Connection: close"), so a backend worker is busy only while it handles
// one complete request; the client's own connection stays open across
// requests (http_head.h: ResponseFixer).
//
// A request may instead be answered by the front itself, without the
// relay, when FrontOptions::answer says so: web/server.cpp answers
// cacheable public pages that way (the relay hop costs two thirds of the
// throughput: docs/slow-clients.md).
//
// Each forwarded request carries, after the request line:
//   X-Motcua-Client: <client IP>
//   X-Motcua-Tls: 1 or 0
//   X-Motcua-Front: <shared_secret>
// and client-sent copies of any X-Motcua-* header are removed. The backend
// must trust them only when its TCP peer is loopback AND X-Motcua-Front
// equals the secret.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "net/http_head.h"
#include "net/socket.h"

namespace motcua::net {

// How a front talks to one client: plain TCP here, TLS in crypto/. All
// calls are non-blocking and return at once.
class ClientStream {
 public:
  enum class Io { kOk, kWantRead, kWantWrite, kClosed, kError };
  virtual ~ClientStream() = default;
  virtual int fd() const = 0;
  // One step of the handshake; kOk once it is done (plain TCP: at once).
  virtual Io Handshake() = 0;
  // kOk with *n > 0 bytes, or kClosed at the end of the stream.
  virtual Io Read(char* buf, size_t cap, size_t* n) = 0;
  // After kWantRead/kWantWrite the next call must pass the same bytes (TLS).
  virtual Io Write(const char* buf, size_t len, size_t* n) = 0;
  // Whether a read that returns fewer bytes than asked left nothing
  // buffered (plain TCP, not TLS, which reads a record at a time): the next
  // read can then wait until the socket is readable again.
  virtual bool ShortReadDrains() const { return false; }
  // Whether WriteTwo sends both buffers in one call (plain TCP); the front
  // then sends an answer's shared body from where it lies (FrontAnswer).
  virtual bool GathersWrites() const { return false; }
  // `a` then `b`; *n counts bytes taken from both. Without gathering, one
  // buffer at a time.
  virtual Io WriteTwo(const char* a, size_t alen, const char* b, size_t blen, size_t* n) {
    return alen > 0 ? Write(a, alen, n) : Write(b, blen, n);
  }
  // One step of an orderly close (TLS close_notify); kOk once done.
  virtual Io Close() = 0;
  // What went wrong last, for debug logs.
  virtual std::string Error() const { return {}; }
};

// Makes the stream for an accepted, non-blocking socket.
using StreamFactory = std::function<std::unique_ptr<ClientStream>(Fd)>;
std::unique_ptr<ClientStream> MakePlainStream(Fd fd);

// A response the front sends itself (FrontOptions::answer).
struct FrontAnswer {
  // Status line and headers through the blank line: framed by
  // Content-Length, the last header line "Connection: keep-alive" or
  // "Connection: close", the same bytes a relayed response gets from
  // ResponseFixer.
  std::string head;
  // Sent after the head; shared, so a cached page is not copied per
  // request (GathersWrites streams). Null: no body (HEAD).
  std::shared_ptr<const std::string> body;
};

struct FrontOptions {
  // "host:port" each; port 0 = any free port (read it back with ports()).
  std::vector<std::string> listen;
  // Must resolve to loopback only: the relayed stream is plain text and
  // carries the shared secret.
  std::string backend_host = "127.0.0.1";
  int backend_port = 0;
  // The value of X-Motcua-Tls: whether clients reach this front over TLS.
  bool tls = false;
  // Proves to the backend that headers came from this front: at least 16
  // printable ASCII characters, no spaces (RandomHexToken()).
  std::string shared_secret;
  // How connections are driven. 0: a thread each (~30 KB of RSS plain,
  // ~60 KB with TLS, plus what it buffers), woken per request. N > 0: N
  // threads, each serving its share of the connections with epoll, so a
  // busy front wakes once for many requests instead of switching threads
  // for each (the public front: docs/slow-clients.md). Connections stay
  // bounded by the limits below either way; `answer` must not block.
  int event_loops = 0;
  int max_connections = 128;
  // A browser opens ~6 connections to a host; one phone on the Wi-Fi must
  // not take every slot.
  int max_connections_per_ip = 16;
  // From accept to the end of the TLS handshake, however the client trickles.
  int handshake_timeout_ms = 10000;
  int request_timeout_ms = 10000;
  int min_body_bytes_per_s = 8 * 1024;
  int keep_alive_ms = 5000;
  int idle_timeout_ms = 30000;
  int backend_connect_timeout_ms = 5000;
  int max_requests_per_connection = 1000;
  RequestLimits limits;
  uint64_t max_buffered_bytes = 64 * 1024 * 1024;
  // Optional. Offered every complete GET or HEAD without a body, as the
  // backend would receive it (rewritten head, X-Motcua-* lines included),
  // and whether the client's connection stays open after it. Returns true
  // after storing the whole response in *answer, its Connection header as
  // keep_alive says; the front sends it as is. False: relay as usual.
  // Called from several threads at once; it must not block.
  std::function<bool(std::string_view request, bool keep_alive, FrontAnswer* answer)> answer;
  std::string name = "front";  // in log lines
};

struct FrontStats {
  int active_connections = 0;
  uint64_t accepted = 0;
  uint64_t rejected = 0;           // closed at once: over a connection limit
  uint64_t handshakes_ok = 0;      // TLS only
  uint64_t handshakes_failed = 0;  // includes timeouts
  uint64_t handshake_timeouts = 0;
  uint64_t requests = 0;             // complete requests, relayed or answered
  uint64_t answered = 0;             // of those, answered by FrontOptions::answer
  uint64_t bad_requests = 0;         // answered by the front itself (http_head.h)
  uint64_t request_timeouts = 0;     // 408: head or body too slow
  uint64_t keep_alive_timeouts = 0;  // no next request within keep_alive_ms
  uint64_t idle_timeouts = 0;        // nothing moved mid-request or mid-response
  uint64_t over_budget = 0;          // 503: max_buffered_bytes reached
  uint64_t backend_failures = 0;     // backend unreachable or silent: 502/504
};

class Front {
 public:
  Front();
  ~Front();  // stops
  Front(const Front&) = delete;
  Front& operator=(const Front&) = delete;

  // Checks the options, binds every listener and starts accepting. Fails
  // (nothing started) on bad options or a busy port. A null factory gives
  // plain TCP.
  Status Start(FrontOptions options, StreamFactory factory = nullptr);
  // Stops accepting, ends every connection and joins all threads. Safe to
  // call twice or before Start.
  void Stop();

  std::vector<int> ports() const;  // in the order of options.listen
  FrontStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::net
