#include "net/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace motcua::net {
namespace {

struct AddrInfoFree {
  void operator()(addrinfo* ai) const { freeaddrinfo(ai); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoFree>;

int PortOf(const sockaddr_storage& addr) {
  return addr.ss_family == AF_INET6
             ? ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port)
             : ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
}

Result<AddrInfoPtr> Resolve(const std::string& host, int port, bool passive) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  // Numeric service always; the board has no DNS worth waiting for, so only
  // the client side (hub URL) may need a name lookup.
  hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
  addrinfo* res = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &res);
  if (rc != 0) {
    return Status(Code::kUnavailable, "cannot resolve " + host + ": " + gai_strerror(rc));
  }
  return AddrInfoPtr(res);
}

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

void Fd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

int64_t MonotonicNowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Status SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return IoError(Errno("fcntl"));
  return Status::Ok();
}

void SetNoDelay(int fd) {
  // TLS records and small HTTP heads otherwise wait for delayed ACKs
  // (~40 ms per response, see STACK-NOTES on civetweb's tcp_nodelay).
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Result<Fd> ListenTcp(const std::string& host, int port, int backlog, int* bound_port) {
  ASSIGN_OR_RETURN(AddrInfoPtr res, Resolve(host, port, true));
  Status last = IoError("no address to listen on");
  for (addrinfo* ai = res.get(); ai != nullptr; ai = ai->ai_next) {
    Fd fd(socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol));
    if (!fd.valid()) {
      last = IoError(Errno("socket"));
      continue;
    }
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0) {
      last = IoError(Errno("bind " + host + ":" + std::to_string(port)));
      continue;
    }
    if (listen(fd.get(), backlog) != 0) {
      last = IoError(Errno("listen"));
      continue;
    }
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &len);
    *bound_port = PortOf(addr);
    return fd;
  }
  return last;
}

Result<std::vector<SocketAddress>> ResolveTcp(const std::string& host, int port) {
  ASSIGN_OR_RETURN(AddrInfoPtr res, Resolve(host, port, false));
  std::vector<SocketAddress> out;
  for (addrinfo* ai = res.get(); ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addrlen > sizeof(sockaddr_storage)) continue;
    SocketAddress a;
    std::memcpy(&a.storage, ai->ai_addr, ai->ai_addrlen);
    a.len = ai->ai_addrlen;
    out.push_back(a);
  }
  if (out.empty()) return Status(Code::kUnavailable, "no address for " + host);
  return out;
}

Result<Fd> StartConnect(const SocketAddress& addr) {
  Fd fd(socket(addr.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return Status(Code::kUnavailable, Errno("socket"));
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr.storage), addr.len) != 0 &&
      errno != EINPROGRESS) {
    return Status(Code::kUnavailable, Errno("connect " + AddressToString(addr.storage) + ":" +
                                            std::to_string(PortOf(addr.storage))));
  }
  SetNoDelay(fd.get());
  return fd;
}

Result<Fd> ConnectTcp(const std::string& host, int port, int timeout_ms) {
  const int64_t deadline = MonotonicNowMs() + timeout_ms;
  ASSIGN_OR_RETURN(std::vector<SocketAddress> addrs, ResolveTcp(host, port));
  const std::string where = host + ":" + std::to_string(port);
  Status last = Status(Code::kUnavailable, "no address for " + host);
  for (const SocketAddress& addr : addrs) {
    Result<Fd> fd = StartConnect(addr);
    if (!fd.ok()) {
      last = fd.status();
      continue;
    }
    if (WaitFd(fd->get(), POLLOUT, deadline) != WaitResult::kReady) {
      last = Status(Code::kUnavailable, "connect " + where + ": timed out");
      continue;
    }
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd->get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      last = Status(Code::kUnavailable, "connect " + where + ": " + std::strerror(err));
      continue;
    }
    return fd;
  }
  return last;
}

bool IsLoopbackHost(const std::string& host) {
  Result<AddrInfoPtr> res = Resolve(host, 1, false);
  if (!res.ok()) return false;
  bool any = false;
  for (addrinfo* ai = res->get(); ai != nullptr; ai = ai->ai_next) {
    any = true;
    if (ai->ai_family == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(ai->ai_addr);
      if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127) return false;
    } else if (ai->ai_family == AF_INET6) {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(ai->ai_addr);
      if (!IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)) return false;
    } else {
      return false;
    }
  }
  return any;
}

bool SplitHostPort(const std::string& host_port, std::string* host, int* port) {
  size_t colon = host_port.rfind(':');
  if (colon == std::string::npos || colon + 1 >= host_port.size() || host_port.size() - colon > 6) {
    return false;
  }
  int p = 0;
  for (size_t i = colon + 1; i < host_port.size(); ++i) {
    char c = host_port[i];
    if (c < '0' || c > '9') return false;
    p = p * 10 + (c - '0');
  }
  if (p > 65535) return false;
  std::string h = host_port.substr(0, colon);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  *host = h;
  *port = p;
  return true;
}

std::string RandomHexToken() {
  unsigned char bytes[16];
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) std::abort();  // no kernel randomness: never fall back to a guessable secret
    got += static_cast<size_t>(n);
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

std::string AddressToString(const sockaddr_storage& addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, buf, sizeof buf);
  } else if (addr.ss_family == AF_INET6) {
    const in6_addr& a6 = reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&a6)) {
      inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof buf);
    } else {
      inet_ntop(AF_INET6, &a6, buf, sizeof buf);
    }
  }
  return buf;
}

WaitResult WaitFd(int fd, short events, int64_t deadline_ms, int stop_fd) {
  for (;;) {
    int64_t left = deadline_ms - MonotonicNowMs();
    if (left <= 0) return WaitResult::kTimeout;
    pollfd p[2] = {{fd, events, 0}, {stop_fd, POLLIN, 0}};
    int rc = poll(p, stop_fd >= 0 ? 2 : 1, static_cast<int>(left > 60000 ? 60000 : left));
    if (rc < 0) {
      if (errno == EINTR) continue;
      return WaitResult::kError;
    }
    if (stop_fd >= 0 && (p[1].revents & POLLIN)) return WaitResult::kStopped;
    if (p[0].revents != 0) return WaitResult::kReady;  // includes POLLERR/POLLHUP
  }
}

}  // namespace motcua::net
