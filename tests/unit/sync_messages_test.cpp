// The hub-to-commune message for a workflow step decided at the province
// (sync/messages.h): what the hub writes, the board reads back; anything
// malformed is refused with a reason before the board looks anything up.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sync/messages.h"

using namespace motcua;  // NOLINT: test file
using nlohmann::json;

TEST_CASE("feedback.action: written and read back whole") {
  sync::FeedbackActionMessage m;
  m.code = "PA-7K3QX-00042";
  m.from_state = "in_progress";
  m.input.action = domain::FeedbackAction::kResolve;
  m.input.outcome = domain::Outcome::kRecommend;
  m.input.answer = "Tỉnh đã kiến nghị sửa quy định; xã trả lời ông/bà như sau.";
  m.by = "tinh";
  m.by_name = "Cầm Văn Tỉnh";
  auto back = sync::ParseFeedbackAction(sync::FeedbackActionToJson(m));
  REQUIRE(back.ok());
  CHECK(back->code == m.code);
  CHECK(back->from_state == "in_progress");
  CHECK(back->input.action == domain::FeedbackAction::kResolve);
  CHECK(back->input.outcome == domain::Outcome::kRecommend);
  CHECK(back->input.answer == m.input.answer);
  CHECK(back->input.reason.empty());
  CHECK(back->by == "tinh");
  CHECK(back->by_name == "Cầm Văn Tỉnh");
}

TEST_CASE("feedback.action: malformed messages are refused with the reason") {
  const json good = {{"code", "PA-1"}, {"from", "received"}, {"action", "accept"}, {"by", "tinh"}};
  REQUIRE(sync::ParseFeedbackAction(good.dump()).ok());
  struct Case {
    const char* what;
    json j;
    const char* reason;
  };
  auto without = [&good](const char* key) {
    json j = good;
    j.erase(key);
    return j;
  };
  auto with = [&good](const char* key, json v) {
    json j = good;
    j[key] = std::move(v);
    return j;
  };
  const std::vector<Case> cases = {
      {"no code", without("code"), "no code"},
      {"no from", without("from"), "no from"},
      {"no action", without("action"), "no action"},
      {"no officer", without("by"), "no by"},
      {"code not text", with("code", 42), "code is not text"},
      {"empty code", with("code", ""), "empty code"},
      {"unknown state", with("from", "done"), "unknown state done"},
      {"unknown action", with("action", "delete"), "unknown action delete"},
      {"unknown outcome", with("outcome", "maybe"), "unknown outcome maybe"},
      {"long code", with("code", std::string(65, 'A')), "code too long"},
      {"long answer", with("answer", std::string(80001, 'x')), "answer too long"},
      {"answer not text", with("answer", json::array()), "answer is not text"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    auto r = sync::ParseFeedbackAction(c.j.dump());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().message().find(c.reason) != std::string::npos);
  }
  for (const char* text : {"", "[]", "\"x\"", "{", "null"}) {
    CAPTURE(text);
    CHECK(sync::ParseFeedbackAction(text).status().code() == Code::kInvalidArgument);
  }
}
