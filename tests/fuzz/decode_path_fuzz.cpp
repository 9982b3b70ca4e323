// libFuzzer target for the request path and query decoding in
// server/web/http.h (DecodePath, ParseQuery): every request's target goes
// through them before any handler runs. A decoded path must start with '/',
// hold no NUL or backslash and no "." or ".." segment, and be no longer
// than its encoding.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "web/http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string path;
  if (motcua::web::DecodePath(in, &path)) {
    const std::string_view raw = in.substr(0, in.find('?'));
    FUZZ_REQUIRE(!path.empty() && path[0] == '/');
    FUZZ_REQUIRE(path.size() <= raw.size());
    FUZZ_REQUIRE(path.find('\0') == std::string::npos);
    FUZZ_REQUIRE(path.find('\\') == std::string::npos);
    for (size_t i = 0; i < path.size();) {  // no "." or ".." segment
      size_t j = path.find('/', i + 1);
      if (j == std::string::npos) j = path.size();
      const std::string_view seg = std::string_view(path).substr(i + 1, j - i - 1);
      FUZZ_REQUIRE(seg != "." && seg != "..");
      i = j;
    }
  }
  const size_t q = in.find('?');
  std::map<std::string, std::string> query;
  if (motcua::web::ParseQuery(q == std::string_view::npos ? in : in.substr(q + 1), &query)) {
    for (const auto& [k, v] : query) FUZZ_REQUIRE(k.size() + v.size() <= in.size());
  }
  const std::string enc = motcua::web::UrlEncode(in);
  std::string back;
  FUZZ_REQUIRE(motcua::web::UrlDecode(enc, false, &back) && back == in);
  (void)motcua::web::HtmlEscape(in);
  return 0;
}
