// Types of the feedback workflow and report parts of the back office
// (office/workflow.cpp, office/reports.cpp). Every state change goes
// through domain::ApplyAction, the one state machine (NĐ 20/2008).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/feedback.h"
#include "domain/report.h"
#include "domain/report_period.h"
#include "store/feedback_office_repo.h"
#include "store/feedback_repo.h"

namespace motcua::office {

struct InboxQuery {
  std::optional<domain::FeedbackState> state;  // none: every state but archived
  std::optional<domain::FeedbackKind> kind;
  enum class Due { kAll, kOverdue, kDueSoon };  // kDueSoon: not overdue, due within the window
  Due due = Due::kAll;
};

struct InboxItem {
  store::FeedbackListRow row;
  domain::FeedbackState state = domain::FeedbackState::kReceived;
  domain::FeedbackKind kind = domain::FeedbackKind::kOtherIssue;
  domain::DeadlineFlags flags;  // the clock running in this state
};

struct FeedbackDetail {
  store::FeedbackRow row;
  std::vector<store::AttachmentRow> attachments;
  std::vector<store::FeedbackEventRow> events;  // oldest first
  domain::FeedbackState state = domain::FeedbackState::kReceived;
  domain::DeadlineFlags flags;
  std::vector<domain::FeedbackAction> actions;  // AllowedActions(state)
};

// Procedure counts for the report (TT 01/2020 form II.07b; seed Điều 4.4.b).
struct ProcedureCounts {
  int in_force = 0;                        // on the report's last day
  std::map<std::string, int> by_level;     // "xa", "tinh", "bo", "khac": levels overlap
  int new_in_period = 0;                   // in force, effective from within the period
  int amended_replaced_in_period = 0;      // ended within the period by amendment/replacement
  int abolished_in_period = 0;
  // The posting check as of today, over the procedures this counter lists.
  int public_in_force = 0;
  int posted = 0;
  int not_posted = 0;      // public_in_force = posted + not_posted
  int posted_not_in_force = 0;  // must come down
};

struct OfficeReport {
  domain::FeedbackReport feedback;
  ProcedureCounts procedures;
  int64_t audit_entries = 0;
  std::string audit_last_hash;  // printed on the report: anchors the chain outside the database
};

}  // namespace motcua::office
