// Slowloris against the real server: more slow connections than civetweb
// has worker threads, trickling heads and bodies, while a citizen browses.
// With the public front (the default) the citizen is served at once; with
// public_front = off (civetweb owning the port, as before) the same load
// pins every worker, which the second test measures to show why the front
// exists (docs/slow-clients.md).
#include <doctest/doctest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "support/echo_backend.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using motcua::testing::HttpGet;
using motcua::testing::HttpOptions;
using motcua::testing::MsSince;
using motcua::testing::RawConnect;
using motcua::testing::ServerProcess;
using motcua::testing::SteadyClock;
using motcua::testing::TempDir;

namespace {

constexpr int kThreads = 2;  // civetweb workers (the smallest `threads` allowed)

// Holds slow connections and sends each one more byte every interval, until
// destroyed (at most max_ms).
class Tricklers {
 public:
  Tricklers(int port, int heads, int bodies, int interval_ms, int max_ms) {
    for (int i = 0; i < heads; ++i) {
      // Other loopback addresses, so the per-address cap is not what stops them.
      int fd = RawConnect(port, "127.0.0.2");
      if (fd >= 0) send(fd, "GET / HTTP/1.1\r\nX-Slow: ", 24, MSG_NOSIGNAL);
      fds_.push_back(fd);
    }
    for (int i = 0; i < bodies; ++i) {
      int fd = RawConnect(port, "127.0.0.3");
      const char head[] =
          "POST /tim-kiem HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          "Content-Length: 1000\r\n\r\nq=";
      if (fd >= 0) send(fd, head, sizeof head - 1, MSG_NOSIGNAL);
      fds_.push_back(fd);
    }
    thread_ = std::thread([this, interval_ms, max_ms] {
      auto start = SteadyClock::now();
      while (!stop_ && MsSince(start) < max_ms) {
        for (int fd : fds_) {
          if (fd >= 0) send(fd, "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
      }
    });
  }
  ~Tricklers() {
    stop_ = true;
    thread_.join();
    for (int fd : fds_) {
      if (fd >= 0) close(fd);
    }
  }
  size_t size() const { return fds_.size(); }

 private:
  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct Timing {
  double worst_ms = 0;
  int ok = 0;
};

Timing TimeRequests(const std::string& url, int n, long timeout_ms) {
  Timing t;
  for (int i = 0; i < n; ++i) {
    HttpOptions o;
    o.timeout_ms = timeout_ms;
    auto start = SteadyClock::now();
    auto r = HttpGet(url, o);
    t.worst_ms = std::max(t.worst_ms, MsSince(start));
    if (r.status == 200) t.ok++;
  }
  return t;
}

std::string WriteConfig(const TempDir& dir, const std::string& extra) {
  std::ofstream(dir.File("motcua.conf"))
      << "threads = " << kThreads << "\nrequest_timeout_ms = 3000\n"
      << extra;
  return dir.File("motcua.conf");
}

}  // namespace

TEST_CASE("slow clients: more trickling connections than workers, citizens still served") {
  TempDir dir;
  ServerProcess server({"--demo", "--db", dir.File("d.db"), "--config", WriteConfig(dir, "")});
  REQUIRE_MESSAGE(server.Start(), server.log());
  const std::string url = server.base_url() + "/thu-tuc/1.001193";
  REQUIRE(HttpGet(url).status == 200);
  {
    // 8 trickled heads + 8 trickled bodies = 8x the workers, for ~2.5 s.
    Tricklers slow(server.port(), 4 * kThreads, 4 * kThreads, 200, 8000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Timing t = TimeRequests(url, 10, 5000);
    MESSAGE("public front: 10 requests beside " << slow.size() << " slow connections (" << kThreads
                                                << " workers): worst " << t.worst_ms << " ms");
    CHECK(t.ok == 10);
    CHECK(t.worst_ms < 1000);
  }
  CHECK(HttpGet(server.base_url() + "/healthz").status == 200);
}

TEST_CASE("slow clients: without the front the same load pins civetweb (measured)") {
  TempDir dir;
  ServerProcess server(
      {"--demo", "--db", dir.File("d.db"), "--config", WriteConfig(dir, "public_front = off\n")});
  REQUIRE_MESSAGE(server.Start(), server.log());
  const std::string url = server.base_url() + "/thu-tuc/1.001193";
  REQUIRE(HttpGet(url).status == 200);
  Tricklers slow(server.port(), 2 * kThreads, 0, 200, 6000);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Timing t = TimeRequests(url, 1, 4000);
  MESSAGE("civetweb alone: 1 request beside " << slow.size() << " slow connections (" << kThreads
                                              << " workers): " << t.worst_ms << " ms");
  // Held until request_timeout_ms (3 s) frees a worker, or failed outright.
  CHECK(t.worst_ms > 2000);
}
