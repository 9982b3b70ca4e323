// The plain front (net/front.h) over real loopback sockets, before a tiny
// echo backend: what reaches the backend, and the limits that keep slow and
// hostile clients from holding it.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "net/front.h"
#include "support/echo_backend.h"

using motcua::net::Front;
using motcua::net::FrontOptions;
using motcua::testing::EchoBackend;
using motcua::testing::Eventually;
using motcua::testing::kFrontSecret;
using motcua::testing::MsSince;
using motcua::testing::MsUntilClosed;
using motcua::testing::RawConnect;
using motcua::testing::SteadyClock;

namespace {

void SendAll(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

// One response (head + Content-Length body); `buf` keeps bytes of the next.
// "" on EOF or after timeout_ms.
std::string ReadResponse(int fd, std::string* buf, int timeout_ms = 3000) {
  auto start = SteadyClock::now();
  char tmp[8192];
  for (;;) {
    size_t end = buf->find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t cl = buf->find("Content-Length: ");
      size_t len = cl < end ? std::stoul(buf->substr(cl + 16)) : 0;
      if (buf->rfind("HTTP/1.1 100 ", 0) == 0) len = 0;
      if (buf->size() >= end + 4 + len) {
        std::string r = buf->substr(0, end + 4 + len);
        buf->erase(0, r.size());
        return r;
      }
    }
    pollfd p{fd, POLLIN, 0};
    int left = timeout_ms - static_cast<int>(MsSince(start));
    if (left <= 0 || poll(&p, 1, left) <= 0) return "";
    ssize_t n = recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) return "";
    buf->append(tmp, static_cast<size_t>(n));
  }
}

// Everything until the peer closes (or timeout_ms).
std::string ReadToClose(int fd, int timeout_ms = 3000) {
  auto start = SteadyClock::now();
  std::string all;
  char tmp[8192];
  while (MsSince(start) < timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    ssize_t n = recv(fd, tmp, sizeof tmp, 0);
    if (n <= 0) break;
    all.append(tmp, static_cast<size_t>(n));
  }
  return all;
}

// The two ways a front drives its connections (FrontOptions::event_loops):
// a thread each (the HTTPS fronts), or event loops (the public front). Every
// behaviour below holds for both.
struct Threads {
  static constexpr int kLoops = 0;
};
struct EventLoops {
  static constexpr int kLoops = 2;
};
}  // namespace
TYPE_TO_STRING(Threads);
TYPE_TO_STRING(EventLoops);
namespace {

struct FrontFixture {
  explicit FrontFixture(int loops = 0) : loops(loops) {}
  EchoBackend backend;
  Front front;
  int loops;

  FrontOptions Options() {
    FrontOptions o;
    o.event_loops = loops;
    o.listen = {"127.0.0.1:0"};
    o.backend_port = backend.port();
    o.shared_secret = kFrontSecret;
    return o;
  }
  void Start(FrontOptions o) { REQUIRE(front.Start(std::move(o)).ok()); }
  void Start() { Start(Options()); }
  int Connect(const char* from = nullptr) { return RawConnect(front.ports()[0], from); }
};

}  // namespace

TEST_CASE_TEMPLATE("Front keeps the client's connection and gives each request its own backend one",
                   T, Threads, EventLoops) {
  FrontFixture f(T::kLoops);
  f.Start();
  int c = f.Connect();
  std::string buf;
  SendAll(c, "GET /a HTTP/1.1\r\nHost: x\r\nX-Motcua-Tls: 1\r\nConnection: keep-alive\r\n\r\n");
  std::string r1 = ReadResponse(c, &buf);
  CHECK(r1.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(r1.find("\r\nConnection: keep-alive\r\n\r\n") != std::string::npos);
  CHECK(r1.find("\r\n\r\nGET /a HTTP/1.1\r\nX-Motcua-Client: 127.0.0.1\r\nX-Motcua-Tls: 0\r\n"
                "X-Motcua-Front: front-secret-0123456789\r\nConnection: close\r\n"
                "Host: x\r\n\r\n") != std::string::npos);
  SendAll(c, "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
  std::string r2 = ReadResponse(c, &buf);
  CHECK(r2.substr(r2.size() - 5) == "hello");
  SendAll(c, "GET /c HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string r3 = ReadResponse(c, &buf);
  CHECK(r3.find("\r\nConnection: close\r\n\r\n") != std::string::npos);
  CHECK(MsUntilClosed(c, 2000) >= 0);
  CHECK(f.backend.connections() == 3);
  CHECK(f.front.stats().requests == 3);
  close(c);
}

TEST_CASE_TEMPLATE("Front answers pipelined requests in order, also after the client half-closes",
                   T, Threads, EventLoops) {
  FrontFixture f(T::kLoops);
  f.Start();
  int c = f.Connect();
  SendAll(c, "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n");
  shutdown(c, SHUT_WR);
  std::string all = ReadToClose(c);
  size_t a = all.find("GET /1 "), b = all.find("GET /2 "), d = all.find("GET /3 ");
  CHECK(a < b);
  CHECK(b < d);
  CHECK(d != std::string::npos);
  CHECK(f.front.stats().requests == 3);
  close(c);
}

TEST_CASE_TEMPLATE("Slow clients hold only the front: a normal request beside them is prompt", T,
                   Threads, EventLoops) {
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.request_timeout_ms = 1500;
  o.keep_alive_ms = 3000;
  f.Start(o);
  std::vector<int> slow;
  // 12 trickling heads and 12 half-sent bodies, from two other addresses.
  for (int i = 0; i < 12; ++i) {
    int s = f.Connect("127.0.0.2");
    SendAll(s, "GET / HTTP/1.1\r\nX-Slow: ");
    slow.push_back(s);
    int b = f.Connect("127.0.0.3");
    SendAll(b, "POST /f HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf");
    slow.push_back(b);
  }
  REQUIRE(Eventually([&] { return f.front.stats().active_connections == 24; }));
  auto start = SteadyClock::now();
  int c = f.Connect();
  std::string buf;
  SendAll(c, "GET /now HTTP/1.1\r\n\r\n");
  std::string r = ReadResponse(c, &buf);
  double ms = MsSince(start);
  MESSAGE("request beside 24 slow clients: " << ms << " ms");
  CHECK(r.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(ms < 500);
  CHECK(f.backend.connections() == 1);  // the slow ones never reached it
  // Each slow one gets 408 at its deadline.
  for (int s : slow) {
    std::string all = ReadToClose(s, 4000);
    CHECK(all.rfind("HTTP/1.1 408 Request Timeout\r\n", 0) == 0);
    close(s);
  }
  CHECK(f.front.stats().request_timeouts == 24);
  close(c);
}

TEST_CASE_TEMPLATE("Trickling a head cannot stretch its deadline, and idle keep-alive ends quietly",
                   T, Threads, EventLoops) {
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.request_timeout_ms = 600;
  o.keep_alive_ms = 400;
  f.Start(o);
  int idle = f.Connect();
  int slow = f.Connect();
  auto start = SteadyClock::now();
  for (int i = 0; i < 30; ++i) {  // one byte every 50 ms, 1.5 s in all
    if (send(slow, i == 0 ? "GET / HTTP/1.1\r\nX-A: " : "a", i == 0 ? 21 : 1, MSG_NOSIGNAL) <= 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (MsSince(start) > 1200) break;
  }
  CHECK(ReadToClose(idle, 1000).empty());
  CHECK(ReadToClose(slow, 1000).rfind("HTTP/1.1 408 ", 0) == 0);
  CHECK(MsSince(start) < 2500);
  CHECK(Eventually([&] { return f.front.stats().keep_alive_timeouts == 1; }));
  CHECK(f.backend.connections() == 0);
  close(idle);
  close(slow);
}

TEST_CASE_TEMPLATE("Front caps connections per address, and others are still served", T, Threads,
                   EventLoops) {
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.max_connections_per_ip = 3;
  f.Start(o);
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(f.Connect("127.0.0.2"));
  REQUIRE(Eventually([&] { return f.front.stats().active_connections == 3; }));
  int extra = f.Connect("127.0.0.2");
  double ms = MsUntilClosed(extra, 2000);
  CHECK(ms >= 0);
  CHECK(ms < 500);
  CHECK(f.front.stats().rejected == 1);
  int c = f.Connect();
  std::string buf;
  SendAll(c, "GET / HTTP/1.1\r\n\r\n");
  CHECK(ReadResponse(c, &buf).rfind("HTTP/1.1 200 OK", 0) == 0);
  for (int h : held) close(h);
  close(extra);
  close(c);
}

TEST_CASE_TEMPLATE("Front refuses oversized bodies from the length and bounds what all bodies hold",
                   T, Threads, EventLoops) {
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.limits.max_body_bytes = 4096;
  o.max_buffered_bytes = 6000;
  f.Start(o);
  // 413 at once, before any body byte.
  int big = f.Connect();
  SendAll(big, "POST / HTTP/1.1\r\nContent-Length: 4097\r\n\r\n");
  CHECK(ReadToClose(big).rfind("HTTP/1.1 413 Payload Too Large\r\n", 0) == 0);
  // Two bodies of 3000 bytes in progress do not fit in 6000 with the head.
  int a = f.Connect();
  SendAll(a, "POST / HTTP/1.1\r\nContent-Length: 3500\r\n\r\nxx");
  REQUIRE(Eventually([&] { return f.front.stats().active_connections == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int b = f.Connect();
  SendAll(b, "POST / HTTP/1.1\r\nContent-Length: 3500\r\n\r\nxx");
  std::string rb = ReadToClose(b);
  CHECK(rb.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0) == 0);
  CHECK(rb.find("Retry-After: ") != std::string::npos);
  CHECK(f.front.stats().over_budget == 1);
  // Once the first body is complete the budget is free again.
  SendAll(a, std::string(3498, 'y'));
  std::string buf;
  CHECK(ReadResponse(a, &buf).rfind("HTTP/1.1 200 OK", 0) == 0);
  int c = f.Connect();
  SendAll(c, "POST / HTTP/1.1\r\nContent-Length: 3500\r\n\r\n" + std::string(3500, 'z'));
  CHECK(ReadResponse(c, &buf).rfind("HTTP/1.1 200 OK", 0) == 0);
  for (int fd : {big, a, b, c}) close(fd);
}

TEST_CASE_TEMPLATE(
    "Front answers 100 Continue itself and ends a connection after its request quota", T, Threads,
    EventLoops) {
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.max_requests_per_connection = 2;
  f.Start(o);
  int c = f.Connect();
  std::string buf;
  SendAll(c, "PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
  CHECK(ReadResponse(c, &buf) == "HTTP/1.1 100 Continue\r\n\r\n");
  SendAll(c, "abc");
  std::string r = ReadResponse(c, &buf);
  CHECK(r.find("Expect") == std::string::npos);
  CHECK(r.find("keep-alive") != std::string::npos);
  SendAll(c, "GET /2 HTTP/1.1\r\n\r\n");
  CHECK(ReadResponse(c, &buf).find("\r\nConnection: close\r\n") != std::string::npos);
  CHECK(MsUntilClosed(c, 2000) >= 0);
  close(c);
}

TEST_CASE_TEMPLATE("Front answers 502 when the backend is down, and stops promptly", T, Threads,
                   EventLoops) {
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.backend_port = 1;  // tcpmux: nothing listens there
  f.Start(o);
  int c = f.Connect();
  SendAll(c, "GET / HTTP/1.1\r\n\r\n");
  CHECK(ReadToClose(c).rfind("HTTP/1.1 502 Bad Gateway\r\n", 0) == 0);
  CHECK(f.front.stats().backend_failures == 1);
  int idle = f.Connect();
  REQUIRE(Eventually([&] { return f.front.stats().active_connections == 1; }));
  auto start = SteadyClock::now();
  f.front.Stop();
  CHECK(MsSince(start) < 1500);
  CHECK(f.front.stats().active_connections == 0);
  f.front.Stop();
  close(c);
  close(idle);
}

TEST_CASE_TEMPLATE(
    "Front answers 502 when the backend's connect does not finish in time, serving others meanwhile",
    T, Threads, EventLoops) {
  // A backend that never accepts, its queue full: further connects hang.
  int bound = 0;
  auto stuck = motcua::net::ListenTcp("127.0.0.1", 0, 0, &bound);
  REQUIRE(stuck.ok());
  std::vector<motcua::net::Fd> fillers;
  motcua::net::SocketAddress to_stuck = motcua::net::ResolveTcp("127.0.0.1", bound).value().front();
  for (int i = 0; i < 4; ++i) fillers.push_back(motcua::net::StartConnect(to_stuck).value());
  FrontFixture f(T::kLoops);
  FrontOptions o = f.Options();
  o.backend_port = bound;
  o.event_loops = T::kLoops ? 1 : 0;  // one loop: a blocking connect would stall the other client
  o.backend_connect_timeout_ms = 600;
  o.answer = [](std::string_view request, bool keep_alive, motcua::net::FrontAnswer* a) {
    if (request.rfind("GET /fast ", 0) != 0) return false;
    a->head = std::string("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n") +
              (keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
    a->body = std::make_shared<const std::string>("fast");
    return true;
  };
  f.Start(o);
  int slow = f.Connect();
  auto start = SteadyClock::now();
  SendAll(slow, "GET /slow HTTP/1.1\r\n\r\n");
  REQUIRE(Eventually([&] { return f.front.stats().requests == 1; }));
  int other = f.Connect();
  SendAll(other, "GET /fast HTTP/1.1\r\n\r\n");
  std::string buf;
  CHECK(ReadResponse(other, &buf, 400).find("\r\n\r\nfast") != std::string::npos);
  CHECK(MsSince(start) < 500);  // before the connect deadline
  const std::string r = ReadToClose(slow);
  CHECK(r.rfind("HTTP/1.1 502 Bad Gateway\r\n", 0) == 0);
  CHECK(MsSince(start) >= 550);
  CHECK(f.front.stats().backend_failures == 1);
  close(slow);
  close(other);
}

TEST_CASE("Front refuses unsafe options") {
  FrontFixture f;
  FrontOptions o = f.Options();
  o.backend_host = "192.0.2.1";
  CHECK_FALSE(f.front.Start(o).ok());
  o = f.Options();
  o.shared_secret = "short";
  CHECK_FALSE(f.front.Start(o).ok());
  o = f.Options();
  o.listen = {"127.0.0.1"};
  CHECK_FALSE(f.front.Start(o).ok());
  o = f.Options();
  o.max_buffered_bytes = o.limits.max_body_bytes - 1;
  CHECK_FALSE(f.front.Start(o).ok());
  o = f.Options();
  o.listen = {"127.0.0.1:0", "127.0.0.1:0"};
  CHECK(f.front.Start(o).ok());
  CHECK(f.front.ports().size() == 2);
}
