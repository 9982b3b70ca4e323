// Test helpers for the fronts (net/front.h, crypto/tls_front.h) over real
// loopback sockets: a tiny plain HTTP backend that echoes each request, and
// raw connections.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace motcua::testing {

using SteadyClock = std::chrono::steady_clock;

// The fronts' shared secret in these tests (FrontOptions::shared_secret, sent
// to the backend as X-Motcua-Front).
inline constexpr char kFrontSecret[] = "front-secret-0123456789";

inline double MsSince(SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

// Polls `pred` for up to timeout_ms: the fronts update their counters just
// after a socket closes, so a test that saw the close may look too early.
template <typename Pred>
bool Eventually(Pred pred, int timeout_ms = 2000) {
  auto start = SteadyClock::now();
  while (!pred()) {
    if (MsSince(start) > timeout_ms) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Blocking TCP connect to 127.0.0.1:port; -1 on failure.
inline int RawConnect(int port, const char* from = nullptr) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (from != nullptr) {  // another loopback source address, e.g. "127.0.0.2"
    sockaddr_in src{};
    src.sin_family = AF_INET;
    inet_pton(AF_INET, from, &src.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Milliseconds until the peer closes `fd` (EOF or reset), or -1 if it is
// still open after timeout_ms.
inline double MsUntilClosed(int fd, int timeout_ms) {
  auto start = SteadyClock::now();
  char buf[512];
  while (MsSince(start) < timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) > 0) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return MsSince(start);
    }
  }
  return -1;
}

// Plain HTTP/1.1 server: answers each request with its own head (and body)
// as the response body. Thread per connection; keep-alive unless the request
// says "Connection: close" (what the fronts always send).
class EchoBackend {
 public:
  EchoBackend() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(listen_fd_, 64);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~EchoBackend() {
    shutdown(listen_fd_, SHUT_RDWR);
    accept_thread_.join();
    close(listen_fd_);
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : conn_fds_) shutdown(fd, SHUT_RDWR);
    for (auto& t : threads_) t.join();
    for (int fd : conn_fds_) close(fd);
  }
  int port() const { return port_; }
  int connections() const { return connections_.load(); }

 private:
  void AcceptLoop() {
    for (;;) {
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;
      connections_++;
      std::lock_guard<std::mutex> lock(mu_);
      conn_fds_.push_back(fd);
      threads_.emplace_back([fd] { Serve(fd); });
    }
  }

  // Half-closes on return, as a real server closes its side at EOF; the
  // destructor closes the descriptor.
  static void Serve(int fd) {
    ServeRequests(fd);
    shutdown(fd, SHUT_WR);
  }

  static void ServeRequests(int fd) {
    std::string buf;
    char tmp[4096];
    for (;;) {
      size_t end;
      while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) return;
        buf.append(tmp, static_cast<size_t>(n));
      }
      std::string head = buf.substr(0, end + 4);
      size_t body_len = 0;
      size_t cl = head.find("Content-Length: ");
      if (cl != std::string::npos) body_len = std::stoul(head.substr(cl + 16));
      while (buf.size() < head.size() + body_len) {
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n <= 0) return;
        buf.append(tmp, static_cast<size_t>(n));
      }
      std::string body = buf.substr(0, head.size() + body_len);
      buf.erase(0, body.size());
      std::string resp = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body;
      if (send(fd, resp.data(), resp.size(), MSG_NOSIGNAL) < 0) return;
      if (head.find("\r\nConnection: close\r\n") != std::string::npos) return;
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<int> conn_fds_;
  std::vector<std::thread> threads_;
};

}  // namespace motcua::testing
