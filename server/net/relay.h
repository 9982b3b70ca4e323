// Private to net/front.cpp: one accepted client connection, run to its end
// on a thread of its own or in an event loop. See front.h for the behaviour
// it implements.
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
  // options.backend_host:backend_port, resolved once at Start (its first
  // address: the backend is a loopback listener).
  SocketAddress backend;
  int stop_fd = -1;                   // readable once the front is stopping
  std::atomic<bool> stopping{false};  // set just before stop_fd; checked between transfers
  FrontCounters counters;
  BufferBudget budget{0};
};

// What a connection waits for before its next Step().
struct Want {
  bool done = false;        // over: destroy it (closes its sockets)
  short client_events = 0;  // POLLIN / POLLOUT on the client's socket
  int backend_fd = -1;      // the backend socket, while there is one
  short backend_events = 0;
  // Bumped for every new backend socket: a new socket may reuse the number
  // of a closed one, whose epoll registration died with it.
  uint64_t backend_generation = 0;
  int64_t deadline_ms = 0;  // MonotonicNowMs(): call Step() again by then
};

// One accepted client connection as a state machine: handshake, requests
// (answered or relayed), orderly close. Step() does all the work that can be
// done without waiting and says what to wait for; a driver calls it again
// when a socket is ready or the deadline has come. Two drivers:
// RunConnection (a thread of its own) and the front's event loops.
class Connection {
 public:
  Connection(std::unique_ptr<ClientStream> stream, const std::string& client_ip,
             FrontShared* shared);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Want Step();
  int client_fd() const;
  const std::string& client_ip() const;

 private:
  class Relay;
  std::unique_ptr<Relay> relay_;
};

// Drives one connection on the calling thread until it is over or the
// front stops.
void RunConnection(std::unique_ptr<ClientStream> stream, const std::string& client_ip,
                   FrontShared* shared);

}  // namespace motcua::net::internal
