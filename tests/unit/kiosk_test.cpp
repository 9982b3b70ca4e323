// Kiosk mode pieces without a server: which requests are kiosk requests, the
// badge, the public address for QR codes, and the config keys.
#include <doctest/doctest.h>

#include "app/config.h"
#include "app/demo.h"
#include "catalog/catalog.h"
#include "support/temp_dir.h"
#include "web/kiosk_pages.h"
#include "web/public_url.h"

using motcua::Date;
using motcua::FakeClock;
using motcua::web::IsKioskRequest;
using motcua::web::NetInterface;
using motcua::web::PublicUrlFor;
using motcua::web::Request;

namespace {

Request Req(const std::string& path, const std::string& query_kiosk = "",
            const std::string& cookie = "") {
  Request r;
  r.method = "GET";
  r.path = path;
  if (!query_kiosk.empty()) r.query["kiosk"] = query_kiosk;
  if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
  return r;
}

class FixedSync : public motcua::web::SyncStatusProvider {
 public:
  motcua::web::SyncStatus s;
  motcua::web::SyncStatus Current() const override { return s; }
};

}  // namespace

TEST_CASE("kiosk requests: /kiosk, ?kiosk=1, or the cookie, /kiosk/thoat leaves") {
  CHECK(IsKioskRequest(Req("/kiosk")));
  CHECK(IsKioskRequest(Req("/kiosk/anything")));
  CHECK_FALSE(IsKioskRequest(Req("/kiosk/thoat")));
  CHECK_FALSE(IsKioskRequest(Req("/kioskx")));
  CHECK_FALSE(IsKioskRequest(Req("/")));
  CHECK(IsKioskRequest(Req("/", "1")));
  CHECK_FALSE(IsKioskRequest(Req("/", "0")));
  CHECK(IsKioskRequest(Req("/thu-tuc/1.001193", "", "a=b; motcua_kiosk=1")));
  CHECK_FALSE(IsKioskRequest(Req("/thu-tuc/1.001193", "", "motcua_kiosk=0")));
  CHECK_FALSE(IsKioskRequest(Req("/thu-tuc/1.001193", "", "xmotcua_kiosk=1")));
}

TEST_CASE("the public address comes from the listen address, Wi-Fi first") {
  const std::vector<NetInterface> ifs = {
      {"lo", "127.0.0.1", true}, {"eth0", "10.1.2.3", false}, {"wlan0", "192.168.4.1", false}};
  CHECK(PublicUrlFor("0.0.0.0:80", ifs) == "http://192.168.4.1");
  CHECK(PublicUrlFor("0.0.0.0:8080", ifs) == "http://192.168.4.1:8080");
  CHECK(PublicUrlFor("[::]:80", ifs) == "http://192.168.4.1");
  CHECK(PublicUrlFor("0.0.0.0:80", {ifs[0], ifs[1]}) == "http://10.1.2.3");
  CHECK(PublicUrlFor("0.0.0.0:80", {ifs[0]}) == "");
  CHECK(PublicUrlFor("192.168.4.1:80,127.0.0.1:8080", ifs) == "http://192.168.4.1");
  CHECK(PublicUrlFor("127.0.0.1:8080", ifs) == "");  // phones cannot reach it
  CHECK(PublicUrlFor("localhost:8080", ifs) == "");
  CHECK(PublicUrlFor("10.0.0.5:0", ifs) == "");  // port chosen at start
  CHECK(PublicUrlFor("nonsense", ifs) == "");
}

TEST_CASE("the badge: catalogue version, the main publishing decision, never synced") {
  motcua::testing::TempDir dir;
  FakeClock clock;
  clock.SetDate(Date{2026, 11, 28});
  auto c = motcua::catalog::Catalog::Open(dir.File("c.db"), clock, {});
  REQUIRE(c.ok());
  auto demo = motcua::app::DemoProcedures();
  REQUIRE(demo.ok());
  REQUIRE((*c)->Import(*demo).ok());

  auto b = motcua::web::KioskBadge(**c, {}, clock.Today());
  CHECK(b["version"] == std::to_string((*c)->version()));
  CHECK(b["decision"].get<std::string>().rfind("Quyết định số 9901/QĐ-UBND", 0) == 0);
  CHECK(b["has_other_decisions"] == true);
  CHECK(b["synced"] == false);
  CHECK(b["last_sync"] == "");

  FixedSync sync;
  sync.s.last_sync_unix_ms = 1777861800000LL;  // 2026-05-04 09:30 in Vietnam
  sync.s.bundle_version = "2026.05.04-1";
  sync.s.decision = "Quyết định số 1/QĐ-UBND";
  b = motcua::web::KioskBadge(**c, sync.Current(), clock.Today());
  CHECK(b["version"] == "2026.05.04-1");
  CHECK(b["decision"] == "Quyết định số 1/QĐ-UBND");
  CHECK(b["synced"] == true);
  CHECK(b["last_sync"] == "09:30 ngày 04/05/2026");
}

TEST_CASE("config: public_url and kiosk_idle_seconds are checked") {
  motcua::app::Config c;
  CHECK(motcua::app::ApplySetting("public_url", "http://192.168.4.1/", "t", &c).ok());
  CHECK(c.site.public_url == "http://192.168.4.1");
  CHECK_FALSE(motcua::app::ApplySetting("public_url", "192.168.4.1", "t", &c).ok());
  CHECK(motcua::app::ApplySetting("kiosk_idle_seconds", "5", "t", &c).ok());
  CHECK_FALSE(motcua::app::ApplySetting("kiosk_idle_seconds", "4", "t", &c).ok());
  CHECK_FALSE(motcua::app::ApplySetting("kiosk_idle_seconds", "3601", "t", &c).ok());
}
