// The dispatcher: routes a Request, checks access before any handler runs,
// turns errors into Vietnamese pages (or JSON under /api/), serves static/.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "web/http.h"
#include "web/page_cache.h"
#include "web/router.h"
#include "web/static_files.h"
#include "web/templates.h"

namespace motcua::web {

// Who runs this counter and where feedback is received (NĐ 20/2008 Điều 10;
// seed decision Điều 4.4.c). Shown on every public page.
struct SiteInfo {
  std::string commune = "Xã mẫu";
  std::string province = "Tỉnh Sơn La";
  // Empty: "Trung tâm Phục vụ hành chính công " + the commune's name.
  std::string centre;
  std::string address;
  std::string phone;
  std::string email;
  std::string hours = "Sáng 7h30–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu";
  // The counter's address on its Wi-Fi ("http://192.168.4.1"), for the QR
  // codes that take a page to a citizen's phone. Empty: no QR codes.
  std::string public_url;
};

class Site {
 public:
  Site(const Templates& templates, const StaticFiles& statics, const Clock& clock, SiteInfo info,
       size_t page_cache_bytes);

  Router& router() { return router_; }
  PageCache& cache() { return cache_; }
  const Templates& templates() const { return templates_; }
  const Clock& clock() const { return clock_; }
  SiteInfo info() const;
  // Changes the site info (the officers edit the contact block) and drops
  // every cached page, since they all show it.
  void UpdateInfo(const std::function<void(SiteInfo&)>& edit);

  // Data every page template gets: site info, today; and "kiosk" (the
  // kiosk_layout object) when the request being handled on this thread is in
  // kiosk mode, so every page, whoever renders it, gets the kiosk layout.
  nlohmann::json BaseData(const std::string& title) const;
  Response RenderPage(const std::string& tmpl, nlohmann::json data, int status = 200) const;
  // A page with a heading and message (errors, notices).
  Response MessagePage(int status, const std::string& heading, const std::string& message) const;
  Response NotFound(const Request& req) const;
  Response BadRequest(const Request& req, const std::string& message) const;
  static Response JsonError(int status, const std::string& message);

  // Everything civetweb hands us comes through here.
  Response Handle(Request& req);
  // What Handle would answer, when that needs no rendering and no database:
  // a static file or a page in the whole-page cache (Router::AddCachedPage).
  // Else nullopt, and the request goes to Handle. The public front calls it
  // from its own threads (web/server.h).
  std::optional<Response> HandleFromCache(Request& req);

  // Set by the back office: is there a logged-in officer? (kOfficer routes)
  std::function<std::optional<Response>(Request&)> officer_gate;

  // Set by RegisterKioskPages: is this request for the kiosk screen? Handle
  // sets req.kiosk from it before routing; page caches must key on it.
  std::function<bool(const Request&)> kiosk_mode;
  // What the layout needs in kiosk mode (idle timeout, ...).
  nlohmann::json kiosk_layout = nlohmann::json::object();

 private:
  // A valid UTF-8 path, percent escapes that decoded (else Handle answers 400).
  static bool ValidPath(const Request& req);
  // Query names and values of valid UTF-8 (else 400, with its own words).
  static bool ValidQuery(const Request& req);
  // static/ and the favicon, or nullopt.
  std::optional<Response> ServeStatic(const Request& req) const;

  const Templates& templates_;
  const StaticFiles& statics_;
  const Clock& clock_;
  mutable std::mutex info_mu_;
  SiteInfo info_;
  Router router_;
  PageCache cache_;
};

}  // namespace motcua::web
