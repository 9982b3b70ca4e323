// Feedback on administrative regulations (phản ánh, kiến nghị, PAKN) under
// NĐ 20/2008/NĐ-CP as amended: what it may be about, how it came
// in, the one state machine every handling step goes through, and the clocks
// that run while it is handled. Pure rules: no storage, no clock reads.
//
// States (design, DOMAIN.md):
//   received -> not accepted | transferred | in progress
//   in progress -> needs clarification | parked ("chưa đủ căn cứ") | resolved
//   needs clarification -> in progress | parked;  parked -> in progress
//   resolved -> published -> archived;  not accepted | transferred -> archived
// Every refusal carries a Vietnamese message: officers read it as is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/calendar.h"

namespace motcua::domain {

// What the feedback is about: NĐ 20/2008 Điều 5, one value per clause, with
// clause 1 split in its two halves (the officer's first question is whether
// it is about an official's behaviour, which is transferred).
enum class FeedbackKind {
  kDelayOrHarassment,  // 5.1: hành vi chậm trễ, gây phiền hà
  kNotOrWrongApplication,  // 5.1: không thực hiện, thực hiện không đúng quy định hành chính
  kNotPractical,           // 5.2: quy định không phù hợp với thực tế
  kInconsistent,           // 5.3: không đồng bộ, không thống nhất
  kIllegal,                // 5.4: không hợp pháp
  kContraryToTreaty,  // 5.5: trái điều ước quốc tế
  kOtherIssue,        // 5.6: vấn đề khác liên quan đến quy định hành chính
  kProposedSolution,  // 5.7: phương án xử lý
  kInitiative,        // 5.8: sáng kiến ban hành mới quy định hành chính
};

// How it came in (NĐ 20/2008 Điều 6: written, by phone, by survey form; a
// written one directly, by post or electronically).
enum class FeedbackChannel { kInPerson, kPost, kOnline, kPhone, kSurvey };

// The classification made on receipt (DOMAIN.md "On receipt").
enum class FeedbackClass {
  kUnclassified,
  kNotAccepted,
  kOfficialsBehaviour,
  kWithinCompetence,
  kOutsideCompetence,
};

enum class FeedbackState {
  kReceived,
  kNotAccepted,
  kTransferred,
  kInProgress,
  kNeedsClarification,
  kParked,  // not enough basis to handle it yet (chưa đủ căn cứ)
  kResolved,
  kPublished,
  kArchived,
};

enum class FeedbackAction {
  kAcceptForHandling,           // within the commune's competence
  kRejectNotAccepted,           // needs a reason, shown to the sender
  kTransferOfficialsBehaviour,  // needs the target body
  kTransferOutsideCompetence,   // needs the target body
  kAskClarification,            // needs the question put to the sender
  kClarificationReceived,
  kPark,  // needs the reason
  kResume,
  kResolve,  // needs an outcome and the answer text
  kPublishAnswer,
  kArchive,
};

// NĐ 20/2008 Điều 15: the ways a competent body handles feedback.
enum class Outcome { kAmend, kSupplement, kAbolish, kRecommend, kNewRegulation };

// Stable ASCII keys (database, URLs) and Vietnamese labels (screens). Parse*
// accept the keys only.
const char* FeedbackKindKey(FeedbackKind k);  // "delay_harassment", ...
const char* FeedbackKindVietnamese(FeedbackKind k);
const char* FeedbackKindClause(FeedbackKind k);  // "Điều 5 khoản 1", ...
std::optional<FeedbackKind> ParseFeedbackKindKey(std::string_view key);
std::vector<FeedbackKind> AllFeedbackKinds();  // in the order of Điều 5
bool IsAboutOfficialsBehaviour(FeedbackKind k);

// "in_person", "post", "online", "phone", "survey"
const char* FeedbackChannelKey(FeedbackChannel c);
const char* FeedbackChannelVietnamese(FeedbackChannel c);
std::optional<FeedbackChannel> ParseFeedbackChannelKey(std::string_view key);
std::vector<FeedbackChannel> AllFeedbackChannels();

const char* FeedbackClassKey(FeedbackClass c);
const char* FeedbackClassVietnamese(FeedbackClass c);
std::optional<FeedbackClass> ParseFeedbackClassKey(std::string_view key);
std::vector<FeedbackClass> AllFeedbackClasses();

const char* FeedbackStateKey(FeedbackState s);         // "received", "not_accepted", ...
const char* FeedbackStateVietnamese(FeedbackState s);  // "Đã tiếp nhận", ...
std::optional<FeedbackState> ParseFeedbackStateKey(std::string_view key);
std::vector<FeedbackState> AllFeedbackStates();

const char* FeedbackActionKey(FeedbackAction a);         // "accept", "reject", ...
const char* FeedbackActionVietnamese(FeedbackAction a);  // button text: "Tiếp nhận xử lý", ...
std::optional<FeedbackAction> ParseFeedbackActionKey(std::string_view key);
std::vector<FeedbackAction> AllFeedbackActions();

// "amend", "supplement", "abolish", "recommend", "new_regulation"
const char* OutcomeKey(Outcome o);
const char* OutcomeVietnamese(Outcome o);
std::optional<Outcome> ParseOutcomeKey(std::string_view key);
std::vector<Outcome> AllOutcomes();

// ---- The state machine -------------------------------------------------

// What the officer submits with a button. Text fields count as missing when
// empty or only whitespace.
struct ActionInput {
  FeedbackAction action = FeedbackAction::kAcceptForHandling;
  std::string reason;              // reject, ask clarification (the question), park
  std::string target_body;         // both transfers
  std::optional<Outcome> outcome;  // resolve
  std::string answer;              // resolve: the answer sent and published
};

// The transition alone, without checking inputs (used to replay stored
// histories). kInvalidArgument with a Vietnamese message when not allowed.
Result<FeedbackState> NextState(FeedbackState from, FeedbackAction action);

// The transition plus the inputs it requires. Refusals are kInvalidArgument
// with a message for officers, e.g.
// "Không thể chuyển từ «Đã lưu trữ» sang «Đang xử lý»."
Result<FeedbackState> ApplyAction(FeedbackState from, const ActionInput& in);

// The actions allowed from `s`, in a fixed order (the officer's buttons).
// Empty for kArchived.
std::vector<FeedbackAction> AllowedActions(FeedbackState s);

// The classification an action makes, if it is a classifying action.
std::optional<FeedbackClass> ClassAssignedBy(FeedbackAction a);

// True for the states in which handling is finished (for reports: "done").
bool IsDone(FeedbackState s);

// ---- Stored history ----------------------------------------------------

struct StateChange {
  Date on;
  FeedbackAction action = FeedbackAction::kAcceptForHandling;
  FeedbackState to = FeedbackState::kReceived;
  std::optional<Outcome> outcome;  // set on kResolve
};

// A stored history is one the machine allows: dates never precede receipt or
// go back, each step is allowed from the previous state, `to` agrees with the
// machine, and resolve steps carry an outcome. Vietnamese message otherwise.
Status ValidateHistory(const Date& received, const std::vector<StateChange>& history);

// The state at the end of `day` (kReceived before any change).
FeedbackState StateOn(const std::vector<StateChange>& history, const Date& day);
// The classification at the end of `day` (kUnclassified before one is made).
FeedbackClass ClassOn(const std::vector<StateChange>& history, const Date& day);

// ---- Deadlines -----------------------------------------------------------

// Every time limit is configurable per step, in working or calendar days.
struct FeedbackDeadlines {
  // NĐ 20/2008 as amended: feedback outside the commune's competence is
  // transferred within 5 working days of receipt [C]. Also the deadline to
  // classify anything still in kReceived.
  DeadlineRule transfer{5, true};
  // Answer to the sender, counted from receipt. Provinces set 7–10 working
  // days [U]. Not paused while the sender clarifies: no rule found, and the
  // stricter reading keeps the office from stopping its own clock.
  DeadlineRule answer{10, true};
  // The sender's reply to a request for clarification, counted from the
  // request [U]; past it the officer may park the feedback.
  DeadlineRule clarification{5, true};
  // Publishing a resolved answer, counted from the resolution. None by
  // default: no rule found [U].
  std::optional<DeadlineRule> publish;
  // "Due soon" when this many working days or fewer remain.
  int due_soon_working_days = 2;
};

// Refuses negative or absurd values, in Vietnamese.
Status ValidateDeadlines(const FeedbackDeadlines& cfg);

// The dates fixed at receipt; store them with the feedback so that a later
// change of configuration or holidays does not rewrite past reports.
struct FeedbackDueDates {
  Date transfer;
  Date answer;
};
FeedbackDueDates ComputeDueDates(const WorkCalendar& cal, const FeedbackDeadlines& cfg,
                                 const Date& received);

enum class DeadlineClock { kNone, kTransfer, kAnswer, kClarification, kPublish };
const char* DeadlineClockVietnamese(DeadlineClock c);  // "Hạn phân loại, chuyển", ...

struct DeadlineFlags {
  DeadlineClock clock = DeadlineClock::kNone;  // kNone: nothing is due in this state
  Date due;
  int working_days_left = 0;  // WorkingDaysBetween(today, due); < 0 (or 0) once overdue
  bool due_today = false;
  bool due_soon = false;  // not overdue and working_days_left <= the configured window
  bool overdue = false;   // today > due
};

DeadlineFlags EvaluateDeadline(const WorkCalendar& cal, DeadlineClock clock, const Date& due,
                               const Date& today, int due_soon_working_days);

// Which clock runs in `state`, and how it stands on `today`:
//   kReceived -> transfer (from receipt); kInProgress, kParked -> answer (from
//   receipt); kNeedsClarification -> clarification (from `state_since`, the
//   day it was asked); kResolved -> publish (from `state_since`) if configured;
//   any other state -> kNone.
DeadlineFlags CurrentDeadline(const WorkCalendar& cal, const FeedbackDeadlines& cfg,
                              const Date& received, FeedbackState state, const Date& state_since,
                              const Date& today);

}  // namespace motcua::domain
