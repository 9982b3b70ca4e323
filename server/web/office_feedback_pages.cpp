// The officers' home (what is due), the feedback inbox, one feedback's page
// with its actions, and attachment downloads.
#include <fstream>
#include <sstream>

#include "core/log.h"
#include "web/catalog_pages.h"
#include "web/office_web.h"

namespace motcua::web {

using nlohmann::json;

namespace {

// Who did a step, for officers: the login name (a province officer's through
// the hub), or the intake itself.
std::string Who(const std::string& actor) {
  if (actor.rfind("officer:", 0) == 0) return actor.substr(8);
  if (actor.rfind("province:", 0) == 0) return "cán bộ tỉnh " + actor.substr(9);
  if (actor.rfind("cli", 0) == 0) return "dòng lệnh";
  return "hệ thống tiếp nhận";
}

std::string Day(const std::string& iso) {
  auto d = Date::Parse(iso);
  return d ? d->ToVietnamese() : iso;
}

// "Quá hạn 3 ngày làm việc", "Hết hạn hôm nay", "Còn 2 ngày làm việc".
json DeadlineView(const domain::DeadlineFlags& f) {
  json v;
  v["running"] = f.clock != domain::DeadlineClock::kNone;
  v["clock"] = domain::DeadlineClockVietnamese(f.clock);
  v["due"] = f.due.ToVietnamese();
  v["overdue"] = f.overdue;
  v["due_today"] = f.due_today && !f.overdue;
  v["due_soon"] = f.due_soon && !f.due_today && !f.overdue;
  std::string text;
  if (f.overdue) {
    text = "Quá hạn";
    if (f.working_days_left < 0)
      text += " " + std::to_string(-f.working_days_left) + " ngày làm việc";
  } else if (f.due_today) {
    text = "Hết hạn hôm nay";
  } else {
    text = "Còn " + std::to_string(f.working_days_left) + " ngày làm việc";
  }
  v["text"] = text;
  v["css"] = f.overdue ? "late" : (f.due_today || f.due_soon) ? "soon" : "ok";
  return v;
}

json ItemView(const office::InboxItem& it) {
  return {{"code", it.row.code},
          {"title", it.row.title},
          {"sender", it.row.sender_name},
          {"received", Day(it.row.received_date)},
          {"state", domain::FeedbackStateVietnamese(it.state)},
          {"state_key", it.row.state},
          {"kind", domain::FeedbackKindVietnamese(it.kind)},
          {"deadline", DeadlineView(it.flags)}};
}

}  // namespace

std::string WhenVietnamese(int64_t unix_ms) {
  const std::string t = FormatVietnamTime(unix_ms);  // "2026-11-29 04:51:35"
  auto d = Date::Parse(t.substr(0, 10));
  if (!d || t.size() < 16) return t;
  return t.substr(11, 5) + " ngày " + d->ToVietnamese();
}

// The inputs each action asks for (domain::ApplyAction checks them again).
json FeedbackActionView(domain::FeedbackAction a) {
  using A = domain::FeedbackAction;
  json v = {{"key", domain::FeedbackActionKey(a)},
            {"label", domain::FeedbackActionVietnamese(a)},
            {"needs_reason", false},
            {"needs_target", false},
            {"needs_answer", false},
            {"reason_label", ""},
            {"simple", false},
            {"danger", a == A::kRejectNotAccepted}};
  switch (a) {
    case A::kRejectNotAccepted:
      v["needs_reason"] = true;
      v["reason_label"] = "Lý do không tiếp nhận (người gửi sẽ đọc được) và cách gửi lại";
      break;
    case A::kAskClarification:
      v["needs_reason"] = true;
      v["reason_label"] = "Nội dung đề nghị người gửi làm rõ";
      break;
    case A::kPark:
      v["needs_reason"] = true;
      v["reason_label"] = "Lý do tạm dừng (chưa đủ căn cứ)";
      break;
    case A::kTransferOfficialsBehaviour:
    case A::kTransferOutsideCompetence:
      v["needs_target"] = true;
      break;
    case A::kResolve: {
      v["needs_answer"] = true;
      json outcomes = json::array();
      for (auto o : domain::AllOutcomes())
        outcomes.push_back({{"key", domain::OutcomeKey(o)}, {"label", domain::OutcomeVietnamese(o)}});
      v["outcomes"] = outcomes;
      break;
    }
    default:
      v["simple"] = true;
  }
  return v;
}

void OfficeWeb::RegisterFeedback() {
  Router& r = site_.router();

  // ---- home: what is due ------------------------------------------------------
  r.Add("GET", "/can-bo/", Access::kOfficer, [this](Request& req) {
    json d = Base(req, "Việc cần làm", "/can-bo/");
    auto all = office_.Inbox({});
    if (!all.ok()) return Failure(req, all.status());
    json overdue = json::array(), soon = json::array();
    std::map<std::string, int> by_state;
    for (const auto& it : *all) {
      ++by_state[it.row.state];
      if (it.flags.overdue) {
        overdue.push_back(ItemView(it));
      } else if (it.flags.due_soon || it.flags.due_today) {
        soon.push_back(ItemView(it));
      }
    }
    d["overdue"] = overdue;
    d["has_overdue"] = !overdue.empty();
    d["soon"] = soon;
    d["has_soon"] = !soon.empty();
    d["soon_days"] = office_.options().deadlines.due_soon_working_days;
    json states = json::array();
    for (auto s : domain::AllFeedbackStates()) {
      auto it = by_state.find(domain::FeedbackStateKey(s));
      if (it == by_state.end()) continue;
      states.push_back({{"key", it->first}, {"label", domain::FeedbackStateVietnamese(s)},
                        {"count", it->second}});
    }
    d["states"] = states;
    d["has_states"] = !states.empty();
    d["open_count"] = all->size();
    // The calendar only knows the years in the holiday table.
    const Date today = site_.clock().Today();
    auto cal = office_.Calendar();
    json missing = json::array();
    for (int y : {today.year, today.year + 1}) {
      if (!cal->HasHolidayDataFor(y)) missing.push_back(y);
    }
    d["missing_years"] = missing;
    d["has_missing_years"] = !missing.empty();
    auto marks = office_.PostingMarks();
    int takedown = 0;
    if (marks.ok()) {
      for (const auto& [code, m] : *marks) {
        auto s = catalog_.Summary(code);
        if (s && !s->InForceOn(today)) ++takedown;
      }
    }
    d["takedown"] = takedown;
    d["has_takedown"] = takedown > 0;
    return Page(req, "office_home", d);
  });

  // ---- inbox ----------------------------------------------------------------
  r.Add("GET", "/can-bo/phan-anh", Access::kOfficer, [this](Request& req) {
    office::InboxQuery q;
    const std::string st = req.Query("trang-thai"), kind = req.Query("loai"),
                      due = req.Query("han");
    if (!st.empty()) q.state = domain::ParseFeedbackStateKey(st);
    if (!kind.empty()) q.kind = domain::ParseFeedbackKindKey(kind);
    if (due == "qua-han") q.due = office::InboxQuery::Due::kOverdue;
    if (due == "sap-den") q.due = office::InboxQuery::Due::kDueSoon;
    auto items = office_.Inbox(q);
    if (!items.ok()) return Failure(req, items.status());
    json d = Base(req, "Phản ánh, kiến nghị", "/can-bo/phan-anh");
    json list = json::array();
    for (const auto& it : *items) list.push_back(ItemView(it));
    d["items"] = list;
    d["count"] = list.size();
    d["empty"] = list.empty();
    json states = json::array();
    for (auto s : domain::AllFeedbackStates())
      states.push_back({{"key", domain::FeedbackStateKey(s)},
                        {"label", domain::FeedbackStateVietnamese(s)},
                        {"selected", q.state == s}});
    json kinds = json::array();
    for (auto k : domain::AllFeedbackKinds())
      kinds.push_back({{"key", domain::FeedbackKindKey(k)},
                       {"label", domain::FeedbackKindVietnamese(k)},
                       {"selected", q.kind == k}});
    d["states"] = states;
    d["kinds"] = kinds;
    d["due_all"] = q.due == office::InboxQuery::Due::kAll;
    d["due_overdue"] = q.due == office::InboxQuery::Due::kOverdue;
    d["due_soon"] = q.due == office::InboxQuery::Due::kDueSoon;
    d["filtered"] = q.state || q.kind || q.due != office::InboxQuery::Due::kAll;
    return Page(req, "office_inbox", d);
  });

  // ---- one feedback ---------------------------------------------------------
  auto detail_page = [this](const Request& req, const std::string& code, const std::string& error,
                            int status) {
    auto fb = office_.Feedback(code);
    if (!fb.ok()) return Failure(req, fb.status());
    if (!fb->has_value()) return site_.NotFound(req);
    const office::FeedbackDetail& f = **fb;
    json d = Base(req, "Phản ánh " + f.row.code, "/can-bo/phan-anh");
    d["error"] = error;
    d["has_error"] = !error.empty();
    auto kind = domain::ParseFeedbackKindKey(f.row.kind);
    auto channel = domain::ParseFeedbackChannelKey(f.row.channel);
    auto klass = domain::ParseFeedbackClassKey(f.row.klass);
    json fv = {
        {"code", f.row.code},
        {"title", f.row.title},
        {"content", Paragraphs(f.row.content)},
        {"kind", kind ? domain::FeedbackKindVietnamese(*kind) : f.row.kind},
        {"clause", kind ? domain::FeedbackKindClause(*kind) : ""},
        {"channel", channel ? domain::FeedbackChannelVietnamese(*channel) : f.row.channel},
        {"klass", klass ? domain::FeedbackClassVietnamese(*klass) : f.row.klass},
        {"state", domain::FeedbackStateVietnamese(f.state)},
        {"state_key", f.row.state},
        {"received", Day(f.row.received_date)},
        {"received_at", WhenVietnamese(f.row.received_at)},
        {"transfer_due", Day(f.row.transfer_due)},
        {"answer_due", Day(f.row.answer_due)},
        {"answer_rule", f.row.answer_rule},
        {"procedure_code", f.row.procedure_code.value_or("")},
        {"has_procedure", f.row.procedure_code.has_value()},
        {"sender_name", f.row.sender_name},
        {"sender_address", f.row.sender_address},
        {"sender_phone", f.row.sender_phone},
        {"sender_email", f.row.sender_email.value_or("")},
        {"has_email", f.row.sender_email && !f.row.sender_email->empty()},
        {"answer", f.row.answer ? Paragraphs(*f.row.answer) : json::array()},
        {"has_answer", f.row.answer.has_value()},
        {"published", f.row.answer_published_at.has_value()},
        {"deadline", DeadlineView(f.flags)},
    };
    d["f"] = fv;
    json files = json::array();
    for (const auto& a : f.attachments)
      files.push_back({{"id", a.id},
                       {"name", a.original_name.empty() ? a.stored_name : a.original_name},
                       {"kind", a.kind},
                       {"size_kb", (a.size + 1023) / 1024}});
    d["files"] = files;
    d["has_files"] = !files.empty();
    json events = json::array();
    for (const auto& e : f.events) {
      auto s = domain::ParseFeedbackStateKey(e.state);
      auto a = e.action ? domain::ParseFeedbackActionKey(*e.action) : std::nullopt;
      auto o = e.outcome ? domain::ParseOutcomeKey(*e.outcome) : std::nullopt;
      events.push_back({{"on", Day(e.on_date)},
                        {"at", WhenVietnamese(e.at)},
                        {"state", s ? domain::FeedbackStateVietnamese(*s) : e.state},
                        {"action", a ? domain::FeedbackActionVietnamese(*a) : "Tiếp nhận"},
                        {"outcome", o ? domain::OutcomeVietnamese(*o) : ""},
                        {"has_outcome", o.has_value()},
                        {"note", e.public_note},
                        {"actor", Who(e.actor)}});
    }
    d["events"] = events;
    json actions = json::array();
    for (auto a : f.actions) actions.push_back(FeedbackActionView(a));
    d["actions"] = actions;
    d["has_actions"] = !actions.empty();
    d["post_url"] = "/can-bo/phan-anh/" + UrlEncode(f.row.code) + "/xu-ly";
    return Page(req, "office_feedback", d, status);
  };

  r.Add("GET", "/can-bo/phan-anh/{code}", Access::kOfficer, [detail_page](Request& req) {
    return detail_page(req, req.params["code"], "", 200);
  });

  r.Add("POST", "/can-bo/phan-anh/{code}/xu-ly", Access::kOfficer,
        [this, detail_page](Request& req) {
          const std::string code = req.params["code"];
          auto form = ReadForm(req);
          if (!form.ok()) return site_.BadRequest(req, "Biểu mẫu không hợp lệ.");
          auto action = domain::ParseFeedbackActionKey(form->Value("action"));
          if (!action) return detail_page(req, code, "Thao tác không hợp lệ.", 422);
          domain::ActionInput in;
          in.action = *action;
          in.reason = form->Value("reason");
          in.target_body = form->Value("target_body");
          in.answer = form->Value("answer");
          if (const std::string o = form->Value("outcome"); !o.empty())
            in.outcome = domain::ParseOutcomeKey(o);
          auto to = office_.Act(code, in, ActorOf(req));
          if (!to.ok()) {
            const Code c = to.status().code();
            if (c == Code::kInvalidArgument) return detail_page(req, code, to.status().message(), 422);
            if (c == Code::kConflict) return detail_page(req, code, to.status().message(), 409);
            return Failure(req, to.status());
          }
          return Response::Redirect("/can-bo/phan-anh/" + UrlEncode(code) + "?ok=xu-ly");
        });

  r.Add("GET", "/can-bo/phan-anh/{code}/tep/{id}", Access::kOfficer, [this](Request& req) {
    auto file = office_.Attachment(req.params["code"], std::atoll(req.params["id"].c_str()));
    if (!file.ok()) {
      if (file.status().code() == Code::kNotFound) return site_.NotFound(req);
      return Failure(req, file.status());
    }
    std::ifstream in(file->first, std::ios::binary);
    if (!in) return Failure(req, IoError("cannot read " + file->first));
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string& kind = file->second.kind;
    Response resp;
    resp.body = ss.str();
    resp.content_type = kind == "pdf" ? "application/pdf" : kind == "png" ? "image/png" : "image/jpeg";
    // Opened as a download, never rendered in our origin.
    resp.Header("Content-Disposition", "attachment; filename=\"tep-" + req.params["id"] + "." +
                                           (kind == "jpeg" ? "jpg" : kind) + "\"");
    resp.cache_control = "private, no-store";
    return resp;
  });
}

}  // namespace motcua::web
