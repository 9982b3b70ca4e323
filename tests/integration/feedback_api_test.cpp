// The JSON equivalents: POST /api/v1/feedback and GET /api/v1/feedback/{code}.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "feedback_client.h"
#include "store/feedback_repo.h"

using namespace motcua::testing;  // NOLINT: test file
using nlohmann::json;

namespace {

FeedbackServer& Api() {
  static FeedbackServer s("feedback_rate_limit = 0\nlookup_rate_limit = 0\n");
  return s;
}

json Good() {
  return {{"name", "Quàng Thị Xuân"},
          {"address", "Tổ 3, phường Tô Hiệu"},
          {"phone", "0212 3852 000"},
          {"email", nullptr},
          {"title", "Quy định về giấy tờ không thống nhất"},
          {"content", "Hai văn bản yêu cầu hai loại giấy tờ khác nhau cho cùng một thủ tục."},
          {"kind", "inconsistent"},
          {"procedure_code", "1.001193"},
          {"consent", true}};
}

HttpResult Post(const json& body, std::vector<std::string> headers = {}) {
  return HttpPost(Api().Url("/api/v1/feedback"), body.dump(), "application/json",
                  Opts(std::move(headers)));
}

}  // namespace

TEST_CASE("API: a valid object answers 201 with the code and dates") {
  HttpResult r = Post(Good());
  REQUIRE(r.status == 201);
  json j = json::parse(r.body);
  const std::string code = j["code"];
  CHECK(code.size() == 14);
  CHECK(j["answer_rule"] == "10 ngày làm việc");
  CHECK(j["received_date"].get<std::string>().size() == 10);
  CHECK(j["answer_due"] > j["received_date"]);
  auto row = motcua::store::FindFeedbackByCode(*Api().Db(), code);
  REQUIRE(row->has_value());
  CHECK((*row)->sender_phone == "02123852000");
  CHECK((*row)->kind == "inconsistent");

  HttpResult st = HttpGet(Api().Url("/api/v1/feedback/" + code + "?phone4=2000"));
  CHECK(st.status == 200);
  json s = json::parse(st.body);
  CHECK(s["code"] == code);
  CHECK(s["state"] == "received");
  CHECK(s["state_label"] == "Đã tiếp nhận");
  CHECK(s["history"].size() == 1);
  CHECK(s["answer"].is_null());
  CHECK(s["procedure_code"] == "1.001193");
  for (const char* personal : {"Quàng", "Tô Hiệu", "3852", "Hai văn bản"}) {
    CAPTURE(personal);
    CHECK_FALSE(Contains(st.body, personal));
  }
}

TEST_CASE("API: errors list each field with a Vietnamese message") {
  json bad = Good();
  bad["phone"] = "12";
  bad["kind"] = "khieu_nai";
  bad["consent"] = false;
  bad.erase("name");
  HttpResult r = Post(bad);
  CHECK(r.status == 422);
  json j = json::parse(r.body);
  std::vector<std::string> fields;
  for (const auto& e : j["errors"]) {
    fields.push_back(e["field"]);
    CHECK_FALSE(e["message"].get<std::string>().empty());
  }
  CHECK(fields == std::vector<std::string>{"kind", "name", "phone", "consent"});

  json typed = Good();
  typed["title"] = 42;
  typed["consent"] = "yes";
  json t = json::parse(Post(typed).body);
  CHECK(t["errors"].size() == 2);

  CHECK(HttpPost(Api().Url("/api/v1/feedback"), Good().dump(), "text/plain").status == 415);
  CHECK(HttpPost(Api().Url("/api/v1/feedback"), "{\"name\":", "application/json").status == 400);
  CHECK(HttpPost(Api().Url("/api/v1/feedback"), "[1,2]", "application/json").status == 400);
  CHECK(HttpPost(Api().Url("/api/v1/feedback"), "{\"name\":\"\xff\"}", "application/json").status ==
        400);
}

TEST_CASE("API: the same Idempotency-Key returns the same code, one record") {
  const int64_t before = motcua::store::CountFeedback(*Api().Db()).value();
  HttpResult a = Post(Good(), {"Idempotency-Key: kiosk-7:0001"});
  HttpResult b = Post(Good(), {"Idempotency-Key: kiosk-7:0001"});
  CHECK(a.status == 201);
  CHECK(b.status == 200);
  CHECK(json::parse(a.body)["code"] == json::parse(b.body)["code"]);
  CHECK(motcua::store::CountFeedback(*Api().Db()).value() == before + 1);
}

TEST_CASE("API: status with wrong digits or an unknown code is one 404") {
  HttpResult r = Post(Good());
  const std::string code = json::parse(r.body)["code"];
  HttpResult wrong = HttpGet(Api().Url("/api/v1/feedback/" + code + "?phone4=9999"));
  CHECK(wrong.status == 404);
  HttpResult none = HttpGet(Api().Url("/api/v1/feedback/" + code + "?phone4="));
  CHECK(none.status == 400);
  CHECK(json::parse(none.body)["errors"][0]["field"] == "phone4");
  HttpResult junk = HttpGet(Api().Url("/api/v1/feedback/PA-XXXX?phone4=2000"));
  CHECK(junk.status == 400);
  CHECK(json::parse(junk.body)["errors"][0]["field"] == "code");
}
