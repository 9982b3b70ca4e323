#include "web/site.h"

#include "core/log.h"
#include "core/version.h"
#include "text/fold.h"

namespace motcua::web {

namespace {
// Whether the request this thread is handling is in kiosk mode. BaseData
// reads it so that handlers need not pass the request through.
thread_local bool t_kiosk = false;
struct KioskScope {
  explicit KioskScope(bool on) { t_kiosk = on; }
  ~KioskScope() { t_kiosk = false; }
};
}  // namespace

Site::Site(const Templates& templates, const StaticFiles& statics, const Clock& clock,
           SiteInfo info, size_t page_cache_bytes)
    : templates_(templates),
      statics_(statics),
      clock_(clock),
      info_(std::move(info)),
      cache_(page_cache_bytes) {
  if (info_.centre.empty()) {
    // "Xã Mẫu" -> "Trung tâm Phục vụ hành chính công xã Mẫu".
    std::string c = info_.commune;
    if (c.rfind("Xã ", 0) == 0) c = "xã " + c.substr(4);
    if (c.rfind("Phường ", 0) == 0) c = "phường " + c.substr(8);
    info_.centre = "Trung tâm Phục vụ hành chính công " + c;
  }
}

SiteInfo Site::info() const {
  std::lock_guard<std::mutex> lock(info_mu_);
  return info_;
}

void Site::UpdateInfo(const std::function<void(SiteInfo&)>& edit) {
  {
    std::lock_guard<std::mutex> lock(info_mu_);
    edit(info_);
  }
  cache_.Clear();
}

nlohmann::json Site::BaseData(const std::string& title) const {
  const SiteInfo si = info();
  nlohmann::json d;
  d["title"] = title;
  d["version"] = kVersion;
  d["today"] = clock_.Today().ToVietnamese();
  d["site"] = {{"commune", si.commune},   {"province", si.province},
               {"centre", si.centre},     {"address", si.address},
               {"phone", si.phone},       {"email", si.email},
               {"hours", si.hours},       {"has_email", !si.email.empty()},
               {"has_phone", !si.phone.empty()}};
  if (t_kiosk) d["kiosk"] = kiosk_layout;
  return d;
}

Response Site::RenderPage(const std::string& tmpl, nlohmann::json data, int status) const {
  return Response::Html(templates_.Page(tmpl, data), status);
}

Response Site::MessagePage(int status, const std::string& heading,
                           const std::string& message) const {
  nlohmann::json d = BaseData(heading);
  d["heading"] = heading;
  d["message"] = message;
  d["status"] = status;
  return RenderPage("message", d, status);
}

Response Site::JsonError(int status, const std::string& message) {
  nlohmann::json j = {{"error", message}};
  return Response::Json(j.dump(), status);
}

static bool IsApi(const Request& req) { return req.path.rfind("/api/", 0) == 0; }

Response Site::NotFound(const Request& req) const {
  if (IsApi(req)) return JsonError(404, "Không tìm thấy.");
  return MessagePage(404, "Không tìm thấy trang",
                     "Địa chỉ này không có trên hệ thống. Hãy quay về trang chủ hoặc tìm "
                     "thủ tục bằng ô tìm kiếm.");
}

Response Site::BadRequest(const Request& req, const std::string& message) const {
  if (IsApi(req)) return JsonError(400, message);
  return MessagePage(400, "Yêu cầu không hợp lệ", message);
}

bool Site::ValidPath(const Request& req) {
  return text::IsValidUtf8(req.path) && req.query.count("__bad_query") == 0;
}

bool Site::ValidQuery(const Request& req) {
  for (const auto& [k, v] : req.query) {
    if (!text::IsValidUtf8(k) || !text::IsValidUtf8(v)) return false;
  }
  return true;
}

std::optional<Response> Site::ServeStatic(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (req.path.rfind("/static/", 0) == 0) return statics_.Serve(req.path.substr(8), req);
  if (req.path == "/favicon.ico") {
    if (auto r = statics_.Serve("favicon.svg", req)) {
      r->content_type = "image/svg+xml";
      return r;
    }
  }
  return std::nullopt;
}

std::optional<Response> Site::HandleFromCache(Request& req) {
  req.kiosk = kiosk_mode && kiosk_mode(req);
  KioskScope kiosk_scope(req.kiosk);
  if (!ValidPath(req) || !ValidQuery(req)) return std::nullopt;
  if (auto r = ServeStatic(req)) return r;
  Router::Match m = router_.Find(req);
  if (!m.route || !m.route->page_cached || m.route->access != Access::kPublic) return std::nullopt;
  req.cache_only = true;
  Response r = m.route->handler(req);
  req.cache_only = false;
  if (r.status == 0) return std::nullopt;
  return r;
}

Response Site::Handle(Request& req) {
  req.kiosk = kiosk_mode && kiosk_mode(req);
  KioskScope kiosk_scope(req.kiosk);
  // Path and query must be valid UTF-8: tell people plainly, log in English.
  if (!ValidPath(req)) {
    log::Info("400 malformed path or query from " + req.client_ip);
    return BadRequest(req, "Địa chỉ hoặc từ khoá có ký tự không hợp lệ (không phải UTF-8 "
                           "hoặc mã hoá % sai). Vui lòng gõ lại.");
  }
  if (!ValidQuery(req)) {
    log::Info("400 invalid UTF-8 in query from " + req.client_ip);
    return BadRequest(req, "Từ khoá có ký tự không hợp lệ (không phải UTF-8). Vui lòng gõ "
                           "lại bằng bàn phím tiếng Việt.");
  }
  if (auto r = ServeStatic(req)) return *r;
  if (req.path.rfind("/static/", 0) == 0 && (req.method == "GET" || req.method == "HEAD")) {
    return NotFound(req);
  }
  Router::Match m = router_.Find(req);
  if (!m.route) {
    if (m.path_known) {
      Response r = IsApi(req) ? JsonError(405, "Phương thức không được hỗ trợ.")
                              : MessagePage(405, "Không thực hiện được",
                                            "Trang này không nhận kiểu yêu cầu đó.");
      r.headers.emplace_back("Allow", "GET, HEAD, POST");
      return r;
    }
    return NotFound(req);
  }
  if (m.route->access == Access::kOfficer) {
    if (!officer_gate) return NotFound(req);
    if (auto denied = officer_gate(req)) return *denied;
  }
  return m.route->handler(req);
}

}  // namespace motcua::web
