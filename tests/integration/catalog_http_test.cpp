// The public catalogue through real HTTP against the real server binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/strings.h"

using motcua::testing::Contains;
using motcua::testing::DemoServer;
using motcua::testing::HttpGet;
using motcua::testing::HttpOptions;
using motcua::testing::HttpPost;

namespace {

// One demo server shared by the tests in this file (starting costs ~50 ms,
// but one is enough and keeps the suite fast).
DemoServer& CatalogServer() {
  static DemoServer s;
  return s;
}

}  // namespace

TEST_CASE("home lists fields with counts and the feedback contact block") {
  auto r = HttpGet(CatalogServer().Url("/"));
  CHECK(r.status == 200);
  CHECK(r.headers["content-type"] == "text/html; charset=utf-8");
  CHECK(Contains(r.body, "<html lang=\"vi\">"));
  CHECK(Contains(r.body, "Thủ tục hành chính"));
  CHECK(Contains(r.body, "/linh-vuc/ho-tich"));
  CHECK(Contains(r.body, "Nơi tiếp nhận phản ánh, kiến nghị"));
  CHECK(Contains(r.body, "0212 3800 000"));
  CHECK(Contains(r.body, "action=\"/tim-kiem\""));
}

TEST_CASE("every response carries the security headers") {
  for (const char* path : {"/", "/nope", "/static/style.css", "/api/v1/procedures"}) {
    CAPTURE(path);
    auto r = HttpGet(CatalogServer().Url(path));
    const std::string csp = r.headers["content-security-policy"];
    CHECK(Contains(csp, "script-src 'self'"));
    CHECK(Contains(csp, "frame-ancestors 'none'"));
    CHECK_FALSE(Contains(csp, "unsafe-inline"));
    CHECK(r.headers["x-content-type-options"] == "nosniff");
  }
}

TEST_CASE("a field's list and a procedure page with all parts") {
  auto list = HttpGet(CatalogServer().Url("/linh-vuc/ho-tich"));
  CHECK(list.status == 200);
  CHECK(Contains(list.body, "/thu-tuc/1.001193"));
  // The replaced procedure is never listed as current.
  CHECK_FALSE(Contains(list.body, "/thu-tuc/2.000986"));
  auto p = HttpGet(CatalogServer().Url("/thu-tuc/1.001193"));
  CHECK(p.status == 200);
  for (const char* part : {"Thời hạn và phí, lệ phí", "Trình tự thực hiện", "Thành phần hồ sơ",
                           "Căn cứ pháp lý", "Trực tiếp", "Đang có hiệu lực", "Mã 1.001193"}) {
    CAPTURE(part);
    CHECK(Contains(p.body, part));
  }
  CHECK(HttpGet(CatalogServer().Url("/linh-vuc/khong-co")).status == 404);
}

TEST_CASE("replaced, amended and abolished procedures show a notice, never the old text") {
  auto replaced = HttpGet(CatalogServer().Url("/thu-tuc/2.000986"));
  CHECK(replaced.status == 200);
  CHECK(Contains(replaced.body, "không còn được áp dụng"));
  CHECK(Contains(replaced.body, "href=\"/thu-tuc/2.001023\""));
  CHECK_FALSE(Contains(replaced.body, "Trình tự thực hiện"));
  auto amended = HttpGet(CatalogServer().Url("/thu-tuc/1.002544"));
  CHECK(Contains(amended.body, "Đã được sửa đổi, bổ sung"));
  CHECK(Contains(amended.body, "href=\"/thu-tuc/1.014208\""));
  auto abolished = HttpGet(CatalogServer().Url("/thu-tuc/6.001435"));
  CHECK(Contains(abolished.body, "Đã bị bãi bỏ"));
  CHECK_FALSE(Contains(abolished.body, "Thành phần hồ sơ"));
  auto future = HttpGet(CatalogServer().Url("/thu-tuc/3.000412"));
  CHECK(Contains(future.body, "chưa có hiệu lực"));
  CHECK(HttpGet(CatalogServer().Url("/thu-tuc/9.999999")).status == 404);
}

TEST_CASE("search works with and without diacritics, a code opens the procedure") {
  auto a = HttpGet(CatalogServer().Url("/tim-kiem?q=dang+ky+khai+sinh"));
  auto b = HttpGet(CatalogServer().Url("/tim-kiem?q=%C4%90%C4%82NG%20K%C3%9D%20KHAI%20SINH"));
  CHECK(a.status == 200);
  CHECK(Contains(a.body, "/thu-tuc/1.001193"));
  CHECK(Contains(b.body, "/thu-tuc/1.001193"));
  const size_t first = a.body.find("/thu-tuc/");
  CHECK(a.body.compare(first, 17, "/thu-tuc/1.001193") == 0);
  auto code = HttpGet(CatalogServer().Url("/tim-kiem?q=1.001193"));
  CHECK(code.status == 303);
  CHECK(code.headers["location"] == "/thu-tuc/1.001193");
  auto none = HttpGet(CatalogServer().Url("/tim-kiem?q=xyzxyz"));
  CHECK(none.status == 200);
  CHECK(Contains(none.body, "Không tìm thấy thủ tục nào"));
  CHECK(Contains(none.body, "gõ không dấu"));
}

TEST_CASE("what a person typed is rendered escaped") {
  auto r = HttpGet(CatalogServer().Url("/tim-kiem?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22"));
  CHECK(r.status == 200);
  CHECK_FALSE(Contains(r.body, "<script>alert(1)"));
  CHECK((Contains(r.body, "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;&quot;") ||
         Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;")));
}

TEST_CASE("invalid UTF-8 or a broken escape in a query gets 400 with a clear message") {
  auto r = HttpGet(CatalogServer().Url("/tim-kiem?q=%FF%FE"));
  CHECK(r.status == 400);
  CHECK(Contains(r.body, "không hợp lệ"));
  CHECK(HttpGet(CatalogServer().Url("/tim-kiem?q=%zz")).status == 400);
  auto api = HttpGet(CatalogServer().Url("/api/v1/procedures?q=%C3"));
  CHECK(api.status == 400);
  CHECK(Contains(api.headers["content-type"], "application/json"));
  std::string longq(300, 'a');
  CHECK(HttpGet(CatalogServer().Url("/tim-kiem?q=" + longq)).status == 400);
}

TEST_CASE("the JSON API returns ranked matches and single procedures") {
  auto r = HttpGet(CatalogServer().Url("/api/v1/procedures?q=khai+sinh"));
  CHECK(r.status == 200);
  auto j = nlohmann::json::parse(r.body);
  REQUIRE(j["items"].size() >= 2);
  CHECK(j["items"][0]["code"] == "1.001193");
  for (const auto& it : j["items"]) CHECK(it["status"] == "in_force");
  auto one = HttpGet(CatalogServer().Url("/api/v1/procedures/1.001193"));
  auto p = nlohmann::json::parse(one.body);
  CHECK(p["code"] == "1.001193");
  CHECK(p["current"] == true);
  CHECK(p["channels"].size() >= 1);
  auto old =
      nlohmann::json::parse(HttpGet(CatalogServer().Url("/api/v1/procedures/2.000986")).body);
  CHECK(old["current"] == false);
  CHECK(old["replaced_by"] == "2.001023");
  auto missing = HttpGet(CatalogServer().Url("/api/v1/procedures/9.999999"));
  CHECK(missing.status == 404);
  auto all = nlohmann::json::parse(HttpGet(CatalogServer().Url("/api/v1/procedures")).body);
  CHECK(all["total"].get<int>() == static_cast<int>(all["items"].size()));
}

TEST_CASE("healthz reports version, database and catalogue") {
  auto r = HttpGet(CatalogServer().Url("/healthz"));
  CHECK(r.status == 200);
  auto j = nlohmann::json::parse(r.body);
  CHECK(j["database"] == "ok");
  CHECK(j["catalogue"]["size"].get<int>() >= 30);
  CHECK(j["catalogue"]["version"].get<int>() >= 1);
  CHECK(j["version"].is_string());
}

TEST_CASE("static files are served from memory, nothing escapes static/") {
  auto css = HttpGet(CatalogServer().Url("/static/style.css"));
  CHECK(css.status == 200);
  CHECK(Contains(css.headers["content-type"], "text/css"));
  CHECK_FALSE(css.headers["etag"].empty());
  HttpOptions inm;
  inm.headers = {"If-None-Match: " + css.headers["etag"]};
  CHECK(HttpGet(CatalogServer().Url("/static/style.css"), inm).status == 304);
  HttpOptions raw;
  raw.path_as_is = true;
  for (const char* p : {"/static/../CMakeLists.txt", "/static/../../etc/passwd",
                        "/static/%2e%2e/%2e%2e/etc/passwd", "/static/..%2fCMakeLists.txt",
                        "/static/", "/static", "/..", "/%00", "/static/style.css%00.txt"}) {
    CAPTURE(p);
    auto r = HttpGet(CatalogServer().Url(p), raw);
    CHECK(r.status >= 400);
    CHECK(r.status < 500);
    CHECK_FALSE(Contains(r.body, "root:"));
    CHECK_FALSE(Contains(r.body, "cmake_minimum_required"));
  }
}

TEST_CASE("methods a route does not take get 405, HEAD works, pages are gzip-able") {
  CHECK(HttpPost(CatalogServer().Url("/"), "a=b", "application/x-www-form-urlencoded").status ==
        405);
  HttpOptions head;
  head.head = true;
  auto h = HttpGet(CatalogServer().Url("/thu-tuc/1.001193"), head);
  CHECK(h.status == 200);
  CHECK(h.body.empty());
  HttpOptions gz;
  gz.headers = {"Accept-Encoding: gzip"};
  auto g = HttpGet(CatalogServer().Url("/"), gz);
  CHECK(g.headers["content-encoding"] == "gzip");
}

TEST_CASE("oversized requests are refused, the server keeps serving") {
  HttpOptions big;
  big.headers = {"X-Filler: " + std::string(20000, 'x')};
  auto r = HttpGet(CatalogServer().Url("/"), big);
  CHECK((r.status == 413 || r.status == 431 || r.status == 400 || !r.error.empty()));
  auto body = HttpPost(CatalogServer().Url("/tim-kiem"), std::string(18 * 1024 * 1024, 'a'),
                       "application/octet-stream");
  CHECK((body.status == 413 || !body.error.empty()));
  CHECK(HttpGet(CatalogServer().Url("/healthz")).status == 200);
}
