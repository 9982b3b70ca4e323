// Plain POSIX socket helpers shared by the fronts (net/front.h) and the TLS
// client (crypto/tls_client.h). Sockets here are non-blocking; waiting is done
// with poll() against a deadline, so no call can hang past its timeout.
//
// Timeouts use the real monotonic clock, not the injected motcua::Clock:
// they bound real waits in poll(), which a fake clock could not shorten.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace motcua::net {

// Owns a file descriptor; closes it on destruction. Movable.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(Fd&& o) noexcept : fd_(o.Release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) Reset(o.Release());
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

int64_t MonotonicNowMs();

// Listening TCP socket on host:port (port 0 = any free port), non-blocking,
// SO_REUSEADDR. *bound_port receives the port actually bound.
Result<Fd> ListenTcp(const std::string& host, int port, int backlog, int* bound_port);

// One address to connect to, as the resolver gave it.
struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t len = 0;
};

// Every TCP address host:port resolves to, in the resolver's order (at
// least one).
Result<std::vector<SocketAddress>> ResolveTcp(const std::string& host, int port);

// Non-blocking TCP connection to host:port with TCP_NODELAY, waiting at
// most timeout_ms for the connect to finish (each address in turn).
Result<Fd> ConnectTcp(const std::string& host, int port, int timeout_ms);
// A non-blocking socket with TCP_NODELAY whose connect to `addr` may still
// be under way: the first send says EAGAIN until it is done, and the error
// if it failed. To a loopback listener it finishes or fails at once unless
// the listener's queue is full.
Result<Fd> StartConnect(const SocketAddress& addr);

// True when every address `host` resolves to is a loopback address.
bool IsLoopbackHost(const std::string& host);

// "host:port" split at the last ':'; "[::1]:80" loses its brackets. False
// when there is no port or it is not a number in 0..65535.
bool SplitHostPort(const std::string& host_port, std::string* host, int* port);

// Numeric address of a peer ("192.168.4.23", "::1"); IPv4-mapped IPv6
// addresses are shown as plain IPv4.
std::string AddressToString(const sockaddr_storage& addr);

Status SetNonBlocking(int fd);
void SetNoDelay(int fd);

// A random token of 32 hex digits from the kernel's CSPRNG (getrandom):
// the secret a front and its backend share.
std::string RandomHexToken();

enum class WaitResult { kReady, kTimeout, kStopped, kError };
// Waits until `fd` has any of `events` (POLLIN/POLLOUT), the deadline
// (MonotonicNowMs) passes, or `stop_fd` (if >= 0) becomes readable.
WaitResult WaitFd(int fd, short events, int64_t deadline_ms, int stop_fd = -1);

}  // namespace motcua::net
