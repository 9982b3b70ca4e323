// The back office's statements over the feedback intake's tables
// (migration 10, store/feedback_repo.h): the inbox list, state changes made
// through the workflow, and what the periodic report reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace motcua::store {

// One inbox line: no content, no attachments.
struct FeedbackListRow {
  int64_t id = 0;
  std::string code;
  std::string received_date;
  std::string channel;
  std::string kind;
  std::string title;
  std::string sender_name;
  std::string state;
  std::string state_since;
  std::string klass;
  std::string transfer_due;
  std::string answer_due;
};

// Every feedback, or only those not archived; oldest receipt first.
Result<std::vector<FeedbackListRow>> ListFeedback(Db& db, bool include_archived);

// The change a workflow action makes to the feedback row. Applied only if
// the row is still in `from_state` (another officer may have acted first):
// kConflict otherwise.
struct FeedbackStateUpdate {
  int64_t id = 0;
  std::string from_state;
  std::string to_state;
  std::string state_since;                // ISO date of this change
  std::optional<std::string> klass;       // set by classifying actions
  std::optional<std::string> answer;      // set on resolve
  std::optional<int64_t> published_at;    // set on publish
  int64_t updated_at = 0;
};
Status UpdateFeedbackState(Db& db, const FeedbackStateUpdate& u);

// For reports: every feedback with its status events (oldest first).
struct ReportRow {
  std::string code;
  std::string received_date;
  std::string channel;
  std::string kind;
  std::string transfer_due;
  std::string answer_due;
  struct Event {
    std::string on_date;
    std::string action;  // never the receipt (action NULL) itself
    std::string state;
    std::optional<std::string> outcome;
  };
  std::vector<Event> events;
};
Result<std::vector<ReportRow>> LoadReportRows(Db& db);

}  // namespace motcua::store
