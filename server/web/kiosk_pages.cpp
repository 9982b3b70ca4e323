#include "web/kiosk_pages.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "web/qr_svg.h"

namespace motcua::web {

using nlohmann::json;

namespace {

bool RouteExists(Site& site, const std::string& path) {
  Request probe;
  probe.method = "GET";
  probe.path = path;
  return site.router().Find(probe).route != nullptr;
}

// "2026-11-28 19:50:44" -> "19:50 ngày 28/11/2026".
std::string VietnameseTime(int64_t unix_ms) {
  const std::string t = FormatVietnamTime(unix_ms);
  if (t.size() < 16) return t;
  return t.substr(11, 5) + " ngày " + t.substr(8, 2) + "/" + t.substr(5, 2) + "/" + t.substr(0, 4);
}

// Cookie names a request carries ("a=1; b=2" -> a, b).
std::vector<std::string> CookieNames(const Request& req) {
  std::vector<std::string> out;
  std::string_view all = req.Header("cookie");
  size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && (all[i] == ' ' || all[i] == ';')) ++i;
    size_t end = all.find(';', i);
    if (end == std::string_view::npos) end = all.size();
    const size_t eq = all.find('=', i);
    if (eq != std::string_view::npos && eq < end && eq > i) {
      std::string name(all.substr(i, eq - i));
      // Only plain token names go back into a header.
      bool token = true;
      for (char c : name) token = token && (std::isalnum(static_cast<unsigned char>(c)) ||
                                            c == '_' || c == '-' || c == '.');
      if (token) out.push_back(std::move(name));
    }
    i = end + 1;
  }
  return out;
}

bool PlainHost(std::string_view host) {
  if (host.empty() || host.size() > 64) return false;
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '-' ||
          c == '[' || c == ']'))
      return false;
  return true;
}

json Attract(const catalog::Catalog& c, const Date& today, int per_field) {
  json slides = json::array();
  for (const auto& f : c.Fields(today)) {
    auto list = c.InField(f.slug, today);
    json items = json::array();
    for (const auto* e : list.items) {
      if (static_cast<int>(items.size()) >= per_field) break;
      items.push_back({{"name", e->s.name}, {"code", e->s.code}});
    }
    const int more = f.count - static_cast<int>(items.size());
    slides.push_back({{"name", f.name},
                      {"slug", f.slug},
                      {"count", f.count},
                      {"items", items},
                      {"has_more", more > 0},
                      {"more", more}});
  }
  return slides;
}

}  // namespace

bool IsKioskRequest(const Request& req) {
  if (req.path == "/kiosk" || req.path.rfind("/kiosk/", 0) == 0) return req.path != "/kiosk/thoat";
  if (req.Query("kiosk") == "1") return true;
  return req.Cookie(kKioskCookie) == "1";
}

json KioskBadge(const catalog::Catalog& c, const SyncStatus& sync, const Date& today) {
  json b;
  b["version"] = sync.bundle_version.empty() ? std::to_string(c.version()) : sync.bundle_version;
  std::string decision = sync.decision;
  int others = 0;
  if (decision.empty()) {
    // The decision most of the procedures in force were published under.
    std::map<std::string, int> counts;
    auto snap = c.snapshot();
    for (const auto& e : snap->entries)
      if (!e.s.decision.empty() && c.IsPublic(e.s, today)) ++counts[e.s.decision];
    int best = 0;
    for (const auto& [d, n] : counts)
      if (n > best) {
        best = n;
        decision = d;
      }
    others = counts.empty() ? 0 : static_cast<int>(counts.size()) - 1;
  }
  b["decision"] = decision;
  b["has_decision"] = !decision.empty();
  b["other_decisions"] = others;
  b["has_other_decisions"] = others > 0;
  b["synced"] = sync.last_sync_unix_ms.has_value();
  b["last_sync"] = sync.last_sync_unix_ms ? VietnameseTime(*sync.last_sync_unix_ms) : "";
  return b;
}

json KioskQr(const Site& site, const Request& req, const std::string& path) {
  std::string base = site.info().public_url;
  if (base.empty() && req.loopback && PlainHost(req.Header("host")))
    base = "http://" + std::string(req.Header("host"));
  if (base.empty()) return nullptr;
  const std::string url = base + path;
  std::string svg = QrSvg(url);
  if (svg.empty()) return nullptr;
  return {{"html_svg", std::move(svg)}, {"url", url}};
}

void RegisterKioskPages(Site& site, catalog::Catalog& c, KioskOptions opt) {
  opt.attract_seconds = std::max(1, std::min(opt.attract_seconds, opt.idle_seconds));
  site.kiosk_mode = IsKioskRequest;
  site.kiosk_layout = {{"idle_seconds", opt.idle_seconds},
                       {"attract_seconds", opt.attract_seconds}};

  Router& r = site.router();
  r.Add("GET", "/kiosk", Access::kPublic, [&site, &c, opt](Request& req) {
    const Date today = site.clock().Today();
    json d = site.BaseData("Tra cứu thủ tục hành chính");
    d["no_top_search"] = true;
    d["is_kiosk_home"] = true;
    json fields = json::array();
    for (const auto& f : c.Fields(today))
      fields.push_back({{"name", f.name}, {"slug", f.slug}, {"count", f.count}});
    d["fields"] = fields;
    d["has_fields"] = !fields.empty();
    d["public_count"] = c.PublicCount(today);
    d["badge"] = KioskBadge(c, opt.sync ? opt.sync->Current() : SyncStatus{}, today);
    d["attract"] = Attract(c, today, opt.attract_items);
    d["has_feedback"] = RouteExists(site, "/phan-anh");
    d["has_lookup"] = RouteExists(site, "/phan-anh/tra-cuu");
    Response resp = site.RenderPage("kiosk", d);
    // A session cookie: the kiosk browser's profile lives in RAM and is new
    // at every start; a phone never visits /kiosk.
    resp.Header("Set-Cookie", std::string(kKioskCookie) + "=1; Path=/; SameSite=Strict; HttpOnly");
    if (req.Query("moi") == "1") {
      // After the idle reset: forget every other cookie the last citizen got.
      for (const std::string& name : CookieNames(req))
        if (name != kKioskCookie) resp.Header("Set-Cookie", name + "=; Path=/; Max-Age=0");
    }
    return resp;
  });

  // For staff: leave kiosk mode in this browser.
  r.Add("GET", "/kiosk/thoat", Access::kPublic, [](Request&) {
    Response resp = Response::Redirect("/");
    resp.Header("Set-Cookie", std::string(kKioskCookie) + "=; Path=/; Max-Age=0; SameSite=Strict");
    return resp;
  });
}

}  // namespace motcua::web
