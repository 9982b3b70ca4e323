// Officers over HTTPS through the program's own mbedTLS front: a client that
// trusts only the device certificate made at first start logs in and acts;
// plain HTTP from another address is sent to HTTPS; a stalled handshake and
// many idle TLS connections do not delay anyone else.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "core/clock.h"
#include "crypto/tls_client.h"
#include "feedback_client.h"
#include "office_client.h"
#include "store/feedback_repo.h"
#include "support/echo_backend.h"

using namespace motcua::testing;  // NOLINT: test file

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// This machine's first non-loopback IPv4 address, or "".
std::string LanAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string out;
  for (ifaddrs* a = list; a && out.empty(); a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, buf, sizeof buf);
    if (std::string(buf).rfind("127.", 0) != 0) out = buf;
  }
  freeifaddrs(list);
  return out;
}

// Median and worst milliseconds of n calls.
struct Latency {
  double median = 0, max = 0;
};
template <typename F>
Latency Time(int n, F f) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    auto t = SteadyClock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.back()};
}

}  // namespace

TEST_CASE("HTTPS: login and one action with a client that trusts only the device certificate") {
  OfficeServer s(/*https=*/true);
  REQUIRE(s.server->https_port() > 0);
  std::string out;
  REQUIRE(RunMotcua("--show-cert --config " + s.Conf(), "", &out) == 0);
  const std::string fp = Find(out, "SHA-256 fingerprint: ([0-9A-F:]{95})");
  REQUIRE(fp.size() == 95);
  CHECK_FALSE(Contains(out, "made just now"));  // the server made it at first start

  // Without the pin, the self-signed certificate is not trusted.
  HttpOptions system_store;
  HttpResult untrusted = HttpGet(s.HttpsUrl("/can-bo/dang-nhap"), system_store);
  CHECK(untrusted.status == 0);
  CHECK_FALSE(untrusted.error.empty());

  TempDir d;
  Browser b(d, "jar", s.CertFile());
  HttpResult page = b.Get(s.HttpsUrl("/can-bo/dang-nhap"));
  REQUIRE_MESSAGE(page.status == 200, page.error);
  CHECK(Contains(page.body, fp));  // the fingerprint to compare with the browser's
  HttpResult login = b.Login(s.HttpsUrl(""), "lan", kOfficerPassword);
  REQUIRE(login.status == 303);
  CHECK(login.headers["location"] == "/can-bo/");
  CHECK(Contains(login.headers["set-cookie"], "Secure"));
  const std::string csrf = b.Csrf(s.HttpsUrl("/can-bo/niem-yet"));
  HttpResult mark = b.Post(s.HttpsUrl("/can-bo/niem-yet/danh-dau"), "code=1.001193&csrf=" + csrf);
  CHECK(mark.status == 303);
  // The audit log has the real client address the front passed on.
  auto audit = motcua::store::AuditEntries(*s.Db());
  REQUIRE(audit.ok());
  REQUIRE_FALSE(audit->empty());
  CHECK(audit->back().action == "posting.mark");
  CHECK(Contains(audit->back().detail_json, "\"client\":\"127.0.0.1\""));
  // Headers a client forges are stripped by the front, never trusted.
  HttpOptions forged = b.Opt();
  forged.headers = {"X-Motcua-Client: 10.9.9.9", "X-Motcua-Front: guess"};
  CHECK(HttpGet(s.HttpsUrl("/can-bo/"), forged).status == 200);
}

TEST_CASE("officer pages over plain HTTP from another address are redirected to HTTPS") {
  const std::string ip = LanAddress();
  if (ip.empty()) {
    MESSAGE("no non-loopback IPv4 address on this machine: skipped");
    return;
  }
  OfficeServer s(/*https=*/true, "", ip + ":0");
  const std::string base = "http://" + ip + ":" + std::to_string(s.server->port());
  HttpResult r = HttpGet(base + "/can-bo/phan-anh?trang-thai=received");
  CHECK(r.status == 301);
  CHECK(r.headers["location"] == "https://" + ip + ":" + std::to_string(s.server->https_port()) +
                                     "/can-bo/phan-anh?trang-thai=received");
  HttpResult login = HttpGet(base + "/can-bo/dang-nhap");
  CHECK(login.status == 301);
  // Public pages stay on plain HTTP (the kiosk and citizens' phones).
  CHECK(HttpGet(base + "/").status == 200);
  // A forged "I am the front" header from the network is ignored.
  HttpOptions forged;
  forged.headers = {"X-Motcua-Tls: 1", "X-Motcua-Client: 127.0.0.1", "X-Motcua-Front: x"};
  CHECK(HttpGet(base + "/can-bo/dang-nhap", forged).status == 301);
}

TEST_CASE("HTTPS: a stalled handshake and many idle TLS connections do not delay other requests") {
  OfficeServer s(/*https=*/true);
  const int port = s.server->https_port();
  TempDir d;
  Browser b(d, "jar", s.CertFile());
  auto https_get = [&] { CHECK(b.Get(s.HttpsUrl("/can-bo/dang-nhap")).status == 200); };
  auto http_get = [&] { CHECK(HttpGet(s.Url("/")).status == 200); };
  const Latency base_https = Time(20, https_get);
  const Latency base_http = Time(20, http_get);

  // Another phone: half a ClientHello, then silence; and 24 connections that
  // never say anything.
  std::vector<int> raw;
  int stalled = RawConnect(port, "127.0.0.2");
  REQUIRE(stalled >= 0);
  const char half_hello[] = "\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03" "abcdefghijklmnop";
  REQUIRE(send(stalled, half_hello, sizeof half_hello - 1, 0) > 0);
  raw.push_back(stalled);
  for (int i = 0; i < 24; ++i) raw.push_back(RawConnect(port, "127.0.0.2"));
  // 24 finished handshakes that never send a request (more than the 8 HTTP
  // workers: they must not hold any), and 4 that made one request and idle.
  motcua::SystemRng rng;
  motcua::crypto::TlsClientOptions o;
  o.host = "127.0.0.1";
  o.port = port;
  o.trusted_pem = ReadAll(s.CertFile());
  std::vector<std::unique_ptr<motcua::crypto::TlsClient>> idle;
  for (int i = 0; i < 28; ++i) {
    auto c = motcua::crypto::TlsClient::Connect(o, rng);
    REQUIRE_MESSAGE(c.ok(), c.status().ToString());
    if (i < 4) {
      REQUIRE((*c)->WriteAll("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").ok());
      char buf[4096];
      REQUIRE((*c)->Read(buf, sizeof buf).ok());
    }
    idle.push_back(std::move(c).value());
  }
  const Latency busy_https = Time(20, https_get);
  const Latency busy_http = Time(20, http_get);
  MESSAGE("HTTPS login page (new TLS connection each): median " << base_https.median << " ms, max "
          << base_https.max << " ms alone; median " << busy_https.median << " ms, max "
          << busy_https.max << " ms beside 1 stalled handshake, 24 silent TCP and 28 idle TLS");
  MESSAGE("plain HTTP home page: median " << base_http.median << " ms alone; median "
          << busy_http.median << " ms, max " << busy_http.max << " ms beside them");
  CHECK(busy_https.max < 1000);
  CHECK(busy_http.max < 1000);
  CHECK(busy_https.median < base_https.median + 100);
  CHECK(busy_http.median < base_http.median + 100);
  for (int fd : raw) close(fd);
}
