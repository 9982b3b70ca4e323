// The public front answering cached pages itself (ServerOptions::
// cached_dispatch): the bytes a client gets must be exactly those civetweb
// would send for the same response, whichever path answers.
#include <doctest/doctest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "support/echo_backend.h"
#include "web/server.h"

using motcua::testing::RawConnect;
using motcua::web::HttpServer;
using motcua::web::Request;
using motcua::web::Response;
using motcua::web::ServerOptions;

namespace {

// A cached page with a gzip body and an extra header, like PageCache gives.
Response Page(size_t size = 3000) {
  Response r;
  r.cache_control = "no-cache";
  r.shared_body = std::make_shared<const std::string>(std::string(size, 'p'));
  r.shared_gzip = std::make_shared<const std::string>("gzip-bytes");
  r.Header("ETag", "\"v1\"");
  return r;
}

struct Server {
  std::atomic<int> dispatched{0}, from_cache{0};
  std::unique_ptr<HttpServer> http;

  explicit Server(bool fast) {
    ServerOptions o;
    o.listen = "127.0.0.1:0";
    o.threads = 2;
    auto dispatch = [this](Request& req) {
      dispatched++;
      if (req.path == "/page") return Page();
      if (req.path == "/big") return Page(64 * 1024);
      return Response::Text("other " + req.method + " " + req.client_ip, 404);
    };
    if (fast) {
      o.cached_dispatch = [this](Request& req) -> std::optional<Response> {
        if (req.path == "/big") return Page(64 * 1024);
        if (req.path != "/page" || req.Query("miss") == "1") return std::nullopt;
        from_cache++;
        return Page();
      };
    }
    auto s = HttpServer::Start(o, dispatch);
    REQUIRE(s.ok());
    http = std::move(s).value();
  }
  int port() const { return http->Ports().at(0); }
};

// Sends `req` on a new connection and reads until the server closes it.
// `read_after_ms`: with a small receive buffer, start reading only then, so
// the server's answers queue up behind what the socket does not take.
std::string Exchange(int port, const std::string& req, int read_after_ms = 0) {
  int fd = RawConnect(port);
  REQUIRE(fd >= 0);
  if (read_after_ms > 0) {
    int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  }
  REQUIRE(send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
  if (read_after_ms > 0) usleep(read_after_ms * 1000);
  std::string all;
  char buf[8192];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 3000) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return all;
}

}  // namespace

TEST_CASE("Cached pages answered by the front are byte-identical to civetweb's answers") {
  Server fast(true), relayed(false);
  const std::string last = "GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const std::string requests[] = {
      // keep-alive then close on one connection; gzip; HEAD; HTTP/1.0
      "GET /page HTTP/1.1\r\nHost: x\r\n\r\n" + last,
      "GET /page HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n" + last,
      "HEAD /page HTTP/1.1\r\nHost: x\r\n\r\n" + last,
      "HEAD /page HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n",
      "GET /page HTTP/1.0\r\nHost: x\r\n\r\n",
  };
  for (const std::string& req : requests) {
    CAPTURE(req);
    const std::string a = Exchange(fast.port(), req);
    const std::string b = Exchange(relayed.port(), req);
    CHECK(a.find("HTTP/1.1 200 OK\r\n") == 0);
    CHECK(a.find("X-Content-Type-Options: nosniff\r\n") != std::string::npos);
    CHECK(a.find("Vary: Accept-Encoding\r\n") != std::string::npos);
    CHECK(a == b);
  }
  CHECK(fast.dispatched == 0);
  CHECK(fast.from_cache == 8);
  CHECK(fast.http->front_stats().answered == 8);
  CHECK(relayed.from_cache == 0);
}

TEST_CASE("Answers sent from the cache's shared bytes keep their order with relayed ones") {
  // A 64 KiB cached body is still being sent (the client reads late) when
  // the next answers queue behind it: another cached one, then one relayed
  // to the app, then a cached one again. Same bytes, same order, either path.
  Server fast(true), relayed(false);
  const std::string req =
      "GET /big HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
      "GET /page?miss=1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  for (int read_after_ms : {0, 300}) {
    CAPTURE(read_after_ms);
    const std::string a = Exchange(fast.port(), req, read_after_ms);
    const std::string b = Exchange(relayed.port(), req, read_after_ms);
    CHECK(a.size() > 2 * 64 * 1024);  // two plain bodies, one gzip, one HEAD
    CHECK(a == b);
  }
  CHECK(fast.from_cache == 0);                            // /big is not counted there
  CHECK(fast.http->front_stats().answered == 2 * 4);      // every /big, GET and HEAD
  CHECK(fast.dispatched == 2);                            // the miss, twice
}

TEST_CASE("What the cache does not hold, and every other method, still goes to the app") {
  Server fast(true);
  std::string r = Exchange(fast.port(), "GET /page?miss=1 HTTP/1.1\r\nConnection: close\r\n\r\n");
  CHECK(r.find("HTTP/1.1 200 OK\r\n") == 0);
  CHECK(fast.dispatched == 1);
  // POST is never offered to the cache, even for a cached path.
  r = Exchange(fast.port(), "POST /page HTTP/1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab");
  CHECK(r.find("HTTP/1.1 200 OK\r\n") == 0);
  CHECK(fast.dispatched == 2);
  // The app still sees the client's address as the front reports it.
  r = Exchange(fast.port(), "GET /else HTTP/1.1\r\nConnection: close\r\n\r\n");
  CHECK(r.find("other GET 127.0.0.1") != std::string::npos);
  CHECK(fast.from_cache == 0);
  CHECK(fast.http->front_stats().answered == 0);
}

TEST_CASE("A client that pipelines cached requests and never reads cannot grow the front's buffer") {
  Server fast(true);
  int fd = RawConnect(fast.port());
  REQUIRE(fd >= 0);
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  std::string burst;
  for (int i = 0; i < 2000; ++i) burst += "GET /big HTTP/1.1\r\n\r\n";
  size_t off = 0;
  for (int tries = 0; off < burst.size() && tries < 200; ++tries) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, 10) <= 0) continue;
    ssize_t n = send(fd, burst.data() + off, burst.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) off += static_cast<size_t>(n);
  }
  usleep(300 * 1000);
  // Each answer is 64 KiB: 2000 of them would be 128 MiB. The front stops at
  // its 256 KiB output buffer plus what the sockets hold (a few MiB at most).
  const uint64_t answered = fast.http->front_stats().answered;
  CHECK(answered > 0);
  CHECK(answered < 200);
  close(fd);
}
