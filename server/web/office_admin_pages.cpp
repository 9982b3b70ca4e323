// Officer pages that are not about one feedback: home, roster, holiday
// table, posting check with the contact block, password.
#include "core/log.h"
#include "core/version.h"
#include "web/office_web.h"

namespace motcua::web {

using nlohmann::json;

namespace {

// Messages shown after a redirect-after-POST; keys only in URLs.
const std::map<std::string, std::string>& Notices() {
  static const std::map<std::string, std::string> k = {
      {"dang-xuat", "Đã đăng xuất."},
      {"them-can-bo", "Đã thêm cán bộ đầu mối. Thay đổi đã được gửi về Trung tâm tỉnh."},
      {"cho-thoi", "Đã cho thôi cán bộ đầu mối. Thay đổi đã được gửi về Trung tâm tỉnh."},
      {"ngay-nghi", "Đã lưu lịch ngày nghỉ. Hạn xử lý mới tính theo lịch này."},
      {"niem-yet", "Đã ghi nhận niêm yết."},
      {"go-xuong", "Đã ghi nhận gỡ bỏ khỏi nơi niêm yết."},
      {"lien-he", "Đã lưu thông tin liên hệ; trang công khai đã cập nhật."},
      {"mat-khau", "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."},
      {"xu-ly", "Đã ghi nhận."},
      {"gui-xa", "Đã gửi về xã. Thao tác có hiệu lực khi thiết bị của xã nhận được (lần đồng bộ tới)."},
  };
  return k;
}

json Nav(const std::vector<NavItem>& items, const std::string& active) {
  json out = json::array();
  for (const auto& [href, label] : items)
    out.push_back({{"href", href}, {"label", label}, {"current", active == href}});
  return out;
}

// Contact settings keys and their SiteInfo members.
struct ContactKey {
  const char* key;
  std::string web::SiteInfo::*member;
};
constexpr ContactKey kContact[] = {
    {"contact.centre", &SiteInfo::centre}, {"contact.address", &SiteInfo::address},
    {"contact.phone", &SiteInfo::phone},   {"contact.email", &SiteInfo::email},
    {"contact.hours", &SiteInfo::hours},
};

std::string FormatDay(const std::string& iso) {
  auto d = Date::Parse(iso);
  return d ? d->ToVietnamese() : iso;
}

}  // namespace

std::string OfficeWeb::Notice(const Request& req) {
  auto it = Notices().find(req.Query("ok"));
  return it == Notices().end() ? std::string() : it->second;
}

json OfficeWeb::Base(const Request& req, const std::string& title, const std::string& nav) const {
  json d = site_.BaseData(title);
  const office::Session s = SessionOf(req);
  d["officer"] = true;
  d["officer_name"] = s.full_name;
  d["officer_role"] = domain::OfficerRoleVietnamese(s.role);
  d["csrf"] = s.csrf;
  d["nav"] = Nav(nav_, nav);
  d["notice"] = Notice(req);
  d["has_notice"] = !d["notice"].get<std::string>().empty();
  d["error"] = "";
  d["has_error"] = false;
  d["clock_uncertain"] = clock_uncertain_ && clock_uncertain_();
  return d;
}

Response OfficeWeb::Page(const Request&, const std::string& tmpl, json data, int status) const {
  data["content"] = site_.templates().Render(tmpl, data);
  return Response::Html(site_.templates().Render("office_layout", data), status);
}

Response OfficeWeb::Failure(const Request& req, const Status& st) const {
  if (st.code() == Code::kInvalidArgument || st.code() == Code::kNotFound) {
    return site_.MessagePage(st.code() == Code::kNotFound ? 404 : 422, "Không thực hiện được",
                             st.message());
  }
  log::Error("officer page " + req.path + ": " + st.ToString());
  return site_.MessagePage(500, "Lỗi hệ thống", "Chưa lưu được. Vui lòng thử lại.");
}

void OfficeWeb::ApplyContact() {
  auto settings = office_.Settings();
  if (!settings.ok()) {
    log::Error("contact settings: " + settings.status().ToString());
    return;
  }
  site_.UpdateInfo([&](SiteInfo& info) {
    for (const ContactKey& k : kContact) {
      auto it = settings->find(k.key);
      if (it != settings->end()) info.*k.member = it->second;
    }
  });
}

void OfficeWeb::RegisterAdmin() {
  Router& r = site_.router();

  // ---- roster (seed decision Điều 2) ----------------------------------------
  auto roster_page = [this](const Request& req, const std::string& error, int status) {
    json d = Base(req, "Cán bộ đầu mối", "/can-bo/can-bo");
    d["error"] = error;
    d["has_error"] = !error.empty();
    auto active = office_.Roster();
    auto history = office_.RosterHistory();
    if (!active.ok()) return Failure(req, active.status());
    if (!history.ok()) return Failure(req, history.status());
    const int64_t me = SessionOf(req).officer_id;
    json list = json::array();
    std::vector<domain::Officer> officers;
    for (const auto& o : *active) {
      auto role = domain::ParseOfficerRoleKey(o.role);
      officers.push_back({std::to_string(o.id), o.full_name,
                          role.value_or(domain::OfficerRole::kCentreCivilServant), o.position});
      list.push_back({{"id", o.id},
                      {"full_name", o.full_name},
                      {"username", o.username},
                      {"role", role ? domain::OfficerRoleVietnamese(*role) : o.role},
                      {"position", o.position},
                      {"has_position", !o.position.empty()},
                      {"added_on", FormatDay(o.added_on)},
                      {"added_by", o.added_by},
                      {"me", o.id == me}});
    }
    d["officers"] = list;
    d["count"] = list.size();
    json vacant = json::array();
    for (auto role : domain::VacantRoles(officers))
      vacant.push_back({{"key", domain::OfficerRoleKey(role)},
                        {"label", domain::OfficerRoleVietnamese(role)}});
    d["vacant"] = vacant;
    d["can_add"] = !vacant.empty();
    json changes = json::array();
    for (const auto& o : *history) {
      auto role = domain::ParseOfficerRoleKey(o.role);
      const char* role_vi = role ? domain::OfficerRoleVietnamese(*role) : "";
      if (o.removed_on)
        changes.push_back({{"on", FormatDay(*o.removed_on)}, {"what", "Cho thôi"},
                           {"full_name", o.full_name}, {"role", role_vi},
                           {"by", o.removed_by.value_or("")}});
      changes.push_back({{"on", FormatDay(o.added_on)}, {"what", "Thêm"},
                         {"full_name", o.full_name}, {"role", role_vi}, {"by", o.added_by}});
    }
    d["changes"] = changes;
    return Page(req, "office_roster", d, status);
  };

  r.Add("GET", "/can-bo/can-bo", Access::kOfficer,
        [roster_page](Request& req) { return roster_page(req, "", 200); });

  r.Add("POST", "/can-bo/can-bo/them", Access::kOfficer, [this, roster_page](Request& req) {
    auto form = ReadForm(req);
    if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
    office::NewOfficer o;
    o.username = form->Value("username");
    o.full_name = form->Value("full_name");
    o.position = form->Value("position");
    o.password = form->Value("password");
    auto role = domain::ParseOfficerRoleKey(form->Value("role"));
    if (!role) return roster_page(req, "Vui lòng chọn vai trò.", 422);
    o.role = *role;
    if (o.password != form->Value("password2"))
      return roster_page(req, "Hai lần nhập mật khẩu không giống nhau.", 422);
    auto id = office_.AddOfficer(o, ActorOf(req));
    if (!id.ok()) {
      if (id.status().code() == Code::kInvalidArgument)
        return roster_page(req, id.status().message(), 422);
      return Failure(req, id.status());
    }
    return Response::Redirect("/can-bo/can-bo?ok=them-can-bo");
  });

  r.Add("POST", "/can-bo/can-bo/{id}/cho-thoi", Access::kOfficer,
        [this, roster_page](Request& req) {
          const int64_t id = std::atoll(req.params["id"].c_str());
          Status st = office_.RemoveOfficer(id, ActorOf(req));
          if (st.code() == Code::kInvalidArgument) return roster_page(req, st.message(), 422);
          if (!st.ok()) return Failure(req, st);
          return Response::Redirect("/can-bo/can-bo?ok=cho-thoi");
        });

  // ---- holiday table -----------------------------------------------------------
  auto holidays_page = [this](const Request& req, const std::string& error, int status) {
    const Date today = site_.clock().Today();
    int year = today.year;
    const std::string y = req.Query("nam");
    if (y.size() == 4 && y.find_first_not_of("0123456789") == std::string::npos)
      year = std::atoi(y.c_str());
    json d = Base(req, "Lịch ngày nghỉ " + std::to_string(year), "/can-bo/ngay-nghi");
    d["error"] = error;
    d["has_error"] = !error.empty();
    d["year"] = year;
    d["prev_year"] = year - 1;
    d["next_year"] = year + 1;
    auto table = office_.Holidays();
    if (!table.ok()) return Failure(req, table.status());
    json days = json::array();
    int estimates = 0;
    for (const auto& h : *table) {
      if (h.date.year != year) continue;
      const bool estimate = h.source == domain::HolidaySource::kEstimate;
      estimates += estimate;
      static const char* kWeekday[] = {"", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm",
                                       "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};
      days.push_back({{"date", h.date.ToIso()},
                      {"day", h.date.ToVietnamese()},
                      {"weekday", kWeekday[h.date.IsoWeekday()]},
                      {"name", h.name},
                      {"kind", domain::HolidayKindVietnamese(h.kind)},
                      {"makeup", h.kind == domain::HolidayKind::kMakeupWorkday},
                      {"source", domain::HolidaySourceVietnamese(h.source)},
                      {"estimate", estimate},
                      {"basis", h.basis},
                      {"has_basis", !h.basis.empty()}});
    }
    d["days"] = days;
    d["has_days"] = !days.empty();
    d["estimates"] = estimates;
    d["has_estimates"] = estimates > 0;
    json kinds = json::array();
    for (auto k : {domain::HolidayKind::kHoliday, domain::HolidayKind::kCompensatory,
                   domain::HolidayKind::kSwappedDayOff, domain::HolidayKind::kMakeupWorkday})
      kinds.push_back({{"key", domain::HolidayKindKey(k)}, {"label", domain::HolidayKindVietnamese(k)}});
    d["kinds"] = kinds;
    return Page(req, "office_holidays", d, status);
  };

  r.Add("GET", "/can-bo/ngay-nghi", Access::kOfficer,
        [holidays_page](Request& req) { return holidays_page(req, "", 200); });

  r.Add("POST", "/can-bo/ngay-nghi/them", Access::kOfficer, [this, holidays_page](Request& req) {
    auto form = ReadForm(req);
    if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
    domain::Holiday h;
    auto date = Date::Parse(form->Value("date"));
    auto kind = domain::ParseHolidayKindKey(form->Value("kind"));
    if (!date) return holidays_page(req, "Ngày không hợp lệ (ví dụ 30/04/2027).", 422);
    if (!kind) return holidays_page(req, "Vui lòng chọn loại ngày.", 422);
    h.date = *date;
    h.kind = *kind;
    h.name = form->Value("name");
    h.basis = form->Value("basis");
    // An officer's entry follows a document they have in hand.
    h.source = domain::HolidaySource::kDecision;
    if (h.name.size() > 200 || h.basis.size() > 500)
      return holidays_page(req, "Tên hoặc căn cứ quá dài.", 422);
    Status st = office_.PutHoliday(h, ActorOf(req));
    if (st.code() == Code::kInvalidArgument) return holidays_page(req, st.message(), 422);
    if (!st.ok()) return Failure(req, st);
    return Response::Redirect("/can-bo/ngay-nghi?nam=" + std::to_string(h.date.year) +
                              "&ok=ngay-nghi");
  });

  r.Add("POST", "/can-bo/ngay-nghi/xoa", Access::kOfficer, [this](Request& req) {
    auto form = ReadForm(req);
    if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
    auto date = Date::Parse(form->Value("date"));
    if (!date) return site_.BadRequest(req, "Ngày không hợp lệ.");
    Status st = office_.RemoveHoliday(*date, ActorOf(req));
    if (!st.ok()) return Failure(req, st);
    return Response::Redirect("/can-bo/ngay-nghi?nam=" + std::to_string(date->year) +
                              "&ok=ngay-nghi");
  });

  // ---- posting check and contact block ------------------------------------------
  auto posting_page = [this](const Request& req, const std::string& error, int status) {
    const Date today = site_.clock().Today();
    json d = Base(req, "Niêm yết thủ tục", "/can-bo/niem-yet");
    d["error"] = error;
    d["has_error"] = !error.empty();
    auto marks = office_.PostingMarks();
    if (!marks.ok()) return Failure(req, marks.status());
    auto snap = catalog_.snapshot();
    json takedown = json::array(), unposted = json::array(), posted = json::array();
    for (const auto& e : snap->entries) {
      auto m = marks->find(e.s.code);
      const bool is_marked = m != marks->end();
      if (is_marked && !e.s.InForceOn(today)) {
        // Seed Điều 4.4.b: whatever was amended, replaced or abolished since
        // it was posted comes down.
        takedown.push_back({{"code", e.s.code},
                            {"name", e.s.name},
                            {"status", domain::StatusVietnamese(e.s.status)},
                            {"posted_on", FormatDay(m->second.posted_on)},
                            {"replaced_by", e.s.replaced_by},
                            {"has_replacement", !e.s.replaced_by.empty()}});
        continue;
      }
      if (!catalog_.IsPublic(e.s, today)) continue;
      json item = {{"code", e.s.code}, {"name", e.s.name}, {"field", e.s.field}};
      if (is_marked) {
        item["posted_on"] = FormatDay(m->second.posted_on);
        item["posted_by"] = m->second.posted_by;
        posted.push_back(item);
      } else {
        unposted.push_back(item);
      }
    }
    d["takedown"] = takedown;
    d["has_takedown"] = !takedown.empty();
    d["unposted"] = unposted;
    d["has_unposted"] = !unposted.empty();
    d["posted"] = posted;
    d["has_posted"] = !posted.empty();
    d["in_force"] = unposted.size() + posted.size();
    d["posted_count"] = posted.size();
    d["unposted_count"] = unposted.size();
    d["takedown_count"] = takedown.size();
    const SiteInfo info = site_.info();
    d["contact"] = {{"centre", info.centre}, {"address", info.address}, {"phone", info.phone},
                    {"email", info.email},   {"hours", info.hours}};
    return Page(req, "office_posting", d, status);
  };

  r.Add("GET", "/can-bo/niem-yet", Access::kOfficer,
        [posting_page](Request& req) { return posting_page(req, "", 200); });

  auto posting_post = [this, posting_page](bool posted) {
    return [this, posting_page, posted](Request& req) {
      auto form = ReadForm(req);
      if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
      const std::vector<std::string> codes = form->GetAll("code");
      Status st = posted ? office_.MarkPosted(codes, ActorOf(req))
                         : office_.MarkTakenDown(codes, ActorOf(req));
      if (st.code() == Code::kInvalidArgument) return posting_page(req, st.message(), 422);
      if (!st.ok()) return Failure(req, st);
      return Response::Redirect(std::string("/can-bo/niem-yet?ok=") +
                                (posted ? "niem-yet" : "go-xuong"));
    };
  };
  r.Add("POST", "/can-bo/niem-yet/danh-dau", Access::kOfficer, posting_post(true));
  r.Add("POST", "/can-bo/niem-yet/go-xuong", Access::kOfficer, posting_post(false));

  r.Add("POST", "/can-bo/lien-he", Access::kOfficer, [this, posting_page](Request& req) {
    auto form = ReadForm(req);
    if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
    std::map<std::string, std::string> values;
    for (const ContactKey& k : kContact) {
      const std::string field = std::string(k.key).substr(8);  // after "contact."
      if (const std::string* v = form->Get(field)) values[k.key] = *v;
    }
    Status st = office_.PutSettings(values, ActorOf(req));
    if (st.code() == Code::kInvalidArgument) return posting_page(req, st.message(), 422);
    if (!st.ok()) return Failure(req, st);
    ApplyContact();
    return Response::Redirect("/can-bo/niem-yet?ok=lien-he#lien-he");
  });

  // ---- own password -----------------------------------------------------------
  auto password_page = [this](const Request& req, const std::string& error, int status) {
    json d = Base(req, "Đổi mật khẩu", "");
    d["error"] = error;
    d["has_error"] = !error.empty();
    return Page(req, "office_password", d, status);
  };
  r.Add("GET", "/can-bo/mat-khau", Access::kOfficer,
        [password_page](Request& req) { return password_page(req, "", 200); });
  r.Add("POST", "/can-bo/mat-khau", Access::kOfficer, [this, password_page](Request& req) {
    auto form = ReadForm(req);
    if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
    if (form->Value("new_password") != form->Value("new_password2"))
      return password_page(req, "Hai lần nhập mật khẩu mới không giống nhau.", 422);
    Status st = office_.ChangePassword(SessionOf(req), form->Value("old_password"),
                                       form->Value("new_password"), req.client_ip);
    if (st.code() == Code::kInvalidArgument || st.code() == Code::kPermissionDenied)
      return password_page(req, st.message(), 422);
    if (!st.ok()) return Failure(req, st);
    return Response::Redirect("/can-bo/?ok=mat-khau");
  });
}

}  // namespace motcua::web
