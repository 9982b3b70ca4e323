#include <doctest/doctest.h>

#include <string>

#include "net/http_head.h"

using motcua::net::ErrorResponse;
using motcua::net::RequestLimits;
using motcua::net::RequestReader;
using motcua::net::ResponseFixer;
using State = RequestReader::State;

namespace {

const char kInject[] =
    "X-Motcua-Client: 192.168.4.23\r\nX-Motcua-Tls: 1\r\nX-Motcua-Front: s3cret-s3cret-s3cret\r\n";
const std::string kAfterLine = std::string(kInject) + "Connection: close\r\n";

RequestReader Make(RequestLimits limits = {}) {
  if (limits.max_head_bytes == RequestLimits().max_head_bytes) limits.max_head_bytes = 1024;
  return RequestReader(kInject, limits);
}

// Feeds all of `in` (one byte at a time when `bytewise`), taking each
// complete request; returns the requests' bytes concatenated and the error.
int Run(std::string_view in, std::string* out, bool bytewise = false, RequestLimits limits = {}) {
  RequestReader r = Make(limits);
  while (!in.empty() && r.state() != State::kError) {
    size_t used = r.Feed(bytewise ? in.substr(0, 1) : in);
    in.remove_prefix(used);
    if (r.state() == State::kComplete) *out += r.Take().bytes;
    if (used == 0 && r.state() != State::kIdle) break;
  }
  return r.error_status();
}

}  // namespace

TEST_CASE("RequestReader injects front headers and Connection: close after the request line") {
  for (bool bytewise : {false, true}) {
    std::string out;
    CHECK(Run("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n", &out, bytewise) == 0);
    CHECK(out == "GET /a?b=c HTTP/1.1\r\n" + kAfterLine + "Host: x\r\n\r\n");
  }
}

TEST_CASE("RequestReader strips client-sent X-Motcua and hop-by-hop headers") {
  std::string out;
  CHECK(Run("GET / HTTP/1.1\r\nX-Motcua-Client: 10.0.0.1\r\nx-motcua-tls: 1\r\n"
            "X_MOTCUA_FRONT: guess\r\nX-Motcua-Role: admin\r\nHost: x\r\n"
            "Connection: keep-alive, Upgrade\r\nUpgrade: websocket\r\nKeep-Alive: 300\r\n"
            "X-Motcuax: kept\r\n\r\n",
            &out) == 0);
  CHECK(out == "GET / HTTP/1.1\r\n" + kAfterLine + "Host: x\r\nX-Motcuax: kept\r\n\r\n");
}

TEST_CASE("RequestReader returns one request at a time, whatever the TCP cuts") {
  // The body is never parsed: bare LF or CR in it (a textarea's lines) is fine.
  const std::string body = "a=1&b=X-Motcua-Client: evil\r\n\r\nGET\nline\rx\n";
  const std::string stream = "POST /f HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) +
                             "\r\n\r\n" + body + "\r\nGET /next HTTP/1.1\r\n\r\n";
  const std::string want = "POST /f HTTP/1.1\r\n" + kAfterLine +
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body +
                           "GET /next HTTP/1.1\r\n" + kAfterLine + "\r\n";
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    CAPTURE(cut);
    RequestReader r = Make();
    std::string out;
    std::string_view parts[2] = {std::string_view(stream).substr(0, cut),
                                 std::string_view(stream).substr(cut)};
    for (std::string_view p : parts) {
      while (!p.empty()) {
        size_t used = r.Feed(p);
        p.remove_prefix(used);
        if (r.state() == State::kComplete) out += r.Take().bytes;
        if (used == 0) break;
      }
    }
    CHECK(r.requests() == 2);
    CHECK(r.state() == State::kIdle);
    CHECK(out == want);
  }
}

TEST_CASE("RequestReader stops at the end of each request and reports its length") {
  RequestReader r = Make();
  const std::string two = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\n\r\n";
  size_t used = r.Feed(two);
  CHECK(r.state() == State::kComplete);
  CHECK(r.content_length() == 3);
  CHECK(two.substr(used) == "GET /b HTTP/1.1\r\n\r\n");
  CHECK(r.Feed("more") == 0);  // nothing more until Take()
  RequestReader::Request req = r.Take();
  CHECK(req.keep_alive);
  CHECK_FALSE(req.head_method);
  CHECK(r.Feed(two.substr(used)) == two.size() - used);
  CHECK(r.state() == State::kComplete);
}

TEST_CASE("RequestReader tells what the client asked about keep-alive and continue") {
  struct Case {
    const char* in;
    bool keep_alive;
    bool head;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\n\r\n", true, false},
      {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false, false},
      {"GET / HTTP/1.1\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", false, false},
      {"GET / HTTP/1.0\r\n\r\n", false, false},
      {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true, false},
      {"HEAD / HTTP/1.1\r\n\r\n", true, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    RequestReader r = Make();
    r.Feed(c.in);
    REQUIRE(r.state() == State::kComplete);
    RequestReader::Request req = r.Take();
    CHECK(req.keep_alive == c.keep_alive);
    CHECK(req.head_method == c.head);
  }
  RequestReader r = Make();
  r.Feed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  CHECK(r.state() == State::kBody);
  CHECK(r.expects_continue());
  r.Feed("ok");
  std::string bytes = r.Take().bytes;
  CHECK(bytes.find("Expect") == std::string::npos);
  CHECK(bytes.substr(bytes.size() - 6) == "\r\n\r\nok");
}

TEST_CASE("RequestReader refuses what the backend might frame differently, and oversize") {
  struct Case {
    std::string in;
    int status;
  };
  const Case cases[] = {
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
      {"POST / HTTP/1.1\r\nHost: x\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 1000000000000000\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nContent-Length: 2049\r\n\r\n", 413},
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nExpect: 200-ok\r\n\r\n", 417},
      {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n", 400},
      {"GET / HTTP/1.1\nHost: x\n", 400},  // answered before any blank line
      {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400},
      {std::string("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", 29), 400},
      {"GET / HTTP/1.1\r\nHost: a\x01"
       "b\r\n\r\n",
       400},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
      {"GET /  HTTP/1.1\r\n\r\n", 400},
      {"GET /\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / HTTX/1.1\r\n\r\n", 400},
      {"GET http://x/ HTTP/1.1\r\n\r\n", 400},
      {"OPTIONS * HTTP/1.1\r\n\r\n", 400},
      {"GET ../x HTTP/1.1\r\n\r\n", 400},
      {"GET /\xc3\xa1 HTTP/1.1\r\n\r\n", 400},
      {"TRACE / HTTP/1.1\r\n\r\n", 405},
      {"CONNECT /:443 HTTP/1.1\r\n\r\n", 405},
      {"BREW / HTTP/1.1\r\n\r\n", 405},
      {"GET /" + std::string(300, 'a') + " HTTP/1.1\r\n\r\n", 414},
      {"GET /" + std::string(600, 'a'), 414},  // no end of line in sight
      {"GET / HTTP/1.1\r\nCookie: " + std::string(1100, 'c') + "\r\n\r\n", 431},
  };
  RequestLimits limits;
  limits.max_target_bytes = 256;
  limits.max_body_bytes = 2048;
  for (const Case& c : cases) {
    CAPTURE(c.in);
    for (bool bytewise : {false, true}) {
      std::string out;
      CHECK(Run(c.in, &out, bytewise, limits) == c.status);
      CHECK(out.empty());
    }
  }
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < motcua::net::kMaxHeaderLines + 1; ++i) many += "A: b\r\n";
  std::string out;
  CHECK(Run(many + "\r\n", &out) == 431);
}

TEST_CASE("RequestReader keeps a good request before a bad one, then stops") {
  RequestReader r = Make();
  const std::string in = "GET /ok HTTP/1.1\r\n\r\nBAD\r\n\r\n";
  size_t used = r.Feed(in);
  REQUIRE(r.state() == State::kComplete);
  CHECK(r.Take().bytes == "GET /ok HTTP/1.1\r\n" + kAfterLine + "\r\n");
  r.Feed(in.substr(used));
  CHECK(r.state() == State::kError);
  CHECK(r.error_status() == 400);
  CHECK(r.Feed("GET / HTTP/1.1\r\n\r\n") == 0);
}

TEST_CASE("RequestReader skips stray blank lines between requests") {
  std::string out;
  CHECK(Run("\r\n\r\nGET / HTTP/1.0\r\n\r\n", &out) == 0);
  CHECK(out == "GET / HTTP/1.0\r\n" + kAfterLine + "\r\n");
}

TEST_CASE("ResponseFixer keeps the client connection only when it may") {
  struct Case {
    bool head_request;
    bool client_keep_alive;
    std::string in;
    bool keep;
  };
  const std::string ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
  const Case cases[] = {
      {false, true, ok + "Content-Length: 2\r\nConnection: close\r\n\r\nhi", true},
      {false, false, ok + "Content-Length: 2\r\nConnection: keep-alive\r\n\r\nhi", false},
      {false, true, ok + "Connection: close\r\n\r\nhi", false},  // framed by close only
      {false, true, ok + "Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n", true},
      {true, true, ok + "\r\n", true},
      {false, true, "HTTP/1.1 304 Not Modified\r\n\r\n", true},
      {false, true, "garbage\r\n\r\nhi", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    for (size_t cut : {size_t{1}, c.in.size()}) {
      ResponseFixer f(c.head_request, c.client_keep_alive);
      std::string out;
      for (size_t i = 0; i < c.in.size(); i += cut)
        f.Feed(std::string_view(c.in).substr(i, cut), &out);
      CHECK(f.head_done());
      CHECK(f.keep_alive() == c.keep);
      if (c.in.rfind("HTTP/", 0) == 0) {
        CHECK(out.find(c.keep ? "\r\nConnection: keep-alive\r\n\r\n"
                              : "\r\nConnection: close\r\n\r\n") != std::string::npos);
        size_t n = 0;
        for (size_t p = out.find("Connection:"); p != std::string::npos;
             p = out.find("Connection:", p + 1)) {
          ++n;
        }
        CHECK(n == 1);
      } else {
        CHECK(out == c.in);
      }
    }
  }
}

TEST_CASE("ResponseFixer gives the same bytes wherever TCP cuts the response") {
  // The head is held until its blank line, which may start in one piece and end in the next;
  // the body passes through without being held.
  const std::string in =
      "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\nbody\r\n\r\nmore";
  ResponseFixer whole(false, true);
  std::string want;
  whole.Feed(in, &want);
  REQUIRE(
      want ==
      "HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: keep-alive\r\n\r\nbody\r\n\r\nmore");
  for (size_t at = 1; at < in.size(); ++at) {
    CAPTURE(at);
    ResponseFixer f(false, true);
    std::string out;
    f.Feed(std::string_view(in).substr(0, at), &out);
    f.Feed(std::string_view(in).substr(at), &out);
    CHECK(out == want);
  }
  for (size_t cut = 1; cut <= 7; ++cut) {
    CAPTURE(cut);
    ResponseFixer f(false, true);
    std::string out;
    for (size_t i = 0; i < in.size(); i += cut) f.Feed(std::string_view(in).substr(i, cut), &out);
    CHECK(out == want);
  }
}

TEST_CASE("ErrorResponse is a complete closing response with a Vietnamese line") {
  for (int status : {400, 405, 408, 411, 413, 414, 417, 431, 501, 502, 503, 504, 505}) {
    CAPTURE(status);
    std::string r = ErrorResponse(status);
    CHECK(r.rfind("HTTP/1.1 " + std::to_string(status) + " ", 0) == 0);
    CHECK(r.find("Connection: close\r\n") != std::string::npos);
    size_t end = r.find("\r\n\r\n");
    size_t cl = r.find("Content-Length: ");
    CHECK(std::stoul(r.substr(cl + 16)) == r.size() - end - 4);
  }
  CHECK(ErrorResponse(418).rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
  CHECK(ErrorResponse(413).find("Yêu cầu quá lớn.") != std::string::npos);
  CHECK(ErrorResponse(503).find("Retry-After: 5\r\n") != std::string::npos);
}
