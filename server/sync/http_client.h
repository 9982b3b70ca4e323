// A small HTTP/1.1 client for the sync worker: one request per connection
// ("Connection: close"), bodies with Content-Length, over plain TCP (loopback
// tests) or crypto::TlsClient with the hub's certificate pinned. Every wait
// is bounded by the timeout; a reply cut short is an error, never a shorter
// body.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::sync {

struct HttpTarget {
  bool tls = true;
  std::string host;
  int port = 443;
  std::string trusted_pem;  // the pinned certificate (TLS)
  std::string server_name;  // checked against it when not empty
  int timeout_ms = 60000;   // connect, and each read or write
};

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  size_t bytes_sent = 0;      // on the wire, before TLS
  size_t bytes_received = 0;  // head and body
  // Steady-clock ms from just before the request was written (connection
  // and handshake done) to the end of the reply: the hub's time in the
  // reply was taken within this window.
  int64_t exchange_ms = 0;
};

// Sends one request and reads the whole reply (at most `max_reply` bytes).
// kUnavailable for network trouble (refused, reset, timeout, cut short),
// kPermissionDenied when the TLS peer is not the pinned hub.
Result<HttpReply> HttpRoundTrip(const HttpTarget& target, Rng& rng, std::string_view method,
                                std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                std::string_view body, std::string_view content_type,
                                size_t max_reply = 128 * 1024 * 1024);

// Parses a reply head and body from `raw` (exposed for tests).
Result<HttpReply> ParseHttpReply(std::string_view raw);

}  // namespace motcua::sync
