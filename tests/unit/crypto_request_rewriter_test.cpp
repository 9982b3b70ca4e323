#include <doctest/doctest.h>

#include <string>

#include "crypto/request_rewriter.h"

using motcua::crypto::internal::ErrorResponse;
using motcua::crypto::internal::RequestRewriter;

namespace {

const char kInject[] =
    "X-Motcua-Client: 192.168.4.23\r\nX-Motcua-Tls: 1\r\nX-Motcua-Front: s3cret-s3cret-s3cret\r\n";

RequestRewriter Make() { return RequestRewriter("192.168.4.23", "s3cret-s3cret-s3cret", 1024); }

// Feeds `in` one byte at a time when `bytewise`, else in one call.
int Run(std::string_view in, std::string* out, bool bytewise = false) {
  RequestRewriter r = Make();
  if (bytewise) {
    for (char c : in) r.Feed(std::string_view(&c, 1), out);
  } else {
    r.Feed(in, out);
  }
  return r.error_status();
}

}  // namespace

TEST_CASE("RequestRewriter injects front headers after the request line") {
  for (bool bytewise : {false, true}) {
    std::string out;
    CHECK(Run("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n", &out, bytewise) == 0);
    CHECK(out == std::string("GET /a?b=c HTTP/1.1\r\n") + kInject + "Host: x\r\n\r\n");
  }
}

TEST_CASE("RequestRewriter strips client-sent X-Motcua headers in any spelling") {
  std::string out;
  CHECK(Run("GET / HTTP/1.1\r\nX-Motcua-Client: 10.0.0.1\r\nx-motcua-tls: 1\r\n"
            "X_MOTCUA_FRONT: guess\r\nX-Motcua-Role: admin\r\nHost: x\r\n"
            "X-Motcuax: kept\r\n\r\n",
            &out) == 0);
  CHECK(out == std::string("GET / HTTP/1.1\r\n") + kInject + "Host: x\r\nX-Motcuax: kept\r\n\r\n");
}

TEST_CASE("RequestRewriter follows keep-alive requests with Content-Length bodies") {
  RequestRewriter r = Make();
  std::string out;
  const std::string body = "a=1&b=X-Motcua-Client: evil\r\n\r\nGET";  // body is never parsed
  std::string stream = "POST /f HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n\r\n" + body + "\r\nGET /next HTTP/1.1\r\n\r\n";
  // Split at every position: the result must not depend on how TCP cuts it.
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    RequestRewriter rw = Make();
    std::string o;
    CHECK(rw.Feed(std::string_view(stream).substr(0, cut), &o));
    CHECK(rw.Feed(std::string_view(stream).substr(cut), &o));
    CHECK(rw.requests() == 2);
    CHECK(rw.idle());
    if (cut == 0) out = o;
    CHECK(o == out);
  }
  CHECK(out == "POST /f HTTP/1.1\r\n" + std::string(kInject) +
                   "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body +
                   "GET /next HTTP/1.1\r\n" + kInject + "\r\n");
  CHECK(r.idle());
}

TEST_CASE("RequestRewriter refuses what the backend might frame differently") {
  struct Case {
    const char* in;
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
      {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: x\nX-A: 1\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: a\x01"
       "b\r\n\r\n",
       400},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400},
      {"GET /  HTTP/1.1\r\n\r\n", 400},
      {"GET /\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\n\r\n", 505},
      {"GET / HTTX/1.1\r\n\r\n", 400},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    std::string out;
    CHECK(Run(c.in, &out) == c.status);
    CHECK(out.empty());
  }
}

TEST_CASE("RequestRewriter bounds the head size and stops after an error") {
  RequestRewriter r = Make();
  std::string out;
  std::string big = "GET / HTTP/1.1\r\nX-Pad: " + std::string(1100, 'a');
  CHECK_FALSE(r.Feed(big, &out));
  CHECK(r.error_status() == 431);
  CHECK_FALSE(r.Feed("GET / HTTP/1.1\r\n\r\n", &out));
  CHECK(out.empty());

  // A good request before a bad one is still forwarded.
  RequestRewriter r2 = Make();
  std::string out2;
  CHECK_FALSE(r2.Feed("GET /ok HTTP/1.1\r\n\r\nBAD\r\n\r\n", &out2));
  CHECK(r2.requests() == 1);
  CHECK(out2 == std::string("GET /ok HTTP/1.1\r\n") + kInject + "\r\n");
}

TEST_CASE("RequestRewriter skips stray blank lines between requests") {
  std::string out;
  CHECK(Run("\r\n\r\nGET / HTTP/1.0\r\n\r\n", &out) == 0);
  CHECK(out == std::string("GET / HTTP/1.0\r\n") + kInject + "\r\n");
}

TEST_CASE("ErrorResponse is a complete closing response") {
  std::string r = ErrorResponse(411);
  CHECK(r.rfind("HTTP/1.1 411 Length Required\r\n", 0) == 0);
  CHECK(r.find("Connection: close\r\n") != std::string::npos);
  CHECK(r.find("Content-Length: 20\r\n") != std::string::npos);
  CHECK(r.substr(r.size() - 24) == "\r\n\r\n411 Length Required\n");
}
