// Careless and hostile requests against the real server, as raw bytes on a
// socket (no client library tidies them): each gets the right 4xx, never a
// crash or a hang, and the server keeps serving afterwards.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/demo_server.h"
#include "support/echo_backend.h"
#include "support/server_process.h"

using motcua::testing::DemoServer;
using motcua::testing::HttpGet;
using motcua::testing::MsSince;
using motcua::testing::RawConnect;
using motcua::testing::SteadyClock;

namespace {

// The server every request of this file is sent to.
DemoServer& HostileTarget() {
  static DemoServer s;
  return s;
}

// Sends `raw` and returns the whole answer (the server closes after errors;
// keep-alive answers end at their Content-Length). "" after 5 s.
std::string Exchange(const std::string& raw) {
  int fd = RawConnect(HostileTarget().server.port());
  if (fd < 0) return "";
  size_t off = 0;
  while (off < raw.size()) {
    ssize_t n = send(fd, raw.data() + off, raw.size() - off, MSG_NOSIGNAL);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  std::string all;
  char buf[16384];
  auto start = SteadyClock::now();
  while (MsSince(start) < 5000) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    all.append(buf, static_cast<size_t>(n));
    size_t end = all.find("\r\n\r\n");
    size_t cl = all.find("Content-Length: ");
    if (end != std::string::npos && cl < end &&
        all.size() >= end + 4 + std::stoul(all.substr(cl + 16))) {
      break;
    }
  }
  close(fd);
  return all;
}

int StatusOf(const std::string& response) {
  if (response.size() < 12 || response.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(response.substr(9, 3));
}

struct Case {
  std::string name;
  std::string request;
  int status;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::string r = Exchange(c.request);
    CHECK(StatusOf(r) == c.status);
    if (StatusOf(r) >= 400) {
      // A page or a short text for people, JSON for the API; never empty.
      CHECK((r.find("Content-Type: text/") != std::string::npos ||
             r.find("Content-Type: application/json") != std::string::npos));
    }
  }
  // Still alive and serving.
  CHECK(HttpGet(HostileTarget().server.base_url() + "/healthz").status == 200);
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string Get(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
}

}  // namespace

TEST_CASE("hostile: oversized heads, URLs, cookies and bodies get 413/414/431") {
  RunCases({
      {"20 KB header", Get("/", "X-Pad: " + std::string(20000, 'p') + "\r\n"), 431},
      {"16 KB cookie", Get("/", "Cookie: s=" + std::string(16000, 'c') + "\r\n"), 431},
      {"80 cookie lines", Get("/", Repeat("Cookie: a=b\r\n", 80)), 431},
      {"9 KB path", Get("/" + std::string(9000, 'a')), 414},
      {"head without end", "GET /" + std::string(40000, 'a'), 414},
      {"body over 17 MiB by length",
       "POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n", 413},
      {"normal page still fine", Get("/thu-tuc/1.001193"), 200},
  });
}

TEST_CASE("hostile: invalid UTF-8 and percent-encodings get 400") {
  RunCases({
      {"%FF in path", Get("/thu-tuc/%FF"), 400},
      {"raw 0xFF in path", Get("/thu-tuc/\xff"), 400},
      {"truncated UTF-8 in query", Get("/tim-kiem?q=%E1%BB"), 400},
      {"bad UTF-8 in query", Get("/tim-kiem?q=%C3%28"), 400},
      {"overlong slash", Get("/static/%c0%af"), 400},
      {"surrogate", Get("/tim-kiem?q=%ED%A0%80"), 400},
      {"bad escape", Get("/tim-kiem?q=%ZZ"), 400},
      {"cut escape", Get("/thu-tuc/%"), 400},
      {"cut escape in query", Get("/tim-kiem?q=%4"), 400},
      {"NUL in path", Get("/thu-tuc/%00"), 400},
      {"bad UTF-8 in API query", Get("/api/v1/procedures?q=%FF"), 400},
      {"NUL byte in a header", "GET / HTTP/1.1\r\nHost: a" + std::string(1, '\0') + "b\r\n\r\n",
       400},
      {"valid Vietnamese", Get("/tim-kiem?q=%C4%91%E1%BA%A5t"), 200},
  });
}

TEST_CASE("hostile: path traversal in every URL form never leaves the route table") {
  RunCases({
      {"plain dot-dot", Get("/static/../server/main.cpp"), 400},
      {"encoded dot-dot", Get("/static/%2e%2e/server/main.cpp"), 400},
      {"upper-case encoded", Get("/static/%2E%2E%2Fserver%2Fmain.cpp"), 400},
      {"encoded slash", Get("/static/..%2fserver"), 400},
      {"half encoded", Get("/static/.%2e/x"), 400},
      {"single dot", Get("/static/./style.css"), 400},
      {"backslash", Get("/static/..\\server"), 400},
      {"encoded backslash", Get("/static/%5c..%5cserver"), 400},
      {"overlong dots", Get("/static/%c0%ae%c0%ae/x"), 400},
      {"double encoding stays literal", Get("/static/%252e%252e/x"), 404},
      {"double slash", Get("//etc/passwd"), 404},
      {"absolute path after static", Get("/static//etc/passwd"), 404},
      {"relative target", Get("../../etc/passwd"), 400},
      {"absolute-form", Get("http://127.0.0.1/static/../x"), 400},
      {"asterisk", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"dot-dot in API", Get("/api/v1/procedures/%2e%2e"), 400},
      {"dot-dot in query is only text", Get("/tim-kiem?q=../../etc/passwd"), 200},
  });
}

TEST_CASE("hostile: methods a route does not take get 405, framing tricks 400/411/501") {
  RunCases({
      {"DELETE home", "DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", 405},
      {"POST home", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405},
      {"POST search", "POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nq=a", 405},
      {"PUT procedure", "PUT /thu-tuc/1.001193 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
       405},
      {"PATCH API", "PATCH /api/v1/procedures HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
       405},
      {"TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 405},
      {"CONNECT", "CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"unknown method", "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 405},
      {"POST without length", "POST /tim-kiem HTTP/1.1\r\nHost: x\r\n\r\n", 411},
      {"chunked body", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411},
      {"CL and TE", "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
       411},
      {"gzip coding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"two lengths", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
      {"two hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
      {"bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400},
      {"HTTP/0.9", "GET /\r\n\r\n", 400},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505},
      {"forged front headers are dropped",
       Get("/healthz", "X-Motcua-Front: guess\r\nX-Motcua-Client: 10.0.0.1\r\n"), 200},
  });
}
