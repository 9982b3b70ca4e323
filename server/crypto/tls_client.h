// TLS 1.2 client with a pinned trust anchor: the device's sync worker uses
// it to reach the province hub, tests use it to reach the TLS front. The
// server must present a certificate that chains to (or is) one of the
// certificates in `trusted_pem`; the system CA store is never consulted.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::crypto {

struct TlsClientOptions {
  std::string host;  // name or address to connect to
  int port = 443;
  std::string trusted_pem;  // pinned server cert or CA cert(s), PEM
  // Checked against the certificate's subjectAltName DNS entries (or CN when
  // it has none). Empty = no name check; the pin alone then decides, which
  // suits a pinned self-signed board certificate reached by IP address.
  std::string server_name;
  int connect_timeout_ms = 10000;  // TCP connect plus handshake, each
  int io_timeout_ms = 30000;       // per Read/WriteAll call
};

class TlsClient {
 public:
  // Connects and completes the handshake. kPermissionDenied when the
  // server's certificate is not trusted or its name does not match;
  // kUnavailable for network failures and timeouts. `rng` must be
  // thread-safe if shared (DrbgRng is) and outlive the client.
  static Result<std::unique_ptr<TlsClient>> Connect(const TlsClientOptions& options, Rng& rng);
  ~TlsClient();
  TlsClient(const TlsClient&) = delete;
  TlsClient& operator=(const TlsClient&) = delete;

  Status WriteAll(std::string_view data);
  // Up to `capacity` bytes; 0 means the server closed the connection.
  Result<size_t> Read(char* buf, size_t capacity);
  // Reads until the server closes; kResourceExhausted past max_bytes.
  Result<std::string> ReadToEnd(size_t max_bytes);
  // Sends close_notify (best effort) and closes the socket.
  void Close();

 private:
  struct Impl;
  explicit TlsClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::crypto
