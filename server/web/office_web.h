// The officers' pages (/can-bo/...): login and the gate every kOfficer route
// passes (office_auth.cpp), the roster, holidays, posting check and contact
// block (office_admin_pages.cpp), the feedback inbox and workflow
// (office_feedback_pages.cpp), reports and CSV (office_report_pages.cpp).
//
// Security (ARCHITECTURE "Security model"): a session cookie that is
// HttpOnly, SameSite=Strict and Secure over HTTPS; a CSRF token checked on
// every POST before the handler runs (403 otherwise); plain HTTP from
// anything but loopback is redirected to the HTTPS front. No page needs
// JavaScript.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "office/office.h"
#include "web/form_parser.h"
#include "web/site.h"

namespace motcua::web {

struct OfficeWebOptions {
  // SHA-256 fingerprint of the device certificate, shown on the login page.
  std::string cert_fingerprint;
};

// One link of the officers' navigation bar: path and label.
using NavItem = std::pair<std::string, std::string>;

inline constexpr char kSessionCookie[] = "motcua_sid";
inline constexpr char kLoginCookie[] = "motcua_login";

// "04:51 ngày 29/11/2026" (Vietnam time).
std::string WhenVietnamese(int64_t unix_ms);

// One workflow step as the officer's button or form (templates/_fb_actions):
// its key, label and the inputs it asks for (domain::ApplyAction checks them).
nlohmann::json FeedbackActionView(domain::FeedbackAction a);

class OfficeWeb {
 public:
  OfficeWeb(Site& site, office::Office& office, catalog::Catalog& catalog,
            OfficeWebOptions options);
  // Registers every /can-bo/ route and installs Site::officer_gate. Applies
  // the contact block officers saved on top of the configured one.
  void Register();
  // The navigation bar. Call before the server starts (not thread-safe):
  // sync adds its page on a board and replaces the bar in hub mode.
  void AddNavItem(NavItem item) { nav_.push_back(std::move(item)); }
  void SetNav(std::vector<NavItem> items) { nav_ = std::move(items); }
  // On a board that syncs: true while its clock has not been checked against
  // the hub since start; every officer page then warns. Call before the
  // server starts.
  void SetClockUncertain(std::function<bool()> uncertain) {
    clock_uncertain_ = std::move(uncertain);
  }
  // Set once the HTTPS front listens (its port may be chosen at start).
  void SetHttpsPort(int port) { https_port_ = port; }

  // ---- helpers for the page files -------------------------------------------
  // Renders `tmpl` inside the officers' layout with the navigation, the
  // officer's name and the logout form.
  Response Page(const Request& req, const std::string& tmpl, nlohmann::json data,
                int status = 200) const;
  nlohmann::json Base(const Request& req, const std::string& title,
                      const std::string& nav) const;
  static office::Session SessionOf(const Request& req);
  static office::Actor ActorOf(const Request& req);
  // The urlencoded form of a POST (NFC, valid UTF-8), or a 400 page.
  static Result<Form> ReadForm(const Request& req);
  // "Đã lưu." style notices after redirect-after-POST (?ok=key).
  static std::string Notice(const Request& req);
  // An error page for a failed service call (500 logged, or the message).
  Response Failure(const Request& req, const Status& st) const;

  Site& site() { return site_; }
  office::Office& office() { return office_; }
  catalog::Catalog& catalog() { return catalog_; }

 private:
  void RegisterAuth();
  void RegisterAdmin();
  void RegisterFeedback();
  void RegisterReports();
  std::optional<Response> Gate(Request& req);
  std::optional<Response> RequireSecure(const Request& req) const;
  Response LoginPage(const Request& req, const std::string& error, int status) const;
  std::string CookieAttrs(const Request& req, const std::string& path) const;
  void ApplyContact();

  Site& site_;
  office::Office& office_;
  catalog::Catalog& catalog_;
  OfficeWebOptions options_;
  std::atomic<int> https_port_{0};
  std::function<bool()> clock_uncertain_;
  std::vector<NavItem> nav_ = {
      {"/can-bo/", "Việc cần làm"},     {"/can-bo/phan-anh", "Phản ánh"},
      {"/can-bo/niem-yet", "Niêm yết"}, {"/can-bo/bao-cao", "Báo cáo"},
      {"/can-bo/can-bo", "Cán bộ"},     {"/can-bo/ngay-nghi", "Ngày nghỉ"},
  };
};

}  // namespace motcua::web
