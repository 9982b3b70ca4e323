// Messages the hub sends to a commune, and what the commune answers
// (issue 5: "the hub can also send answers and status changes made at the
// province back to the commune"). A province officer decides a step of a
// commune's feedback workflow on the hub's pages; the hub queues it as a
// message; the board applies it through the same state machine and
// transaction as its own officers' steps (office::Office::Act), marks the
// message applied inside that transaction, and reports the result back to
// the hub as an outbox entry. A step decided from a state the feedback has
// since left is refused, never applied on top.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "domain/feedback.h"

namespace motcua::sync {

inline constexpr char kMessageFeedbackAction[] = "feedback.action";
// Outbox entry kind: {"message": id, "ok": bool, "error": "...", "code": "...", "kind": "..."}.
inline constexpr char kEntryInboxResult[] = "inbox.result";

struct FeedbackActionMessage {
  std::string code;        // the feedback's tracking code
  std::string from_state;  // domain::FeedbackStateKey the province saw
  domain::ActionInput input;
  std::string by;       // the province officer's login name
  std::string by_name;  // and full name
};

std::string FeedbackActionToJson(const FeedbackActionMessage& m);
// kInvalidArgument (English, for logs and the alert) when a field is
// missing, of the wrong type, unknown or too long.
Result<FeedbackActionMessage> ParseFeedbackAction(const std::string& payload_json);

}  // namespace motcua::sync
