// Kiosk mode of the public pages, for the touch screen at the counter. Entered
// at /kiosk, which sets a cookie; with it (or ?kiosk=1) every page renders
// with the kiosk layout: kiosk.css, the idle timeout that clears everything,
// the on-screen keyboard, online state, and QR codes to continue on a phone.
// Without it the pages are exactly the phone pages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "web/site.h"

namespace motcua::web {

// What the kiosk badge shows about synchronisation with the province hub.
struct SyncStatus {
  std::optional<int64_t> last_sync_unix_ms;  // nullopt: never synced ("chưa đồng bộ")
  // The signed bundle's version and publishing decision, when the catalogue
  // came from a bundle; empty: the local catalogue's own version and its most
  // common decision are shown.
  std::string bundle_version;
  std::string decision;
};

// Filled by the sync worker (issue 5). Called from request threads.
class SyncStatusProvider {
 public:
  virtual ~SyncStatusProvider() = default;
  virtual SyncStatus Current() const = 0;
};

struct KioskOptions {
  // Seconds without a touch before the screen clears itself and returns to
  // /kiosk (config kiosk_idle_seconds); a countdown shows for the last 10.
  int idle_seconds = 90;
  // Seconds without a touch on /kiosk before the attract screen starts
  // (at most idle_seconds).
  int attract_seconds = 30;
  // Procedures listed per field on the attract screen.
  int attract_items = 5;
  // Not owned; must outlive the server. Null until sync exists.
  const SyncStatusProvider* sync = nullptr;
};

// The kiosk cookie's name and the request test: ?kiosk=1, the cookie, or a
// path under /kiosk.
inline constexpr const char kKioskCookie[] = "motcua_kiosk";
bool IsKioskRequest(const Request& req);

void RegisterKioskPages(Site& site, catalog::Catalog& catalog, KioskOptions options);

// The badge: catalogue version, publishing decision, last sync (tests).
nlohmann::json KioskBadge(const catalog::Catalog& catalog, const SyncStatus& sync,
                          const Date& today);

// {"html_svg", "url"} for a QR code of `path`, to put in a page's data as
// "qr" for templates/_qr.mustache ({{> _qr}}), on the counter's public address:
// site.info().public_url, else (a browser on this machine, as in development)
// the Host it used. Null when there is no address. Never a Host header from
// the network: a cached kiosk page must not carry an address someone sent.
nlohmann::json KioskQr(const Site& site, const Request& req, const std::string& path);

}  // namespace motcua::web
