// A TCP relay on loopback for fault tests: sits between a device and the hub
// and can cut every connection after N bytes in one direction, refuse
// connections (hub unreachable), or be re-pointed at a restarted hub. Each
// connection has its own thread; every wait is bounded.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace motcua::testing {

class CutProxy {
 public:
  enum class Dir { kToServer, kToClient };

  CutProxy() = default;
  ~CutProxy() { Stop(); }
  CutProxy(const CutProxy&) = delete;
  CutProxy& operator=(const CutProxy&) = delete;

  // Listens on 127.0.0.1 (port 0 = any) and relays to 127.0.0.1:upstream.
  bool Start(int upstream_port, int listen_port = 0);
  void Stop();
  int port() const { return port_; }

  void SetUpstream(int port) { upstream_ = port; }
  // New connections are cut once `n` bytes have passed in `dir` (both
  // sockets closed, nothing more relayed either way).
  void CutAfter(Dir dir, int64_t n) {
    cut_dir_ = dir;
    cut_at_ = n;
  }
  void NoCut() { cut_at_ = -1; }
  // New connections are closed at once (as a dead hub's port would).
  void SetRefuse(bool refuse) { refuse_ = refuse; }

  uint64_t bytes_to_server() const { return to_server_; }
  uint64_t bytes_to_client() const { return to_client_; }
  int connections() const { return connections_; }
  int cuts() const { return cuts_; }
  void ResetCounters() {
    to_server_ = 0;
    to_client_ = 0;
  }

 private:
  void AcceptLoop();
  void Relay(int client);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> upstream_{0};
  std::atomic<bool> stop_{false};
  std::atomic<bool> refuse_{false};
  std::atomic<int64_t> cut_at_{-1};
  std::atomic<Dir> cut_dir_{Dir::kToServer};
  std::atomic<uint64_t> to_server_{0};
  std::atomic<uint64_t> to_client_{0};
  std::atomic<int> connections_{0};
  std::atomic<int> cuts_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> relays_;
};

}  // namespace motcua::testing
