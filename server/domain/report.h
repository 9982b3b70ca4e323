// The feedback (PAKN) part of the periodic report (seed Điều 5.3; NĐ 63/2010
// Điều 35; TT 01/2020/TT-VPCP): how many were received (by channel, kind and
// class), carried over, not accepted, transferred (on time/late), resolved
// (on time/late, by outcome), pending (in time/overdue) and published.
//
// The counts follow the dossier form II.06a/06b: total = carried over +
// received in the period; total = done + pending; done = not accepted +
// transferred + resolved; pending = in time + overdue.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/feedback.h"
#include "domain/report_period.h"

namespace motcua::domain {

// What the report needs of one feedback; no personal data.
struct FeedbackSummary {
  std::string code;  // tracking code, named in error messages
  Date received;
  FeedbackChannel channel = FeedbackChannel::kOnline;
  FeedbackKind kind = FeedbackKind::kOtherIssue;
  std::vector<StateChange> history;  // as ValidateHistory() accepts
  FeedbackDueDates due;              // as stored at receipt (ComputeDueDates)
};

struct FeedbackReport {
  ReportPeriod period;
  Date as_of;  // the last day counted: period.to, or earlier for a report of the period so far

  // Received before the period and not yet done when it began.
  int carried_over = 0;
  // Received within the period.
  int received = 0;
  std::map<FeedbackChannel, int> received_by_channel;
  std::map<FeedbackKind, int> received_by_kind;
  std::map<FeedbackClass, int> received_by_class;  // classification as of `as_of`
  int total = 0;                                   // carried_over + received

  // Done within the period: the first day it reached a done state (IsDone).
  int not_accepted = 0;
  int transferred_on_time = 0;  // on or before its transfer due date
  int transferred_late = 0;
  int resolved_on_time = 0;  // on or before its answer due date
  int resolved_late = 0;
  std::map<Outcome, int> resolved_by_outcome;
  int done = 0;

  // Not done at the end of `as_of`. Overdue when `as_of` is past the due date
  // of the clock that runs: transfer while still unclassified, answer after.
  int pending_in_time = 0;
  int pending_overdue = 0;
  int pending = 0;

  // Results published within the period, whenever they were resolved (so not
  // part of the sums above).
  int published = 0;
};

// Counts `items` for `period`, up to `as_of` if given and earlier than
// period.to. Items received after that day are ignored. Refuses (kCorrupt,
// Vietnamese message naming the tracking code) an item whose history does not
// replay. The result always passes CheckInvariants().
Result<FeedbackReport> BuildFeedbackReport(const std::vector<FeedbackSummary>& items,
                                           const ReportPeriod& period,
                                           std::optional<Date> as_of = std::nullopt);

// The sums the form requires; kInternal naming the first broken one.
Status CheckInvariants(const FeedbackReport& r);

// {"period":{"key","label","from","to"},"as_of":..., "carried_over":...,
//  "received_by_channel":{"online":3,...}, ..., "resolved_by_outcome":{...}}
// Maps list every key, zeros included, so templates never miss one.
nlohmann::json ReportToJson(const FeedbackReport& r);

}  // namespace motcua::domain
