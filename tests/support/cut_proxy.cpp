#include "support/cut_proxy.h"

#include "support/echo_backend.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace motcua::testing {

namespace {

int ConnectLoopback(int port) {
  int fd = RawConnect(port);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

bool CutProxy::Start(int upstream_port, int listen_port) {
  upstream_ = upstream_port;
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return false;
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(listen_port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      listen(listen_fd_, 64) != 0) {
    close(listen_fd_);
    listen_fd_ = -1;
    return false;
  }
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  stop_ = false;
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void CutProxy::Stop() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> relays;
  {
    std::lock_guard<std::mutex> lock(mu_);
    relays.swap(relays_);
  }
  for (auto& t : relays) t.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = -1;
}

void CutProxy::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int c = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    ++connections_;
    if (refuse_) {
      close(c);
      continue;
    }
    std::lock_guard<std::mutex> lock(mu_);
    relays_.emplace_back([this, c] { Relay(c); });
  }
}

void CutProxy::Relay(int client) {
  const int64_t cut_at = cut_at_;
  const Dir cut_dir = cut_dir_;
  int server = ConnectLoopback(upstream_);
  if (server < 0) {
    close(client);
    return;
  }
  int64_t passed[2] = {0, 0};      // [kToServer, kToClient]
  bool open_in[2] = {true, true};  // client->server reading side open, server->client
  char buf[16384];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!stop_ && (open_in[0] || open_in[1]) && std::chrono::steady_clock::now() < deadline) {
    pollfd p[2] = {{client, static_cast<short>(open_in[0] ? POLLIN : 0), 0},
                   {server, static_cast<short>(open_in[1] ? POLLIN : 0), 0}};
    if (poll(p, 2, 50) <= 0) continue;
    for (int d = 0; d < 2; ++d) {
      if (!open_in[d] || !(p[d].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const int from = d == 0 ? client : server;
      const int to = d == 0 ? server : client;
      ssize_t n = recv(from, buf, sizeof buf, 0);
      if (n <= 0) {
        open_in[d] = false;
        shutdown(to, SHUT_WR);
        continue;
      }
      int64_t send_n = n;
      bool cut = false;
      if (cut_at >= 0 && static_cast<int>(cut_dir) == d && passed[d] + n >= cut_at) {
        send_n = cut_at - passed[d];
        cut = true;
      }
      ssize_t off = 0;
      while (off < send_n) {
        ssize_t w = send(to, buf + off, static_cast<size_t>(send_n - off), MSG_NOSIGNAL);
        if (w <= 0) break;
        off += w;
      }
      passed[d] += off;
      (d == 0 ? to_server_ : to_client_) += static_cast<uint64_t>(off);
      if (cut) {
        ++cuts_;
        open_in[0] = open_in[1] = false;
        break;
      }
    }
  }
  // An abortive close on a cut, like a dropped link; a normal close otherwise.
  close(client);
  close(server);
}

}  // namespace motcua::testing
