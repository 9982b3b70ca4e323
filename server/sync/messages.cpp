#include "sync/messages.h"

#include <nlohmann/json.hpp>

namespace motcua::sync {

using nlohmann::json;

namespace {

// The limits office::Office::Act enforces, checked early so a bad message is
// refused with a reason before anything is looked up.
constexpr size_t kMaxCode = 64;
constexpr size_t kMaxReason = 4000 * 4;  // Act counts characters, this bytes
constexpr size_t kMaxTarget = 300 * 4;
constexpr size_t kMaxAnswer = 20000 * 4;
constexpr size_t kMaxName = 200;

Result<std::string> Text(const json& j, const char* key, size_t max, bool required) {
  if (!j.contains(key)) {
    if (required) return InvalidArgument(std::string("feedback.action: no ") + key);
    return std::string();
  }
  if (!j[key].is_string()) return InvalidArgument(std::string("feedback.action: ") + key + " is not text");
  std::string v = j[key].get<std::string>();
  if (v.size() > max) return InvalidArgument(std::string("feedback.action: ") + key + " too long");
  if (required && v.empty()) return InvalidArgument(std::string("feedback.action: empty ") + key);
  return v;
}

}  // namespace

std::string FeedbackActionToJson(const FeedbackActionMessage& m) {
  json j = {{"code", m.code},
            {"from", m.from_state},
            {"action", domain::FeedbackActionKey(m.input.action)},
            {"by", m.by},
            {"by_name", m.by_name}};
  if (!m.input.reason.empty()) j["reason"] = m.input.reason;
  if (!m.input.target_body.empty()) j["target_body"] = m.input.target_body;
  if (m.input.outcome) j["outcome"] = domain::OutcomeKey(*m.input.outcome);
  if (!m.input.answer.empty()) j["answer"] = m.input.answer;
  return j.dump();
}

Result<FeedbackActionMessage> ParseFeedbackAction(const std::string& payload_json) {
  const json j = json::parse(payload_json, nullptr, false);
  if (!j.is_object()) return InvalidArgument("feedback.action: not a JSON object");
  FeedbackActionMessage m;
  ASSIGN_OR_RETURN(m.code, Text(j, "code", kMaxCode, true));
  ASSIGN_OR_RETURN(m.from_state, Text(j, "from", 40, true));
  if (!domain::ParseFeedbackStateKey(m.from_state))
    return InvalidArgument("feedback.action: unknown state " + m.from_state);
  ASSIGN_OR_RETURN(std::string action, Text(j, "action", 40, true));
  auto a = domain::ParseFeedbackActionKey(action);
  if (!a) return InvalidArgument("feedback.action: unknown action " + action);
  m.input.action = *a;
  ASSIGN_OR_RETURN(m.input.reason, Text(j, "reason", kMaxReason, false));
  ASSIGN_OR_RETURN(m.input.target_body, Text(j, "target_body", kMaxTarget, false));
  ASSIGN_OR_RETURN(m.input.answer, Text(j, "answer", kMaxAnswer, false));
  ASSIGN_OR_RETURN(std::string outcome, Text(j, "outcome", 40, false));
  if (!outcome.empty()) {
    m.input.outcome = domain::ParseOutcomeKey(outcome);
    if (!m.input.outcome) return InvalidArgument("feedback.action: unknown outcome " + outcome);
  }
  ASSIGN_OR_RETURN(m.by, Text(j, "by", kMaxName, true));
  ASSIGN_OR_RETURN(m.by_name, Text(j, "by_name", kMaxName, false));
  return m;
}

}  // namespace motcua::sync
