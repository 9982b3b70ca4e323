// Private to net/front.cpp: one accepted client connection, run to its end
// on its own thread. See front.h for the behaviour it implements.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "net/front.h"

namespace motcua::net::internal {

struct FrontCounters {
  std::atomic<int> active{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> handshakes_ok{0};
  std::atomic<uint64_t> handshakes_failed{0};
  std::atomic<uint64_t> handshake_timeouts{0};
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> answered{0};
  std::atomic<uint64_t> bad_requests{0};
  std::atomic<uint64_t> request_timeouts{0};
  std::atomic<uint64_t> keep_alive_timeouts{0};
  std::atomic<uint64_t> idle_timeouts{0};
  std::atomic<uint64_t> over_budget{0};
  std::atomic<uint64_t> backend_failures{0};
};

// Bytes of request bodies held by all connections together.
class BufferBudget {
 public:
  explicit BufferBudget(uint64_t cap) : cap_(cap) {}
  bool TryTake(uint64_t n) {
    uint64_t used = used_.load();
    do {
      if (n > cap_ - used) return false;
    } while (!used_.compare_exchange_weak(used, used + n));
    return true;
  }
  void Give(uint64_t n) { used_ -= n; }
  void set_cap(uint64_t cap) { cap_ = cap; }

 private:
  uint64_t cap_;
  std::atomic<uint64_t> used_{0};
};

// What every connection shares; owned by the front, outlives all of them.
struct FrontShared {
  FrontOptions options;
  int stop_fd = -1;                   // readable once the front is stopping
  std::atomic<bool> stopping{false};  // set just before stop_fd; checked between transfers
  FrontCounters counters;
  BufferBudget budget{0};
};

// Handshake, then serve requests until either side closes, a limit, or stop.
void RunConnection(std::unique_ptr<ClientStream> stream, const std::string& client_ip,
                   FrontShared* shared);

}  // namespace motcua::net::internal
