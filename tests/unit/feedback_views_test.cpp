// The feedback templates get every key they use (kainjow renders a missing
// key as blank, silently), and what a person typed is escaped.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "support/json_keys.h"
#include "web/feedback_pages.h"
#include "web/templates.h"

using motcua::Date;
using motcua::testing::CollectKeys;
using motcua::web::ProcedureChoice;
using nlohmann::json;

namespace {

std::unique_ptr<motcua::web::Templates> Load() {
  auto t = motcua::web::Templates::Load(std::string(MOTCUA_SOURCE_DIR) + "/templates");
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  return std::move(t).value();
}

json Base() {
  return {{"title", "t"},
          {"version", "0"},
          {"today", "01/01/2026"},
          {"site",
           {{"commune", "Xã Mẫu"},
            {"province", "Tỉnh Sơn La"},
            {"centre", "Trung tâm"},
            {"address", "a"},
            {"phone", "p"},
            {"email", "e"},
            {"hours", "h"},
            {"has_email", true},
            {"has_phone", true}}}};
}

// Every {{name}}, {{#name}}, {{^name}} of `src` (first path segment) is a key
// somewhere in `data`.
void CheckKeys(const std::string& name, const std::string& src, const json& data) {
  std::set<std::string> keys;
  CollectKeys(data, &keys);
  static const std::regex tag(R"(\{\{\{?\s*([#^]?)\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}?\}\})");
  for (auto it = std::sregex_iterator(src.begin(), src.end(), tag); it != std::sregex_iterator();
       ++it) {
    std::string key = (*it)[2];
    key = key.substr(0, key.find('.'));
    CAPTURE(name);
    CAPTURE(key);
    CHECK(keys.count(key) == 1);
  }
}

json Merge(json base, const json& more) {
  for (auto it = more.begin(); it != more.end(); ++it) base[it.key()] = it.value();
  return base;
}

// A published feedback with an answer, as a citizen looks it up.
motcua::feedback::PublicStatus PublishedStatus() {
  motcua::feedback::PublicStatus s;
  s.code = "PA-7K4QM-2XDRH";
  s.received_date = Date{2026, 4, 24};
  s.answer_due = Date{2026, 5, 13};
  s.procedure_code = "1.001193";
  s.history.push_back(
      {Date{2026, 4, 24}, motcua::domain::FeedbackState::kReceived, "Đã tiếp nhận."});
  s.history.push_back({Date{2026, 5, 4}, motcua::domain::FeedbackState::kPublished, ""});
  s.state = motcua::domain::FeedbackState::kPublished;
  s.answer = "Dòng một.\nDòng hai.";
  return s;
}

}  // namespace

TEST_CASE("feedback templates: every key they use is in the view data") {
  auto t = Load();
  motcua::feedback::FeedbackInput v;
  v.name = "<b>Lò</b>";
  std::vector<motcua::feedback::FieldError> errors = {{"name", "Lỗi <i>tên</i>"},
                                                      {"files", "Lỗi tệp"}};
  json form = Merge(Base(), motcua::web::FeedbackFormView({}, v, errors, "tok",
                                                          ProcedureChoice{"1.001193", "Khai sinh"},
                                                          {{"1.001193", "Khai sinh"}}));
  form["notice"] = "Thông báo";
  form["files_dropped"] = true;
  form["contact_in_page"] = true;
  CheckKeys("feedback_form", t->Source("feedback_form"), form);
  const std::string html = t->Page("feedback_form", form);
  CHECK(html.find("&lt;b&gt;Lò&lt;") != std::string::npos);
  CHECK(html.find("Lỗi &lt;i&gt;tên") != std::string::npos);
  CHECK(html.find("<b>Lò</b>") == std::string::npos);
  CHECK(html.find("{{") == std::string::npos);

  motcua::feedback::ReceiptInfo r;
  r.code = "PA-7K4QM-2XDRH";
  r.received_at = 1'777'000'000'000;
  r.received_date = Date{2026, 4, 24};
  r.answer_due = Date{2026, 5, 13};
  r.answer_rule = "10 ngày làm việc";
  r.title = "<script>x</script>";
  r.phone_last4 = "5678";
  json receipt =
      Merge(Base(), {{"r", motcua::web::ReceiptView(r, ProcedureChoice{"1.001193", "Khai sinh"})},
                     {"contact_in_page", true}});
  CheckKeys("feedback_receipt", t->Source("feedback_receipt"), receipt);
  const std::string rhtml = t->Page("feedback_receipt", receipt);
  CHECK(rhtml.find("<script>x") == std::string::npos);
  CHECK(rhtml.find("13/05/2026") != std::string::npos);

  json lookup =
      Merge(Base(), {{"code", "PA"},
                     {"error", "Lỗi"},
                     {"found", true},
                     {"s", motcua::web::StatusView(PublishedStatus(),
                                                   ProcedureChoice{"1.001193", "Khai sinh"})}});
  CheckKeys("feedback_lookup", t->Source("feedback_lookup"), lookup);
  const std::string lhtml = t->Page("feedback_lookup", lookup);
  CHECK(lhtml.find("Đã công khai kết quả") != std::string::npos);
  CHECK(lhtml.find("<p>Dòng một.</p><p>Dòng hai.</p>") != std::string::npos);
}

TEST_CASE("status JSON carries no personal data and ISO dates") {
  json j = motcua::web::StatusJson(PublishedStatus());
  CHECK(j["received_date"] == "2026-04-24");
  CHECK(j["state"] == "published");
  CHECK(j["history"].size() == 2);
  std::set<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.insert(it.key());
  CHECK(keys == std::set<std::string>{"answer", "answer_due", "code", "history", "kind",
                                      "kind_label", "procedure_code", "received_date", "state",
                                      "state_label"});
}

TEST_CASE("VietnamTimeText is Vietnam local time") {
  // 2026-04-24 02:15 UTC is 09:15 in Vietnam.
  CHECK(motcua::web::VietnamTimeText(1'776'996'900'000) == "09:15, 24/04/2026");
}
