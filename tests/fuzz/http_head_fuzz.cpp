// libFuzzer target for the fronts' HTTP framing (server/net/http_head.h):
// every byte a client sends passes through RequestReader before civetweb
// sees anything, and every response head through ResponseFixer. The first
// input byte seeds how the stream is cut into reads. Broken promises trap:
// a reader that uses more than it was given, a forwarded request without the
// injected lines right after its request line, a client-sent X-Motcua
// header or hop-by-hop header reaching the backend, a body of the wrong
// length, or an error status outside the documented set.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "net/http_head.h"

namespace {

using motcua::net::RequestLimits;
using motcua::net::RequestReader;
using motcua::net::ResponseFixer;
using State = RequestReader::State;

const char kInject[] = "X-Motcua-Client: 10.0.0.9\r\nX-Motcua-Tls: 0\r\nX-Motcua-Front: s3cret\r\n";

std::string Normalized(std::string_view name) {
  std::string n(name);
  for (char& c : n) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '_') c = '-';
  }
  return n;
}

void CheckRequest(const RequestReader::Request& r, uint64_t content_length) {
  const std::string injected = std::string(kInject) + "Connection: close\r\n";
  const size_t line_end = r.bytes.find("\r\n");
  FUZZ_REQUIRE(line_end != std::string::npos);
  FUZZ_REQUIRE(r.bytes.compare(line_end + 2, injected.size(), injected) == 0);
  const size_t head_end = r.bytes.find("\r\n\r\n");
  FUZZ_REQUIRE(head_end != std::string::npos);
  FUZZ_REQUIRE(r.bytes.size() - head_end - 4 == content_length);
  // Past the injected lines, no header the front owns.
  size_t pos = line_end + 2 + injected.size();
  while (pos < head_end + 2) {
    const size_t eol = r.bytes.find("\r\n", pos);
    const std::string_view line = std::string_view(r.bytes).substr(pos, eol - pos);
    const std::string name = Normalized(line.substr(0, line.find(':')));
    FUZZ_REQUIRE(name.rfind("x-motcua-", 0) != 0);
    for (const char* hop : {"connection", "keep-alive", "proxy-connection", "upgrade", "te",
                            "expect", "transfer-encoding"}) {
      FUZZ_REQUIRE(name != hop);
    }
    pos = eol + 2;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint32_t cut_seed = data[0];
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  RequestLimits limits;
  limits.max_head_bytes = 1024;
  limits.max_target_bytes = 256;
  limits.max_body_bytes = 4096;
  RequestReader reader(kInject, limits);
  std::string_view rest = in;
  int rounds = 0;
  while (!rest.empty() && rounds++ < 100000) {
    const size_t cut = 1 + (cut_seed * 2654435761u >> 7) % 64;
    cut_seed = cut_seed * 1103515245u + 12345u;
    const std::string_view piece = rest.substr(0, cut);
    const size_t used = reader.Feed(piece);
    FUZZ_REQUIRE(used <= piece.size());
    rest.remove_prefix(used);
    if (reader.state() == State::kComplete) {
      const uint64_t cl = reader.content_length();
      FUZZ_REQUIRE(cl <= limits.max_body_bytes);
      CheckRequest(reader.Take(), cl);
      FUZZ_REQUIRE(reader.state() == State::kIdle);
    } else if (reader.state() == State::kError) {
      const int s = reader.error_status();
      FUZZ_REQUIRE(s == 400 || s == 405 || s == 411 || s == 413 || s == 414 || s == 417 ||
                   s == 431 || s == 501 || s == 505);
      FUZZ_REQUIRE(reader.Feed("GET / HTTP/1.1\r\n\r\n") == 0);
      break;
    } else if (used < piece.size()) {
      __builtin_trap();  // only a complete request or an error may leave bytes unused
    }
  }
  // The same bytes as a backend's response.
  for (bool head : {false, true}) {
    ResponseFixer fixer(head, (data[0] & 1) != 0);
    std::string out;
    fixer.Feed(in, &out);
    if (fixer.head_done() && in.rfind("HTTP/1.", 0) == 0) FUZZ_REQUIRE(!out.empty());
    if (!fixer.head_done()) FUZZ_REQUIRE(out.empty());
  }
  return 0;
}
