// What the hub's pages show (issue 5, "Hub pages"), read from the entries the
// communes pushed: the communes with their devices' last contact, pending
// entries and clock offset; feedback across the province, overdue first; the
// periodic report summed over communes; bundles and procedure lists per
// commune. Read-only; run inside Hub::WithDb.
//
// Computed from hub_entries at each call (json_extract in SQLite, no
// projection table): a province of 75 communes pushes some thousands of
// feedback a year, which this reads in milliseconds.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/report.h"
#include "store/db.h"
#include "sync/hub_store.h"

namespace motcua::sync {

struct CommuneOverview {
  std::string code;  // mã ĐVHC
  std::string name;  // "Phường Tô Hiệu"
  std::vector<DeviceRecord> devices;
  std::optional<StoredBundle> bundle;  // the newest issued (signed_file left empty)
  int64_t entries = 0;                 // stored on the hub, all devices
  int feedback = 0;
  int feedback_pending = 0;
  int feedback_overdue = 0;
};

// Every commune of the shipped list, in its order.
Result<std::vector<CommuneOverview>> LoadCommunes(store::Db& db, const Date& today);

// One feedback as the hub knows it: the received record (no personal data
// kept here) and the status changes pushed after it.
struct ProvinceFeedback {
  std::string commune;
  std::string device_id;
  domain::FeedbackSummary summary;  // code, received, channel, kind, due dates, history
  std::string title;
  domain::FeedbackState state = domain::FeedbackState::kReceived;
  // The deadline that runs in `state` (transfer while unclassified, answer
  // after, as the report counts it); none once done.
  std::optional<Date> due;
  bool overdue = false;  // today > due
  // False when the pushed history does not replay (a status change missing
  // its action, or out of order): shown, but left out of the report.
  bool history_ok = true;
};

// Overdue first (oldest due date first), then pending by due date, then the
// rest, newest received first. `commune` empty: all.
Result<std::vector<ProvinceFeedback>> LoadProvinceFeedback(store::Db& db, const Date& today,
                                                           const std::string& commune = "");

// The feedback `code` of `device` (a device of `commune`), as in
// LoadProvinceFeedback; nullopt when the hub has no such record.
Result<std::optional<ProvinceFeedback>> FindProvinceFeedback(store::Db& db, const Date& today,
                                                             const std::string& commune,
                                                             const std::string& device,
                                                             const std::string& code);

// A step a province officer sent to the commune about one feedback
// (sync/messages.h), and what the commune's device answered.
struct SentAction {
  int64_t id = 0;          // hub_messages.id
  int64_t created_at = 0;  // hub clock
  std::string payload_json;
  enum class State { kWaiting, kApplied, kRefused };
  State state = State::kWaiting;
  std::string error;        // kRefused: the device's reason (Vietnamese when the workflow refused)
  std::string device_id;    // who answered
  int64_t answered_at = 0;  // when the answer reached the hub (hub clock)
};

// Oldest first. An applied answer wins over a refusal (a commune with a
// second device that does not hold the feedback refuses it).
Result<std::vector<SentAction>> LoadSentActions(store::Db& db, const std::string& commune,
                                                const std::string& code);

struct ProvinceReport {
  domain::FeedbackReport total;                                          // over every commune
  std::vector<std::pair<std::string, domain::FeedbackReport>> communes;  // code, report
  int left_out = 0;  // feedback whose history does not replay
};

// The report for `period` per commune and for the province. The province
// total is built from the same items, so each count equals the sum over the
// communes; every report passes domain::CheckInvariants.
Result<ProvinceReport> BuildProvinceReport(const std::vector<ProvinceFeedback>& items,
                                           const domain::ReportPeriod& period, const Date& today);

struct BundleProcedure {
  std::string code;
  std::string name;
  std::string status;  // domain posting status key
  // From the commune's posting checks: "posted" / "taken_down" and the day.
  std::string posting;
  std::string posting_on;
};

// The procedures of the commune's newest bundle with its posting checks;
// empty when no bundle was issued.
Result<std::vector<BundleProcedure>> LoadBundleProcedures(store::Db& db,
                                                          const std::string& commune);

}  // namespace motcua::sync
