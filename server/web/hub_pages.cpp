// The hub's pages for province officers (issue 5, "Hub pages"): the same
// login, layout and gate as the back office, with the hub's navigation.
#include <cstdlib>

#include "core/log.h"
#include "office/journal.h"
#include "store/db.h"
#include "sync/communes.h"
#include "sync/device.h"
#include "sync/hub_views.h"
#include "sync/messages.h"
#include "web/sync_pages.h"

namespace motcua::web {

using nlohmann::json;

namespace {

// A device that has not called for this long is shown as out of touch.
constexpr int64_t kStaleContactMs = 24LL * 3600 * 1000;
// Longest list the feedback page shows at once (overdue ones come first).
constexpr size_t kMaxFeedbackShown = 300;

// "chậm 3 ngày 2 giờ", "nhanh 5 phút", "khớp": the device's clock against the
// hub's (the stored offset is hub minus device).
std::string OffsetText(const std::optional<int64_t>& offset_ms) {
  if (!offset_ms) return "chưa đo";
  if (std::llabs(*offset_ms) < 2000) return "khớp giờ tỉnh";
  return std::string(*offset_ms > 0 ? "chậm " : "nhanh ") + Duration(*offset_ms);
}

std::string CommuneName(const std::string& code) {
  const sync::Commune* c = sync::FindCommune(code);
  return c ? c->FullName() : code;
}

json DeviceView(const sync::DeviceRecord& d, int64_t now_ms) {
  const bool contacted = d.last_contact.has_value();
  const bool stale = !contacted || now_ms - *d.last_contact > kStaleContactMs;
  return {{"id", d.id},
          {"revoked", d.revoked_at.has_value()},
          {"contacted", contacted},
          {"last_contact", contacted ? FormatVietnamTime(*d.last_contact) : ""},
          {"ago", contacted ? Duration(now_ms - *d.last_contact) : ""},
          {"stale", stale && !d.revoked_at},
          {"pending", d.pending.value_or(0)},
          {"acked_seq", d.acked_seq},
          {"offset", OffsetText(d.clock_offset_ms)},
          {"offset_large", d.clock_offset_ms && std::llabs(*d.clock_offset_ms) >= 60000},
          {"bundle_version", d.bundle_version.value_or(0)},
          {"alerts", d.alerts.value_or(0)},
          {"app_version", d.app_version}};
}

json FeedbackItem(const sync::ProvinceFeedback& f, const Date& today) {
  json due = {{"running", f.due.has_value()}, {"css", "ok"}, {"text", ""}, {"date", ""}};
  if (f.due) {
    due["date"] = f.due->ToVietnamese();
    const int64_t days = f.due->ToDays() - today.ToDays();
    if (f.overdue) {
      due["css"] = "late";
      due["text"] = "Quá hạn " + std::to_string(-days) + " ngày";
    } else if (days == 0) {
      due["css"] = "soon";
      due["text"] = "Hết hạn hôm nay";
    } else {
      due["text"] = "Còn " + std::to_string(days) + " ngày";
    }
    due["clock"] =
        f.state == domain::FeedbackState::kReceived ? "hạn phân loại, chuyển" : "hạn trả lời";
  }
  return {{"code", f.summary.code},
          {"href", "/can-bo/tinh/phan-anh/" + UrlEncode(f.device_id) + "/" + UrlEncode(f.summary.code)},
          {"commune", CommuneName(f.commune)},
          {"commune_code", f.commune},
          {"device_id", f.device_id},
          {"title", f.title},
          {"kind", domain::FeedbackKindVietnamese(f.summary.kind)},
          {"state", domain::FeedbackStateVietnamese(f.state)},
          {"received", f.summary.received.ToVietnamese()},
          {"history_bad", !f.history_ok},
          {"deadline", due}};
}

json CommuneChoices(const std::string& selected) {
  json out = json::array();
  for (const sync::Commune& c : sync::SonLaCommunes())
    out.push_back({{"code", c.code}, {"name", c.FullName()}, {"selected", c.code == selected}});
  return out;
}

json PeriodChoices(int year, const std::string& selected) {
  json out = json::array();
  for (int y : {year, year - 1}) {
    const std::string ys = std::to_string(y);
    const std::pair<std::string, std::string> keys[] = {{ys + "-q1", "Quý I năm " + ys},
                                                        {ys + "-q2", "Quý II năm " + ys},
                                                        {ys + "-h1", "6 tháng đầu năm " + ys},
                                                        {ys + "-q3", "Quý III năm " + ys},
                                                        {ys + "-9m", "9 tháng đầu năm " + ys},
                                                        {ys + "-q4", "Quý IV năm " + ys},
                                                        {ys + "-y", "Năm " + ys}};
    for (const auto& [k, label] : keys)
      out.push_back({{"key", k}, {"label", label}, {"selected", k == selected}});
  }
  return out;
}

// The feedback lines of the province report, as in the commune report.
json ReportRows(const domain::FeedbackReport& r) {
  json rows = json::array();
  auto add = [&rows](std::string label, int64_t v, bool indent = false, bool strong = false) {
    rows.push_back({{"label", std::move(label)},
                    {"value", v},
                    {"indent", indent},
                    {"strong", strong},
                    {"zero", v == 0}});
  };
  add("Kỳ trước chuyển sang", r.carried_over);
  add("Tiếp nhận mới trong kỳ", r.received);
  for (auto c : domain::AllFeedbackChannels()) {
    auto it = r.received_by_channel.find(c);
    add(std::string("Kênh: ") + domain::FeedbackChannelVietnamese(c),
        it == r.received_by_channel.end() ? 0 : it->second, true);
  }
  for (auto k : domain::AllFeedbackKinds()) {
    auto it = r.received_by_kind.find(k);
    add(std::string("Nội dung: ") + domain::FeedbackKindVietnamese(k),
        it == r.received_by_kind.end() ? 0 : it->second, true);
  }
  add("Tổng số phải xử lý", r.total, false, true);
  add("Đã xử lý xong", r.done, false, true);
  add("Không tiếp nhận", r.not_accepted, true);
  add("Chuyển cơ quan có thẩm quyền đúng hạn", r.transferred_on_time, true);
  add("Chuyển cơ quan có thẩm quyền quá hạn", r.transferred_late, true);
  add("Có kết quả xử lý đúng hạn", r.resolved_on_time, true);
  add("Có kết quả xử lý quá hạn", r.resolved_late, true);
  add("Đang xử lý", r.pending, false, true);
  add("Đang xử lý trong hạn", r.pending_in_time, true);
  add("Đang xử lý quá hạn", r.pending_overdue, true);
  add("Đã công khai kết quả trong kỳ", r.published, false, true);
  return rows;
}

// What a sent step asked, for the list under the feedback.
json SentView(const sync::SentAction& a) {
  auto m = sync::ParseFeedbackAction(a.payload_json);
  json v = {{"id", a.id},
            {"at", WhenVietnamese(a.created_at)},
            {"waiting", a.state == sync::SentAction::State::kWaiting},
            {"applied", a.state == sync::SentAction::State::kApplied},
            {"refused", a.state == sync::SentAction::State::kRefused},
            {"error", a.error},
            {"device", a.device_id},
            {"answered_at", a.answered_at ? WhenVietnamese(a.answered_at) : ""},
            {"action", ""},
            {"by", ""},
            {"detail", ""}};
  if (m.ok()) {
    v["action"] = domain::FeedbackActionVietnamese(m->input.action);
    v["by"] = m->by_name.empty() ? m->by : m->by_name + " (" + m->by + ")";
    std::string detail = m->input.reason;
    if (!m->input.target_body.empty()) detail = "Chuyển đến " + m->input.target_body;
    if (!m->input.answer.empty()) detail = m->input.answer;
    if (detail.size() > 300) {
      size_t cut = 300;
      while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80) --cut;
      detail = detail.substr(0, cut) + "…";
    }
    v["detail"] = detail;
  }
  return v;
}

const char* PostingLabel(const std::string& change) {
  if (change == "posted") return "Đã niêm yết";
  if (change == "taken_down") return "Đã gỡ";
  return "Chưa báo niêm yết";
}

}  // namespace

void RegisterHubPages(OfficeWeb& office, sync::Hub& hub) {
  office.SetNav({{"/can-bo/tinh", "Các xã"},
                 {"/can-bo/tinh/phan-anh", "Phản ánh"},
                 {"/can-bo/tinh/bao-cao", "Báo cáo"},
                 {"/can-bo/tinh/thu-tuc", "Thủ tục"},
                 {"/can-bo/can-bo", "Cán bộ"}});
  Router& r = office.site().router();
  const Clock& clock = office.site().clock();

  r.Add("GET", "/can-bo/tinh", Access::kOfficer, [&office, &hub, &clock](Request& req) {
    const Date today = clock.Today();
    const int64_t now = clock.NowUnixMs();
    auto communes = hub.WithDb([&](store::Db& db) { return sync::LoadCommunes(db, today); });
    if (!communes.ok()) return office.Failure(req, communes.status());
    auto alerts = hub.Alerts(20);
    if (!alerts.ok()) return office.Failure(req, alerts.status());
    json d = office.Base(req, "Các xã, phường", "/can-bo/tinh");
    json with = json::array(), without = json::array();
    int devices = 0, stale = 0;
    int64_t pending = 0;
    int overdue = 0;
    for (const sync::CommuneOverview& c : *communes) {
      json devs = json::array();
      bool any_stale = false;
      for (const sync::DeviceRecord& dev : c.devices) {
        json v = DeviceView(dev, now);
        if (!dev.revoked_at) {
          ++devices;
          pending += dev.pending.value_or(0);
          if (v["stale"].get<bool>()) {
            ++stale;
            any_stale = true;
          }
        }
        devs.push_back(std::move(v));
      }
      overdue += c.feedback_overdue;
      json cv = {{"code", c.code},
                 {"name", c.name},
                 {"devices", devs},
                 {"stale", any_stale},
                 {"entries", c.entries},
                 {"feedback", c.feedback},
                 {"feedback_pending", c.feedback_pending},
                 {"feedback_overdue", c.feedback_overdue},
                 {"has_overdue", c.feedback_overdue > 0}};
      (c.devices.empty() ? without : with).push_back(std::move(cv));
    }
    d["communes"] = with;
    d["has_communes"] = !with.empty();
    d["without"] = without;
    d["without_count"] = without.size();
    d["has_without"] = !without.empty();
    d["stats"] = {
        {"devices", devices}, {"stale", stale}, {"pending", pending}, {"overdue", overdue}};
    json al = json::array();
    for (const sync::HubAlert& a : *alerts) {
      al.push_back({{"at", FormatVietnamTime(a.at)},
                    {"device", a.device_id},
                    {"kind", a.kind},
                    {"seq", a.seq ? std::to_string(*a.seq) : ""},
                    {"detail", a.detail}});
    }
    d["alerts"] = al;
    d["has_alerts"] = !al.empty();
    d["now"] = FormatVietnamTime(now);
    return office.Page(req, "hub_communes", d);
  });

  r.Add("GET", "/can-bo/tinh/phan-anh", Access::kOfficer, [&office, &hub, &clock](Request& req) {
    const Date today = clock.Today();
    std::string commune = req.Query("xa");
    if (!commune.empty() && !sync::FindCommune(commune)) commune.clear();
    auto items =
        hub.WithDb([&](store::Db& db) { return sync::LoadProvinceFeedback(db, today, commune); });
    if (!items.ok()) return office.Failure(req, items.status());
    json d = office.Base(req, "Phản ánh toàn tỉnh", "/can-bo/tinh/phan-anh");
    json list = json::array();
    int overdue = 0, pending = 0;
    for (const sync::ProvinceFeedback& f : *items) {
      overdue += f.overdue;
      pending += f.due.has_value();
      if (list.size() < kMaxFeedbackShown) list.push_back(FeedbackItem(f, today));
    }
    d["items"] = list;
    d["count"] = items->size();
    d["overdue"] = overdue;
    d["pending"] = pending;
    d["empty"] = items->empty();
    d["truncated"] = items->size() > list.size();
    d["shown"] = list.size();
    d["communes"] = CommuneChoices(commune);
    d["filtered"] = !commune.empty();
    d["commune_name"] = commune.empty() ? "" : CommuneName(commune);
    return office.Page(req, "hub_feedback", d);
  });

  // ---- one feedback, and a step decided at the province sent to the commune ----
  // Keyed by device and tracking code, as the hub stores feedback.
  auto one_page = [&office, &hub, &clock](const Request& req, const std::string& device,
                                          const std::string& code, const std::string& error,
                                          int status) {
    const Date today = clock.Today();
    const std::string commune = sync::CommuneOfDevice(device);
    if (!sync::FindCommune(commune)) return office.site().NotFound(req);
    auto found = hub.WithDb([&](store::Db& db) {
      return sync::FindProvinceFeedback(db, today, commune, device, code);
    });
    if (!found.ok()) return office.Failure(req, found.status());
    if (!found->has_value()) return office.site().NotFound(req);
    const sync::ProvinceFeedback* f = &**found;
    auto sent =
        hub.WithDb([&](store::Db& db) { return sync::LoadSentActions(db, commune, code); });
    if (!sent.ok()) return office.Failure(req, sent.status());
    json d = office.Base(req, "Phản ánh " + code, "/can-bo/tinh/phan-anh");
    d["error"] = error;
    d["has_error"] = !error.empty();
    d["f"] = FeedbackItem(*f, today);
    json history = json::array();
    for (const domain::StateChange& c : f->summary.history) {
      history.push_back({{"on", c.on.ToVietnamese()},
                         {"action", domain::FeedbackActionVietnamese(c.action)},
                         {"state", domain::FeedbackStateVietnamese(c.to)},
                         {"outcome", c.outcome ? domain::OutcomeVietnamese(*c.outcome) : ""},
                         {"has_outcome", c.outcome.has_value()}});
    }
    d["history"] = history;
    d["has_history"] = !history.empty();
    json sl = json::array();
    bool waiting = false;
    for (const auto& a : *sent) {
      waiting |= a.state == sync::SentAction::State::kWaiting;
      sl.push_back(SentView(a));
    }
    d["sent"] = sl;
    d["has_sent"] = !sl.empty();
    d["waiting"] = waiting;
    json actions = json::array();
    if (!waiting && f->history_ok) {
      for (auto a : domain::AllowedActions(f->state)) actions.push_back(FeedbackActionView(a));
    }
    d["actions"] = actions;
    d["has_actions"] = !actions.empty();
    d["history_bad"] = !f->history_ok;
    d["post_url"] = "/can-bo/tinh/phan-anh/" + UrlEncode(device) + "/" + UrlEncode(code);
    return office.Page(req, "hub_feedback_one", d, status);
  };

  r.Add("GET", "/can-bo/tinh/phan-anh/{device}/{code}", Access::kOfficer,
        [one_page](Request& req) {
          return one_page(req, req.params["device"], req.params["code"], "", 200);
        });

  r.Add("POST", "/can-bo/tinh/phan-anh/{device}/{code}", Access::kOfficer,
        [&office, &hub, &clock, one_page](Request& req) {
          const std::string device = req.params["device"];
          const std::string code = req.params["code"];
          const std::string commune = sync::CommuneOfDevice(device);
          if (!sync::FindCommune(commune)) return office.site().NotFound(req);
          auto form = OfficeWeb::ReadForm(req);
          if (!form.ok()) return office.site().BadRequest(req, "Biểu mẫu không hợp lệ.");
          auto action = domain::ParseFeedbackActionKey(form->Value("action"));
          if (!action) return one_page(req, device, code, "Thao tác không hợp lệ.", 422);
          sync::FeedbackActionMessage m;
          m.code = code;
          m.input.action = *action;
          m.input.reason = form->Value("reason");
          m.input.target_body = form->Value("target_body");
          m.input.answer = form->Value("answer");
          if (const std::string o = form->Value("outcome"); !o.empty())
            m.input.outcome = domain::ParseOutcomeKey(o);
          // The board's Office::Act limits, checked here so the officer reads them now.
          auto chars = [](const std::string& t) {
            size_t n = 0;
            for (unsigned char c : t) n += (c & 0xC0) != 0x80;
            return n;
          };
          if (chars(m.input.reason) > 4000 || chars(m.input.target_body) > 300 ||
              chars(m.input.answer) > 20000) {
            return one_page(req, device, code,
                            "Nội dung quá dài: lý do tối đa 4.000 ký tự, tên cơ quan 300 ký tự, "
                            "nội dung trả lời 20.000 ký tự.",
                            422);
          }
          const office::Session s = OfficeWeb::SessionOf(req);
          m.by = s.username;
          m.by_name = s.full_name;
          const Date today = clock.Today();
          // Checked here against the state the hub knows, so the officer reads
          // the machine's refusal now; the board checks again against its own.
          std::string refusal;
          auto sent = hub.WithDb([&](store::Db& db) -> Result<int64_t> {
            ASSIGN_OR_RETURN(std::optional<sync::ProvinceFeedback> f,
                             sync::FindProvinceFeedback(db, today, commune, device, code));
            if (!f) return NotFound("Không có phản ánh mã " + code + ".");
            if (!f->history_ok)
              return InvalidArgument(
                  "Tỉnh chưa nhận đủ quá trình xử lý của phản ánh này; hãy chờ xã đồng bộ.");
            ASSIGN_OR_RETURN(domain::FeedbackState to, domain::ApplyAction(f->state, m.input));
            m.from_state = domain::FeedbackStateKey(f->state);
            ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db));
            ASSIGN_OR_RETURN(std::vector<sync::SentAction> prior,
                             sync::LoadSentActions(db, commune, code));
            for (const auto& p : prior) {
              if (p.state == sync::SentAction::State::kWaiting)
                return Conflict(
                    "Thao tác tỉnh gửi trước cho phản ánh này chưa được xã nhận; hãy chờ kết "
                    "quả rồi gửi tiếp.");
            }
            ASSIGN_OR_RETURN(int64_t id,
                             sync::HubStore(db).AddMessage(commune, sync::kMessageFeedbackAction,
                                                           sync::FeedbackActionToJson(m),
                                                           clock.NowUnixMs()));
            json detail = {{"message", id},
                           {"device", device},
                           {"from", m.from_state},
                           {"to", domain::FeedbackStateKey(to)}};
            RETURN_IF_ERROR(office::Journal(db, clock, OfficeWeb::ActorOf(req),
                                            std::string("province.feedback.") +
                                                domain::FeedbackActionKey(m.input.action),
                                            code, detail));
            RETURN_IF_ERROR(txn.Commit());
            return id;
          });
          if (!sent.ok()) {
            const Code c = sent.status().code();
            if (c == Code::kInvalidArgument)
              return one_page(req, device, code, sent.status().message(), 422);
            if (c == Code::kConflict)
              return one_page(req, device, code, sent.status().message(), 409);
            if (c == Code::kNotFound) return office.site().NotFound(req);
            return office.Failure(req, sent.status());
          }
          log::Info("hub: " + s.username + " sent " + domain::FeedbackActionKey(m.input.action) +
                    " for " + code + " to " + commune + " (message " + std::to_string(*sent) +
                    ")");
          return Response::Redirect("/can-bo/tinh/phan-anh/" + UrlEncode(device) + "/" +
                                    UrlEncode(code) + "?ok=gui-xa");
        });

  r.Add("GET", "/can-bo/tinh/bao-cao", Access::kOfficer, [&office, &hub, &clock](Request& req) {
    const Date today = clock.Today();
    const domain::ReportCutoff cutoff = office.office().options().cutoff;
    domain::ReportPeriod period;
    const std::string key = req.Query("ky");
    if (key.empty()) {
      period = domain::QuarterOf(today, cutoff);
    } else {
      auto p = domain::ParseReportPeriodKey(key, cutoff);
      if (!p.ok()) return office.site().BadRequest(req, p.status().message());
      period = *p;
    }
    auto items = hub.WithDb([&](store::Db& db) { return sync::LoadProvinceFeedback(db, today); });
    if (!items.ok()) return office.Failure(req, items.status());
    auto rep = sync::BuildProvinceReport(*items, period, today);
    if (!rep.ok()) return office.Failure(req, rep.status());
    json d = office.Base(req, "Báo cáo tổng hợp " + period.label, "/can-bo/tinh/bao-cao");
    d["period"] = {{"key", period.key},
                   {"label", period.label},
                   {"from", period.from.ToVietnamese()},
                   {"to", period.to.ToVietnamese()},
                   {"as_of", rep->total.as_of.ToVietnamese()},
                   {"partial", rep->total.as_of < period.to}};
    d["choices"] = PeriodChoices(domain::ReportYearOf(today, cutoff), period.key);
    d["rows"] = ReportRows(rep->total);
    json communes = json::array();
    for (const auto& [code, cr] : rep->communes) {
      if (cr.total == 0 && cr.published == 0) continue;
      communes.push_back({{"code", code},
                          {"name", CommuneName(code)},
                          {"total", cr.total},
                          {"done", cr.done},
                          {"pending", cr.pending},
                          {"overdue", cr.pending_overdue},
                          {"late", cr.transferred_late + cr.resolved_late}});
    }
    d["communes"] = communes;
    d["has_communes"] = !communes.empty();
    d["quiet"] = static_cast<int64_t>(rep->communes.size() - communes.size());
    d["left_out"] = rep->left_out;
    d["has_left_out"] = rep->left_out > 0;
    d["made_at"] = FormatVietnamTime(clock.NowUnixMs());
    return office.Page(req, "hub_report", d);
  });

  r.Add("GET", "/can-bo/tinh/thu-tuc", Access::kOfficer, [&office, &hub, &clock](Request& req) {
    const Date today = clock.Today();
    auto communes = hub.WithDb([&](store::Db& db) { return sync::LoadCommunes(db, today); });
    if (!communes.ok()) return office.Failure(req, communes.status());
    json d = office.Base(req, "Thủ tục và danh mục", "/can-bo/tinh/thu-tuc");
    json list = json::array();
    int behind = 0;
    for (const sync::CommuneOverview& c : *communes) {
      const int64_t issued = c.bundle ? c.bundle->version : 0;
      json devs = json::array();
      bool any_behind = false;
      for (const sync::DeviceRecord& dev : c.devices) {
        if (dev.revoked_at) continue;
        const int64_t held = dev.bundle_version.value_or(0);
        const bool dev_behind = issued > 0 && held < issued;
        any_behind |= dev_behind;
        devs.push_back({{"id", dev.id}, {"held", held}, {"behind", dev_behind}});
      }
      behind += any_behind;
      list.push_back({{"code", c.code},
                      {"name", c.name},
                      {"has_bundle", c.bundle.has_value()},
                      {"version", issued},
                      {"issued_at", c.bundle ? FormatVietnamTime(c.bundle->issued_at) : ""},
                      {"procedures", c.bundle ? c.bundle->procedures : 0},
                      {"devices", devs},
                      {"has_devices", !devs.empty()},
                      {"behind", any_behind}});
    }
    d["communes"] = list;
    d["behind"] = behind;
    d["has_key"] = hub.has_key();
    return office.Page(req, "hub_procedures", d);
  });

  r.Add("GET", "/can-bo/tinh/xa/{code}", Access::kOfficer, [&office, &hub, &clock](Request& req) {
    const std::string code = req.params["code"];
    if (!sync::FindCommune(code)) return office.site().NotFound(req);
    const Date today = clock.Today();
    const int64_t now = clock.NowUnixMs();
    auto communes = hub.WithDb([&](store::Db& db) { return sync::LoadCommunes(db, today); });
    if (!communes.ok()) return office.Failure(req, communes.status());
    auto procs = hub.WithDb([&](store::Db& db) { return sync::LoadBundleProcedures(db, code); });
    if (!procs.ok()) return office.Failure(req, procs.status());
    const sync::CommuneOverview* c = nullptr;
    for (const auto& x : *communes) {
      if (x.code == code) c = &x;
    }
    json d = office.Base(req, CommuneName(code), "/can-bo/tinh/thu-tuc");
    d["code"] = code;
    d["name"] = CommuneName(code);
    json devs = json::array();
    for (const sync::DeviceRecord& dev : c->devices) devs.push_back(DeviceView(dev, now));
    d["devices"] = devs;
    d["has_devices"] = !devs.empty();
    d["has_bundle"] = c->bundle.has_value();
    d["version"] = c->bundle ? c->bundle->version : 0;
    d["issued_at"] = c->bundle ? FormatVietnamTime(c->bundle->issued_at) : "";
    d["feedback"] = c->feedback;
    d["feedback_overdue"] = c->feedback_overdue;
    json pl = json::array();
    int posted = 0;
    for (const sync::BundleProcedure& p : *procs) {
      const auto st = domain::ParseStatusKey(p.status);
      posted += p.posting == "posted";
      const auto posting_on = Date::Parse(p.posting_on);  // shown as typed if not a date
      pl.push_back({{"code", p.code},
                    {"name", p.name},
                    {"status", st ? domain::StatusVietnamese(*st) : p.status},
                    {"posted", p.posting == "posted"},
                    {"posting", PostingLabel(p.posting)},
                    {"posting_on", posting_on ? posting_on->ToVietnamese() : p.posting_on}});
    }
    d["procedures"] = pl;
    d["procedure_count"] = pl.size();
    d["posted"] = posted;
    return office.Page(req, "hub_commune", d);
  });
}

}  // namespace motcua::web
