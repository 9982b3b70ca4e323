// View models of the feedback pages. Vietnamese labels of the domain enums
// come from domain/feedback.h; page text lives in the templates.
#include <cstdio>

#include "domain/feedback.h"
#include "web/catalog_pages.h"
#include "web/feedback_pages.h"

namespace motcua::web {

using nlohmann::json;

namespace {

std::string Thousands(size_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ".");
  return s;
}

json ProcedureJson(const std::optional<ProcedureChoice>& p) {
  if (!p) return false;
  return json{{"code", p->code}, {"name", p->name}};
}

}  // namespace

std::string VietnamTimeText(int64_t unix_ms) {
  const int64_t secs = unix_ms / 1000 + kVietnamUtcOffsetSeconds;
  const int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int64_t rem = secs - days * 86400;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60));
  return std::string(buf) + ", " + Date::FromDays(days).ToVietnamese();
}

json FeedbackFormView(const feedback::FeedbackLimits& limits, const feedback::FeedbackInput& v,
                      const std::vector<feedback::FieldError>& errors,
                      const std::string& form_token,
                      const std::optional<ProcedureChoice>& procedure,
                      const std::vector<ProcedureChoice>& suggestions) {
  json d;
  d["form_token"] = form_token;
  d["v"] = {{"name", v.name},
            {"address", v.address},
            {"phone", v.phone},
            {"email", v.email},
            {"title", v.title},
            {"content", v.content},
            {"procedure_code", v.procedure_code},
            {"consent", v.consent}};
  json kinds = json::array();
  for (domain::FeedbackKind k : domain::AllFeedbackKinds()) {
    kinds.push_back({{"key", domain::FeedbackKindKey(k)},
                     {"label", domain::FeedbackKindVietnamese(k)},
                     {"selected", v.kind == domain::FeedbackKindKey(k)}});
  }
  d["kinds"] = kinds;
  // One message per field (the first), for the slot under each input.
  json by_field = json::object();
  json list = json::array();
  for (const auto& e : errors) {
    list.push_back({{"field", e.field}, {"message", e.message}});
    if (!by_field.contains(e.field)) by_field[e.field] = e.message;
  }
  for (const char* f : {"kind", "procedure_code", "title", "content", "files", "name", "address",
                        "phone", "email", "consent"}) {
    if (!by_field.contains(f)) by_field[f] = false;
  }
  d["errors"] = by_field;
  d["error_list"] = list;
  d["has_errors"] = !list.empty();
  d["error_count"] = list.size();
  d["procedure"] = ProcedureJson(procedure);
  json sug = json::array();
  for (const auto& s : suggestions) sug.push_back({{"code", s.code}, {"name", s.name}});
  d["suggestions"] = sug;
  d["has_suggestions"] = !sug.empty();
  d["files_dropped"] = false;
  d["notice"] = false;
  d["limits"] = {{"name_max", limits.name_max},
                 {"address_max", limits.address_max},
                 {"title_max", limits.title_max},
                 {"content_min", limits.content_min},
                 {"content_max", limits.content_max},
                 {"content_max_text", Thousands(limits.content_max)},
                 {"max_files", limits.max_files},
                 {"max_file_mb", limits.max_file_bytes >> 20},
                 {"max_file_bytes", limits.max_file_bytes}};
  return d;
}

json ReceiptView(const feedback::ReceiptInfo& r, const std::optional<ProcedureChoice>& procedure) {
  return {{"code", r.code},
          {"received", VietnamTimeText(r.received_at)},
          {"received_date", r.received_date.ToVietnamese()},
          {"answer_due", r.answer_due.ToVietnamese()},
          {"answer_rule", r.answer_rule},
          {"kind_label", domain::FeedbackKindVietnamese(r.kind)},
          {"title", r.title},
          {"procedure", ProcedureJson(procedure)},
          {"phone_last4", r.phone_last4},
          {"attachments", r.attachments},
          {"lookup_url", "/phan-anh/tra-cuu?ma=" + r.code}};
}

json StatusView(const feedback::PublicStatus& s, const std::optional<ProcedureChoice>& procedure) {
  json history = json::array();
  for (const auto& e : s.history) {
    history.push_back({{"date", e.on.ToVietnamese()},
                       {"state_label", domain::FeedbackStateVietnamese(e.state)},
                       {"note", e.public_note}});
  }
  const bool open = !domain::IsDone(s.state);
  return {{"code", s.code},
          {"kind_label", domain::FeedbackKindVietnamese(s.kind)},
          {"procedure", ProcedureJson(procedure)},
          {"received_date", s.received_date.ToVietnamese()},
          {"answer_due", s.answer_due.ToVietnamese()},
          {"open", open},
          {"state_key", domain::FeedbackStateKey(s.state)},
          {"state_label", domain::FeedbackStateVietnamese(s.state)},
          {"history", history},
          {"has_answer", s.answer.has_value()},
          {"answer_paras", s.answer ? Paragraphs(*s.answer) : json::array()}};
}

json StatusJson(const feedback::PublicStatus& s) {
  json history = json::array();
  for (const auto& e : s.history) {
    history.push_back({{"date", e.on.ToIso()},
                       {"state", domain::FeedbackStateKey(e.state)},
                       {"state_label", domain::FeedbackStateVietnamese(e.state)},
                       {"note", e.public_note}});
  }
  return {{"code", s.code},
          {"kind", domain::FeedbackKindKey(s.kind)},
          {"kind_label", domain::FeedbackKindVietnamese(s.kind)},
          {"procedure_code", s.procedure_code ? json(*s.procedure_code) : json(nullptr)},
          {"received_date", s.received_date.ToIso()},
          {"answer_due", s.answer_due.ToIso()},
          {"state", domain::FeedbackStateKey(s.state)},
          {"state_label", domain::FeedbackStateVietnamese(s.state)},
          {"history", history},
          {"answer", s.answer ? json(*s.answer) : json(nullptr)}};
}

}  // namespace motcua::web
