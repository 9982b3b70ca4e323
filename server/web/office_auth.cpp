// Login, logout and the gate in front of every officer page.
#include "core/log.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "text/fold.h"
#include "web/office_web.h"

namespace motcua::web {

using nlohmann::json;

namespace {

// The Host header without its port, if it is a plain host name or address.
std::string HostOnly(std::string_view host) {
  if (host.empty() || host.size() > 255) return "";
  std::string h(host);
  if (h[0] == '[') {  // [::1]:8080
    size_t close = h.find(']');
    if (close == std::string::npos) return "";
    h = h.substr(0, close + 1);
  } else if (size_t colon = h.find(':'); colon != std::string::npos) {
    h = h.substr(0, colon);
  }
  for (char c : h) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '[' || c == ']' || c == ':';
    if (!ok) return "";
  }
  return h;
}

// Where to go after login: only our own officer pages.
std::string SafeNext(const std::string& next) {
  if (next.rfind("/can-bo/", 0) != 0 || next.find("//") != std::string::npos ||
      next.find('\\') != std::string::npos || next.find_first_of("\r\n") != std::string::npos ||
      next.rfind("/can-bo/dang-", 0) == 0) {
    return "/can-bo/";
  }
  return next;
}

std::string MinutesText(int64_t ms) {
  const int64_t min = (ms + 59999) / 60000;
  return std::to_string(min < 1 ? 1 : min);
}

}  // namespace

OfficeWeb::OfficeWeb(Site& site, office::Office& office, catalog::Catalog& catalog,
                     OfficeWebOptions options)
    : site_(site), office_(office), catalog_(catalog), options_(std::move(options)) {}

void OfficeWeb::Register() {
  ApplyContact();
  site_.officer_gate = [this](Request& req) { return Gate(req); };
  RegisterAuth();
  RegisterAdmin();
  RegisterFeedback();
  RegisterReports();
}

std::string OfficeWeb::CookieAttrs(const Request& req, const std::string& path) const {
  // SameSite=Strict: no other site can make the browser send it (CSRF's
  // first line); HttpOnly: no script reads it; Secure whenever over HTTPS.
  return "; Path=" + path + "; HttpOnly; SameSite=Strict" + (req.tls ? "; Secure" : "");
}

std::optional<Response> OfficeWeb::RequireSecure(const Request& req) const {
  if (req.tls || req.loopback) return std::nullopt;
  if (const int https_port = https_port_; https_port > 0) {
    const std::string host = HostOnly(req.Header("host"));
    if (!host.empty()) {
      std::string url = "https://" + host;
      if (https_port != 443) url += ":" + std::to_string(https_port);
      url += req.method == "GET" ? req.path : std::string("/can-bo/");
      if (req.method == "GET" && !req.query_string.empty()) url += "?" + req.query_string;
      return Response::Redirect(url, 301);
    }
  }
  return site_.MessagePage(403, "Cần kết nối bảo mật",
                           "Trang dành cho cán bộ chỉ mở qua kết nối bảo mật (HTTPS). "
                           "Hãy mở địa chỉ https:// của máy chủ Một cửa.");
}

std::optional<Response> OfficeWeb::Gate(Request& req) {
  if (auto r = RequireSecure(req)) return r;
  auto s = office_.CheckSession(req.Cookie(kSessionCookie));
  if (!s.ok()) {
    log::Error("session check: " + s.status().ToString());
    return site_.MessagePage(503, "Hệ thống đang bận", "Vui lòng thử lại sau ít phút.");
  }
  if (!s->has_value()) {
    std::string next = req.method == "GET" ? req.path : "/can-bo/";
    if (req.method == "GET" && !req.query_string.empty()) next += "?" + req.query_string;
    Response r = Response::Redirect("/can-bo/dang-nhap?tiep=" + UrlEncode(next));
    if (!req.Cookie(kSessionCookie).empty())
      r.Header("Set-Cookie", std::string(kSessionCookie) + "=" + CookieAttrs(req, "/can-bo") +
                                 "; Max-Age=0");
    return r;
  }
  const office::Session& session = **s;
  if (req.method == "POST") {
    // Every form that changes something carries the session's CSRF token.
    auto form = ParseUrlEncoded(req.body, FormLimits{});
    const std::string* token = form.ok() ? form->Get("csrf") : nullptr;
    if (!token || !crypto::ConstantTimeEquals(*token, session.csrf)) {
      log::Info("403 officer POST without a valid CSRF token from " + req.client_ip);
      return site_.MessagePage(403, "Biểu mẫu không hợp lệ",
                               "Biểu mẫu đã hết hạn hoặc không phải của trang này. Hãy tải lại "
                               "trang rồi làm lại.");
    }
  }
  req.auth = {{"officer_id", std::to_string(session.officer_id)},
              {"username", session.username},
              {"full_name", session.full_name},
              {"role", domain::OfficerRoleKey(session.role)},
              {"csrf", session.csrf},
              {"token_hash", session.token_hash},
              {"created_at", std::to_string(session.created_at)}};
  return std::nullopt;
}

office::Session OfficeWeb::SessionOf(const Request& req) {
  office::Session s;
  auto get = [&](const char* k) {
    auto it = req.auth.find(k);
    return it == req.auth.end() ? std::string() : it->second;
  };
  s.officer_id = std::atoll(get("officer_id").c_str());
  s.username = get("username");
  s.full_name = get("full_name");
  s.role = domain::ParseOfficerRoleKey(get("role")).value_or(domain::OfficerRole::kCentreCivilServant);
  s.csrf = get("csrf");
  s.token_hash = get("token_hash");
  s.created_at = std::atoll(get("created_at").c_str());
  return s;
}

office::Actor OfficeWeb::ActorOf(const Request& req) { return SessionOf(req).AsActor(req.client_ip); }

Result<Form> OfficeWeb::ReadForm(const Request& req) {
  FormLimits limits;
  limits.max_fields = 600;  // the posting list checks many boxes at once
  limits.max_field_bytes = 16 << 10;
  ASSIGN_OR_RETURN(Form f, ParseUrlEncoded(req.body, limits));
  RETURN_IF_ERROR(ValidateUtf8Fields(f));
  for (FormField& x : f.fields) x.value = text::ToNfc(x.value).value_or(x.value);
  return f;
}

Response OfficeWeb::LoginPage(const Request& req, const std::string& error, int status) const {
  json d = site_.BaseData("Đăng nhập cán bộ");
  d["error"] = error;
  d["has_error"] = !error.empty();
  d["next"] = SafeNext(req.Query("tiep"));
  d["fingerprint"] = options_.cert_fingerprint;
  d["has_fingerprint"] = !options_.cert_fingerprint.empty();
  d["tls"] = req.tls;
  // Double-submit token for the login form itself (there is no session yet).
  std::string token = req.Cookie(kLoginCookie);
  if (token.size() != 43) token = crypto::RandomToken(office_.rng());
  d["login_token"] = token;
  d["username"] = "";
  d["officer"] = false;
  Response r = Response::Html(site_.templates().Render("office_login", d), status);
  json layout = d;
  layout["content"] = r.body;
  r.body = site_.templates().Render("office_layout", layout);
  r.Header("Set-Cookie", std::string(kLoginCookie) + "=" + token +
                             CookieAttrs(req, "/can-bo/dang-nhap") + "; Max-Age=3600");
  return r;
}

void OfficeWeb::RegisterAuth() {
  Router& r = site_.router();
  r.Add("GET", "/can-bo/dang-nhap", Access::kPublic, [this](Request& req) {
    if (auto denied = RequireSecure(req)) return *denied;
    return LoginPage(req, "", 200);
  });

  r.Add("POST", "/can-bo/dang-nhap", Access::kPublic, [this](Request& req) {
    if (auto denied = RequireSecure(req)) return *denied;
    auto form = ReadForm(req);
    if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
    const std::string* token = form->Get("login_token");
    const std::string cookie = req.Cookie(kLoginCookie);
    if (!token || cookie.size() != 43 || !crypto::ConstantTimeEquals(*token, cookie)) {
      return site_.MessagePage(403, "Biểu mẫu không hợp lệ",
                               "Trang đăng nhập đã hết hạn. Hãy tải lại trang rồi đăng nhập lại.");
    }
    const std::string* user = form->Get("username");
    const std::string* pass = form->Get("password");
    office::LoginOutcome out =
        office_.Login(user ? *user : "", pass ? *pass : "", req.client_ip);
    switch (out.kind) {
      case office::LoginOutcome::Kind::kOk: {
        // End the session this browser had, if any: a new token every login.
        auto old = office_.CheckSession(req.Cookie(kSessionCookie));
        if (old.ok() && old->has_value()) (void)office_.Logout(**old, req.client_ip);
        const std::string* next = form->Get("tiep");
        Response resp = Response::Redirect(SafeNext(next ? *next : ""));
        resp.Header("Set-Cookie",
                    std::string(kSessionCookie) + "=" + out.token + CookieAttrs(req, "/can-bo"));
        resp.Header("Set-Cookie", std::string(kLoginCookie) + "=" +
                                      CookieAttrs(req, "/can-bo/dang-nhap") + "; Max-Age=0");
        return resp;
      }
      case office::LoginOutcome::Kind::kWrong:
        // Never say which part was wrong.
        return LoginPage(req, "Tên đăng nhập hoặc mật khẩu không đúng.", 200);
      case office::LoginOutcome::Kind::kThrottled: {
        Response resp = LoginPage(req,
                                  "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau " +
                                      MinutesText(out.retry_after_ms) + " phút.",
                                  429);
        resp.Header("Retry-After", std::to_string((out.retry_after_ms + 999) / 1000));
        return resp;
      }
      case office::LoginOutcome::Kind::kBusy:
        break;
    }
    Response resp = LoginPage(req, "Hệ thống đang bận. Vui lòng thử lại sau ít giây.", 503);
    resp.Header("Retry-After", "5");
    return resp;
  });

  r.Add("POST", "/can-bo/dang-xuat", Access::kOfficer, [this](Request& req) {
    Status st = office_.Logout(SessionOf(req), req.client_ip);
    if (!st.ok()) log::Error("logout: " + st.ToString());
    Response resp = Response::Redirect("/can-bo/dang-nhap?ok=dang-xuat");
    resp.Header("Set-Cookie",
                std::string(kSessionCookie) + "=" + CookieAttrs(req, "/can-bo") + "; Max-Age=0");
    return resp;
  });
}

}  // namespace motcua::web
