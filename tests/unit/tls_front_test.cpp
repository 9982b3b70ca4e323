// The HTTPS front over real sockets on 127.0.0.1: a tiny plain HTTP backend
// that echoes each request head, the front before it, and TlsClient. The
// connection rules themselves are net::Front's (net_front_test.cpp).
#include "crypto/tls_front.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "crypto/cert.h"
#include "crypto/random.h"
#include "crypto/tls_client.h"
#include "support/echo_backend.h"

using namespace motcua::crypto;
using motcua::Code;
using motcua::testing::EchoBackend;
using motcua::testing::Eventually;
using motcua::testing::kFrontSecret;
using motcua::testing::MsSince;
using motcua::testing::MsUntilClosed;
using motcua::testing::RawConnect;
using motcua::testing::SteadyClock;

namespace {

// Certificates are checked against the real time, so they are made with it.
const int64_t kRealNow = motcua::SystemClock().NowUnixMs();

// Reads one HTTP response (head + Content-Length body) from `c`; `buf`
// carries bytes of the next response between calls.
std::string ReadResponse(TlsClient& c, std::string* buf) {
  char tmp[4096];
  for (;;) {
    size_t end = buf->find("\r\n\r\n");
    if (end != std::string::npos) {
      size_t cl = buf->find("Content-Length: ");
      size_t len = cl < end ? std::stoul(buf->substr(cl + 16)) : 0;
      if (buf->size() >= end + 4 + len) {
        std::string r = buf->substr(0, end + 4 + len);
        buf->erase(0, r.size());
        return r;
      }
    }
    motcua::Result<size_t> n = c.Read(tmp, sizeof tmp);
    if (!n.ok() || *n == 0) return "EOF:" + *buf;
    buf->append(tmp, *n);
  }
}

// True when the server has closed `c` (EOF or reset), not merely gone quiet.
bool ClosedByPeer(TlsClient& c) {
  char ch;
  motcua::Result<size_t> n = c.Read(&ch, 1);
  if (n.ok()) return *n == 0;
  return n.status().message().find("timed out") == std::string::npos;
}

struct TlsFrontFixture {
  std::unique_ptr<DrbgRng> rng = DrbgRng::Create().value();
  CertAndKey cert = MakeSelfSignedCert("motcua-test", 30, kRealNow, *rng).value();
  EchoBackend backend;
  TlsFront front;

  TlsFrontOptions Options() {
    TlsFrontOptions o;
    o.front.listen = {"127.0.0.1:0"};
    o.cert_pem = cert.cert_pem;
    o.key_pem = cert.key_pem;
    o.front.backend_port = backend.port();
    o.front.shared_secret = kFrontSecret;
    return o;
  }
  void Start(TlsFrontOptions o) { REQUIRE(front.Start(std::move(o)).ok()); }
  void Start() { Start(Options()); }

  motcua::Result<std::unique_ptr<TlsClient>> Connect(const std::string& trusted,
                                                     const std::string& name = "") {
    TlsClientOptions o;
    o.host = "127.0.0.1";
    o.port = front.port();
    o.trusted_pem = trusted;
    o.server_name = name;
    o.connect_timeout_ms = 5000;
    o.io_timeout_ms = 5000;
    return TlsClient::Connect(o, *rng);
  }
};

}  // namespace

TEST_CASE("TlsFront relays keep-alive requests and injects the front headers") {
  TlsFrontFixture f;
  f.Start();
  CHECK(f.front.port() > 0);
  auto client = f.Connect(f.cert.cert_pem, "localhost").value();
  std::string buf;

  REQUIRE(client
              ->WriteAll("GET /a HTTP/1.1\r\nHost: localhost\r\nX-Motcua-Client: 6.6.6.6\r\n"
                         "X-Motcua-Tls: 0\r\nx-motcua-front: forged\r\n\r\n")
              .ok());
  std::string r1 = ReadResponse(*client, &buf);
  CHECK(r1.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(r1.find("\r\n\r\nGET /a HTTP/1.1\r\nX-Motcua-Client: 127.0.0.1\r\nX-Motcua-Tls: 1\r\n"
                "X-Motcua-Front: front-secret-0123456789\r\nConnection: close\r\n"
                "Host: localhost\r\n\r\n") != std::string::npos);
  CHECK(r1.find("\r\nConnection: keep-alive\r\n\r\n") != std::string::npos);
  CHECK(r1.find("6.6.6.6") == std::string::npos);
  CHECK(r1.find("forged") == std::string::npos);
  CHECK(r1.find("X-Motcua-Tls: 0") == std::string::npos);

  // A second request with a body on the same connection.
  const std::string form = "ho_ten=Lò Văn A&noi_dung=X-Motcua-Client: 1.2.3.4\r\n\r\n";
  REQUIRE(client
              ->WriteAll("POST /form HTTP/1.1\r\nHost: localhost\r\nContent-Length: " +
                         std::to_string(form.size()) + "\r\n\r\n" + form)
              .ok());
  std::string r2 = ReadResponse(*client, &buf);
  CHECK(r2.find("POST /form HTTP/1.1\r\nX-Motcua-Client: 127.0.0.1\r\n") != std::string::npos);
  CHECK(r2.substr(r2.size() - form.size()) == form);  // bodies pass untouched

  // One backend connection per request: a worker is held only while it
  // handles one complete request.
  CHECK(f.backend.connections() == 2);
  TlsFrontStats s = f.front.stats();
  CHECK(s.requests == 2);
  CHECK(s.handshakes_ok == 1);
  CHECK(s.active_connections == 1);
  client->Close();
}

TEST_CASE("TlsFront takes every net::Front limit: a connection's request quota, the target size") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  o.front.max_requests_per_connection = 2;
  o.front.limits.max_target_bytes = 256;
  f.Start(o);
  auto client = f.Connect(f.cert.cert_pem, "localhost").value();
  std::string buf;
  REQUIRE(client->WriteAll("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n").ok());
  CHECK(ReadResponse(*client, &buf).find("\r\nConnection: keep-alive\r\n") != std::string::npos);
  REQUIRE(client->WriteAll("GET /2 HTTP/1.1\r\nHost: localhost\r\n\r\n").ok());
  // The second of two allowed: the front ends the connection after it.
  CHECK(ReadResponse(*client, &buf).find("\r\nConnection: close\r\n") != std::string::npos);
  client->Close();

  auto c2 = f.Connect(f.cert.cert_pem, "localhost").value();
  std::string buf2;
  REQUIRE(c2->WriteAll("GET /" + std::string(300, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .ok());
  CHECK(ReadResponse(*c2, &buf2).rfind("HTTP/1.1 414 ", 0) == 0);
  c2->Close();
  CHECK(f.backend.connections() == 2);
}

TEST_CASE("TlsClient refuses a server outside its pinned trust") {
  TlsFrontFixture f;
  f.Start();
  CertAndKey other = MakeSelfSignedCert("motcua-test", 30, kRealNow, *f.rng).value();
  auto bad = f.Connect(other.cert_pem);
  CHECK(bad.status().code() == Code::kPermissionDenied);
  auto wrong_name = f.Connect(f.cert.cert_pem, "hub.example.org");
  CHECK(wrong_name.status().code() == Code::kPermissionDenied);
  auto good = f.Connect(f.cert.cert_pem, "localhost");
  CHECK_MESSAGE(good.ok(), good.status().ToString());
  // The front sees the clients' alerts as failed handshakes.
  CHECK(Eventually([&] { return f.front.stats().handshakes_failed == 2; }));
  CHECK(f.backend.connections() == 0);
}

TEST_CASE("TlsClient refuses an expired pinned certificate") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  CertAndKey old =
      MakeSelfSignedCert("motcua-test", 30, kRealNow - 400LL * 86400 * 1000, *f.rng).value();
  o.cert_pem = old.cert_pem;
  o.key_pem = old.key_pem;
  f.Start(o);
  auto c = f.Connect(old.cert_pem);
  CHECK(c.status().code() == Code::kPermissionDenied);
  CHECK(c.status().message().find("expired") != std::string::npos);
}

TEST_CASE("Stalled handshakes and idle connections do not delay a request") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  o.front.handshake_timeout_ms = 1500;
  o.front.keep_alive_ms = 5000;
  f.Start(o);

  // Half a ClientHello: a record header promising 200 bytes, then silence.
  int stalled = RawConnect(f.front.port());
  auto stalled_since = SteadyClock::now();
  REQUIRE(stalled >= 0);
  const char half_hello[] =
      "\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03"
      "abcdefghijklmnop";
  REQUIRE(send(stalled, half_hello, sizeof half_hello - 1, 0) > 0);
  std::vector<int> idle_tcp;
  for (int i = 0; i < 20; ++i) idle_tcp.push_back(RawConnect(f.front.port()));
  std::vector<std::unique_ptr<TlsClient>> idle_tls;  // handshake done, no request
  for (int i = 0; i < 3; ++i) idle_tls.push_back(f.Connect(f.cert.cert_pem).value());

  auto start = SteadyClock::now();
  auto client = f.Connect(f.cert.cert_pem).value();
  REQUIRE(client->WriteAll("GET /now HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  std::string buf;
  std::string r = ReadResponse(*client, &buf);
  double ms = MsSince(start);
  MESSAGE("request beside 1 stalled + 20 idle TCP + 3 idle TLS connections: " << ms << " ms");
  CHECK(r.rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(ms < 2000);
  // All 25 are still open unless the handshake timeout already passed (slow
  // machines: the arm64 tests run under qemu, where each handshake is slow).
  if (MsSince(stalled_since) < o.front.handshake_timeout_ms - 200)
    CHECK(f.front.stats().active_connections == 25);
  // Only the one real request reached the backend.
  CHECK(f.backend.connections() == 1);

  // The handshake timeout closes the stalled connection (and the idle TCP
  // ones, which never started a handshake); idle TLS ones live on.
  double waited = MsUntilClosed(stalled, 4000);
  double closed_after = waited < 0 ? -1 : MsSince(stalled_since);
  MESSAGE("stalled handshake closed after " << closed_after << " ms (timeout 1500)");
  CHECK(closed_after > 1000);
  CHECK(closed_after < 3500);
  for (int fd : idle_tcp) CHECK(MsUntilClosed(fd, 2000) >= 0);
  CHECK(Eventually([&] { return f.front.stats().active_connections == 4; }));
  CHECK(f.front.stats().handshake_timeouts == 21);
  close(stalled);
  for (int fd : idle_tcp) close(fd);
}

TEST_CASE("Idle TLS connections time out, trickling a head does not keep one alive") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  o.front.keep_alive_ms = 600;
  o.front.request_timeout_ms = 600;
  f.Start(o);
  auto idle = f.Connect(f.cert.cert_pem).value();
  auto slow = f.Connect(f.cert.cert_pem).value();
  auto start = SteadyClock::now();
  bool write_failed = false;
  for (int i = 0; i < 30 && !write_failed; ++i) {  // one header byte every 50 ms
    write_failed = !slow->WriteAll(i == 0 ? "GET / HTTP/1.1\r\nX-Slow: " : "a").ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(ClosedByPeer(*idle));
  auto rest = slow->ReadToEnd(4096);
  if (rest.ok()) CHECK(rest->rfind("HTTP/1.1 408 Request Timeout\r\n", 0) == 0);
  CHECK(MsSince(start) < 1600);
  CHECK(Eventually([&] {
    return f.front.stats().keep_alive_timeouts == 1 && f.front.stats().request_timeouts == 1;
  }));
  CHECK(f.backend.connections() == 0);
}

TEST_CASE("TlsFront relays large bodies both ways and pipelined requests") {
  TlsFrontFixture f;
  f.Start();
  auto client = f.Connect(f.cert.cert_pem).value();
  std::string big(1 << 20, 'x');
  for (size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
  REQUIRE(client
              ->WriteAll("PUT /big HTTP/1.1\r\nContent-Length: " + std::to_string(big.size()) +
                         "\r\n\r\n" + big + "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n")
              .ok());
  std::string buf;
  std::string r = ReadResponse(*client, &buf);
  CHECK(r.size() > big.size());
  CHECK(r.substr(r.size() - big.size()) == big);
  CHECK(ReadResponse(*client, &buf).find("\r\n\r\nGET /1 HTTP/1.1\r\n") != std::string::npos);
  CHECK(ReadResponse(*client, &buf).find("\r\n\r\nGET /2 HTTP/1.1\r\n") != std::string::npos);
  CHECK(f.front.stats().requests == 3);
}

TEST_CASE("TlsFront serves parallel clients") {
  TlsFrontFixture f;
  f.Start();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto c = f.Connect(f.cert.cert_pem);
      if (!c.ok()) return;
      std::string buf;
      for (int i = 0; i < 5; ++i) {
        std::string path = "/t" + std::to_string(t) + "/" + std::to_string(i);
        if (!(*c)->WriteAll("GET " + path + " HTTP/1.1\r\n\r\n").ok()) return;
        if (ReadResponse(**c, &buf).find("GET " + path + " ") != std::string::npos) ok++;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == 40);
  CHECK(f.backend.connections() == 40);
}

TEST_CASE("TlsFront closes connections beyond its limits at once") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  o.front.max_connections = 2;
  f.Start(o);
  int a = RawConnect(f.front.port());
  int b = RawConnect(f.front.port());
  // Both must be admitted before the third arrives.
  REQUIRE(Eventually([&] { return f.front.stats().active_connections == 2; }));
  int c = RawConnect(f.front.port());
  double ms = MsUntilClosed(c, 2000);
  CHECK(ms >= 0);
  CHECK(ms < 500);
  CHECK(f.front.stats().rejected == 1);
  CHECK(MsUntilClosed(a, 0) < 0);  // still open
  close(a);
  close(b);
  close(c);
}

TEST_CASE("TlsFront answers bad framing itself without reaching the backend") {
  TlsFrontFixture f;
  f.Start();
  auto client = f.Connect(f.cert.cert_pem).value();
  REQUIRE(client
              ->WriteAll("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "5\r\nhello\r\n0\r\n\r\n")
              .ok());
  std::string all = client->ReadToEnd(4096).value();
  CHECK(all.rfind("HTTP/1.1 411 Length Required\r\n", 0) == 0);
  CHECK(f.backend.connections() == 0);
  CHECK(f.front.stats().bad_requests == 1);
}

TEST_CASE("After a bad request the front finishes earlier responses, then answers it") {
  TlsFrontFixture f;
  f.Start();
  auto client = f.Connect(f.cert.cert_pem).value();
  REQUIRE(client->WriteAll("GET /ok HTTP/1.1\r\n\r\nGET /bad HTTP/1.1\r\nHost : x\r\n\r\n").ok());
  std::string all = client->ReadToEnd(8192).value();
  size_t second = all.find("HTTP/1.1 400 Bad Request\r\n");
  CHECK(all.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(all.find("GET /ok HTTP/1.1\r\n") < second);
  CHECK(second != std::string::npos);
  CHECK(all.find("/bad") == std::string::npos);
}

TEST_CASE("TlsFront answers 502 when the backend is down") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  o.front.backend_port = 1;  // tcpmux: nothing listens there
  f.Start(o);
  auto client = f.Connect(f.cert.cert_pem).value();
  REQUIRE(client->WriteAll("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  std::string all = client->ReadToEnd(4096).value();
  CHECK(all.rfind("HTTP/1.1 502 Bad Gateway\r\n", 0) == 0);
  CHECK(f.front.stats().backend_failures == 1);
}

TEST_CASE("TlsFront stops promptly with connections open") {
  TlsFrontFixture f;
  f.Start();
  auto idle = f.Connect(f.cert.cert_pem).value();
  int raw = RawConnect(f.front.port());
  auto start = SteadyClock::now();
  f.front.Stop();
  CHECK(MsSince(start) < 1500);
  CHECK(f.front.stats().active_connections == 0);
  f.front.Stop();  // twice is fine
  close(raw);
}

TEST_CASE("TlsFront refuses unsafe options") {
  TlsFrontFixture f;
  TlsFrontOptions o = f.Options();
  o.front.backend_host = "192.0.2.1";
  CHECK(f.front.Start(o).code() == Code::kInvalidArgument);
  o = f.Options();
  o.front.shared_secret = "short";
  CHECK(f.front.Start(o).code() == Code::kInvalidArgument);
  o = f.Options();
  o.front.shared_secret = "has a space but is long";
  CHECK(f.front.Start(o).code() == Code::kInvalidArgument);
  o = f.Options();
  o.key_pem = MakeSelfSignedCert("x", 1, kRealNow, *f.rng).value().key_pem;
  CHECK(f.front.Start(o).code() == Code::kInvalidArgument);
  CHECK(f.front.Start(f.Options()).ok());
  CHECK(f.front.Start(f.Options()).code() == Code::kAlreadyExists);
}
