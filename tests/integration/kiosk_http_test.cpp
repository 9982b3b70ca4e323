// Kiosk mode over real HTTP: the cookie, the layout only in kiosk mode (and
// never a kiosk page from the cache for a phone), QR codes, the reset's
// cookie clearing, and the kiosk's static files under the strict CSP.
#include <doctest/doctest.h>

#include "support/demo_server.h"
#include "support/server_process.h"
#include "support/strings.h"

using motcua::testing::Contains;
using motcua::testing::DemoServer;
using motcua::testing::HttpGet;
using motcua::testing::HttpOptions;

namespace {

DemoServer& Kiosk() {
  static DemoServer s;
  return s;
}

HttpOptions WithCookie(const std::string& cookie) {
  HttpOptions o;
  o.headers.push_back("Cookie: " + cookie);
  return o;
}

}  // namespace

TEST_CASE("/kiosk sets the kiosk cookie and renders the kiosk layout") {
  auto r = HttpGet(Kiosk().Url("/kiosk"));
  CHECK(r.status == 200);
  CHECK(Contains(r.headers["set-cookie"], "motcua_kiosk=1; Path=/; SameSite=Strict; HttpOnly"));
  CHECK(r.headers["cache-control"] == "no-store");
  CHECK(Contains(r.body, "<body class=\"kiosk\" data-idle-seconds=\"90\""));
  CHECK(Contains(r.body, "<script src=\"/static/kiosk.js\" defer></script>"));
  CHECK(Contains(r.body, "id=\"osk\""));
  CHECK(Contains(r.body, "id=\"attract\""));
  CHECK(Contains(r.body, "chưa đồng bộ"));
  CHECK(Contains(r.body, "data-osk"));
  CHECK_FALSE(Contains(r.body, "style="));  // CSP style-src 'self'
  CHECK_FALSE(Contains(r.body, "<script>"));
}

TEST_CASE("pages get the kiosk layout with the cookie and never share a cache entry") {
  for (const char* path : {"/", "/thu-tuc/1.001193", "/linh-vuc/ho-tich", "/tim-kiem?q=ho+tich"}) {
    CAPTURE(path);
    auto phone1 = HttpGet(Kiosk().Url(path));
    auto kiosk = HttpGet(Kiosk().Url(path), WithCookie("motcua_kiosk=1"));
    auto phone2 = HttpGet(Kiosk().Url(path));
    CHECK(kiosk.status == 200);
    CHECK(Contains(kiosk.body, "/static/kiosk.css"));
    CHECK(Contains(kiosk.body, "class=\"kbar\""));
    for (const auto* phone : {&phone1, &phone2}) {
      CHECK(phone->status == 200);
      CHECK_FALSE(Contains(phone->body, "kiosk"));
      CHECK_FALSE(Contains(phone->body, "<script"));
    }
  }
}

TEST_CASE("a procedure page in kiosk mode carries a QR code of its own address") {
  auto r = HttpGet(Kiosk().Url("/thu-tuc/1.001193?kiosk=1"));
  CHECK(r.status == 200);
  CHECK(Contains(r.body, "Quét để xem trên điện thoại"));
  CHECK(Contains(r.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
  CHECK(Contains(r.body, "<span class=\"qr-url\">http://127.0.0.1:" +
                             std::to_string(Kiosk().server.port()) + "/thu-tuc/1.001193</span>"));
  auto phone = HttpGet(Kiosk().Url("/thu-tuc/1.001193"));
  CHECK_FALSE(Contains(phone.body, "<svg"));
}

TEST_CASE("the reset forgets every other cookie, /kiosk/thoat leaves kiosk mode") {
  auto r = HttpGet(Kiosk().Url("/kiosk?moi=1"),
                   WithCookie("motcua_kiosk=1; session=abc; feedback_draft=1; bad name=x"));
  CHECK(r.status == 200);
  // The client keeps the last of the Set-Cookie headers: the kiosk's own comes
  // first, then one expiry per other cookie with a plain name.
  CHECK(r.headers["set-cookie"] == "feedback_draft=; Path=/; Max-Age=0");
  auto one = HttpGet(Kiosk().Url("/kiosk?moi=1"), WithCookie("session=abc"));
  CHECK(one.headers["set-cookie"] == "session=; Path=/; Max-Age=0");
  auto none = HttpGet(Kiosk().Url("/kiosk"), WithCookie("session=abc"));
  CHECK(Contains(none.headers["set-cookie"], "motcua_kiosk=1"));  // no reset, no expiry
  auto out = HttpGet(Kiosk().Url("/kiosk/thoat"));
  CHECK(out.status == 303);
  CHECK(out.headers["location"] == "/");
  CHECK(Contains(out.headers["set-cookie"], "motcua_kiosk=; Path=/; Max-Age=0"));
}

TEST_CASE("kiosk static files are served with their types and the strict CSP") {
  const std::pair<const char*, const char*> files[] = {
      {"/static/kiosk.js", "text/javascript; charset=utf-8"},
      {"/static/osk.js", "text/javascript; charset=utf-8"},
      {"/static/telex.js", "text/javascript; charset=utf-8"},
      {"/static/kiosk.css", "text/css; charset=utf-8"}};
  for (const auto& kv : files) {
    const auto& path = kv.first;  // CAPTURE cannot take a structured binding (clang)
    const auto& type = kv.second;
    CAPTURE(path);
    auto r = HttpGet(Kiosk().Url(path));
    CHECK(r.status == 200);
    CHECK(r.headers["content-type"] == type);
    CHECK(Contains(r.headers["content-security-policy"], "script-src 'self'; style-src 'self'"));
    CHECK_FALSE(Contains(r.body, "http://"));  // nothing from outside
    CHECK_FALSE(Contains(r.body, "https://"));
  }
}
