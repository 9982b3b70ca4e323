// Private to the TLS front: one accepted client connection, run to its end
// on its own thread. See tls_front.h for the behaviour it implements.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "crypto/net_util.h"
#include "crypto/tls_config.h"

namespace motcua::crypto::internal {

struct FrontCounters {
  std::atomic<int> active{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> handshakes_ok{0};
  std::atomic<uint64_t> handshakes_failed{0};
  std::atomic<uint64_t> handshake_timeouts{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> bad_requests{0};
  std::atomic<uint64_t> idle_timeouts{0};
  std::atomic<uint64_t> backend_failures{0};
};

// What every connection shares; owned by the front, outlives all of them.
struct FrontShared {
  TlsConfig* tls = nullptr;
  std::string backend_host;
  int backend_port = 0;
  int handshake_timeout_ms = 0;
  int idle_timeout_ms = 0;
  int backend_connect_timeout_ms = 0;
  size_t max_head_bytes = 0;
  std::string shared_secret;
  int stop_fd = -1;                   // readable once the front is stopping
  std::atomic<bool> stopping{false};  // set just before stop_fd; checked between transfers
  FrontCounters counters;
};

// Handshake, then relay until either side closes, a timeout, or stop.
void RunFrontConnection(Fd client, std::string client_ip, FrontShared* shared);

}  // namespace motcua::crypto::internal
