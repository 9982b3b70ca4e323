// The back office service: what focal officers (cán bộ đầu mối) do after
// login. Accounts, sessions and login throttling (auth.cpp), the roster
// (roster.cpp), the holiday table (holidays.cpp), the posting check and the
// public contact block (posting.cpp). No HTTP here: web/office_*.cpp turn
// requests into these calls.
//
// Thread-safe. It owns one SQLite connection, used under a mutex; every
// change runs in one transaction together with its audit entry (and outbox
// entry where the province must know), so the log never misses a change.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/password.h"
#include "domain/calendar.h"
#include "domain/feedback.h"
#include "domain/holidays.h"
#include "domain/report_period.h"
#include "domain/roster.h"
#include "office/journal.h"
#include "office/throttle.h"
#include "office/workflow.h"
#include "store/db.h"
#include "store/office_repo.h"
#include "store/officer_repo.h"

namespace motcua::office {

struct OfficeOptions {
  // PBKDF2 iterations for new password hashes (config pbkdf2_iterations;
  // cost in crypto/password.h). Stored hashes keep their own count and are
  // upgraded at the next successful login.
  int pbkdf2_iterations = crypto::kDefaultPbkdf2Iterations;
  // A session ends after this long without a request (config
  // session_idle_minutes)...
  int64_t session_idle_ms = 30LL * 60 * 1000;
  // ...and this long after login whatever happens (session_absolute_hours).
  int64_t session_absolute_ms = 12LL * 3600 * 1000;
  // last_seen is written at most this often (SD card wear).
  int64_t session_touch_ms = 60 * 1000;
  ThrottleOptions throttle;
  // Password checks at once, and how long a login waits for a free slot.
  int max_concurrent_logins = 2;
  int login_wait_ms = 5000;
  // Where the feedback intake keeps attachment files.
  std::string attachments_dir = "data/attachments";
  // Feedback time limits and the due-soon window (NĐ 20/2008; configurable).
  domain::FeedbackDeadlines deadlines;
  // Report periods' cut-off day (NĐ 09/2019 pattern; configurable).
  domain::ReportCutoff cutoff;
};

// A valid session and its officer.
struct Session {
  std::string token_hash;
  std::string csrf;
  int64_t officer_id = 0;
  std::string username;
  std::string full_name;
  domain::OfficerRole role = domain::OfficerRole::kCentreCivilServant;
  int64_t created_at = 0;

  Actor AsActor(const std::string& client_ip) const {
    return Actor{officer_id, username, full_name, client_ip};
  }
};

struct LoginOutcome {
  enum class Kind {
    kOk,           // token and session set
    kWrong,        // wrong name or password: one answer for both
    kThrottled,    // too many failures: retry_after_ms
    kBusy,         // too many logins at once: try again in a moment
  };
  Kind kind = Kind::kWrong;
  std::string token;  // kOk: goes in the cookie, never stored
  Session session;
  int64_t retry_after_ms = 0;
};

struct NewOfficer {
  std::string username;
  std::string full_name;
  domain::OfficerRole role = domain::OfficerRole::kCentreCivilServant;
  std::string position;  // chức vụ, as the chairman's decision writes it
  std::string password;
};

// Lower-cases and checks a login name: 3-32 of a-z, 0-9, '.', '_', '-'.
Result<std::string> NormalizeUsername(std::string_view raw);
// At least 12 characters as typed ("ậ" is one; OWASP ASVS 2.1.1), at most
// 256 bytes. Checked when a password is set, not at login.
Status CheckPasswordRules(std::string_view password);

// For a step decided elsewhere (the province hub, issue 5).
struct ActOptions {
  // The state the step was decided from; kConflict with a Vietnamese message
  // when the feedback is in another state by now.
  std::optional<std::string> expect_state;
  // Runs inside the step's transaction before it commits (e.g. marks the
  // hub's message applied, so a step is taken exactly once); an error rolls
  // the whole step back.
  std::function<Status(store::Db&)> also;
};

class Office {
 public:
  // Opens its own connection to `db_path` (migrating it) and seeds the
  // holiday table with the shipped one the first time.
  static Result<std::unique_ptr<Office>> Open(const std::string& db_path, const Clock& clock,
                                              Rng& rng, OfficeOptions options);
  ~Office();

  const OfficeOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }
  Rng& rng() { return rng_; }

  // ---- accounts and sessions (auth.cpp) -----------------------------------
  // Checks the throttle first, then the password (PBKDF2) outside the lock.
  // Success makes a new session (a new token at every login) and is audited,
  // as is every failure.
  LoginOutcome Login(const std::string& username, const std::string& password,
                     const std::string& client_ip);
  // The session for a cookie token; nullopt when unknown, idle too long or
  // too old (an expired one is deleted). Refreshes last_seen.
  Result<std::optional<Session>> CheckSession(const std::string& token);
  // Ends the session on the server; audited.
  Status Logout(const Session& s, const std::string& client_ip);
  // Changes one's own password; other sessions of the officer end.
  Status ChangePassword(const Session& s, const std::string& old_password,
                        const std::string& new_password, const std::string& client_ip);

  // ---- roster (roster.cpp) -------------------------------------------------
  // Seed Điều 2: at most 3, one per role; refused with a Vietnamese message
  // (kInvalidArgument). Audited and queued for the province.
  Result<int64_t> AddOfficer(const NewOfficer& o, const Actor& by);
  // Removes an officer from the roster; their sessions end. An officer may
  // not remove themself (someone must remain able to log in).
  Status RemoveOfficer(int64_t officer_id, const Actor& by);
  Result<std::vector<store::OfficerRow>> Roster();         // active, by date added
  Result<std::vector<store::OfficerRow>> RosterHistory();  // every change, newest first

  // ---- holiday table (holidays.cpp) -----------------------------------------
  Result<std::vector<domain::Holiday>> Holidays();
  // The calendar built from the table; rebuilt after each edit.
  std::shared_ptr<const domain::WorkCalendar> Calendar() const;
  // Adds or replaces the entry for h.date (checked with ValidateHolidays).
  Status PutHoliday(const domain::Holiday& h, const Actor& by);
  Status RemoveHoliday(const Date& date, const Actor& by);

  // ---- posting check and contact block (posting.cpp) ------------------------
  Result<std::map<std::string, store::PostingMark>> PostingMarks();
  // Marks procedures posted at the counter today. Refuses a code that is not
  // in force today (seed Điều 4.4.b: never post what is not in force).
  Status MarkPosted(const std::vector<std::string>& codes, const Actor& by);
  // Records that a posted procedure was taken down (removes its mark).
  Status MarkTakenDown(const std::vector<std::string>& codes, const Actor& by);
  Result<std::map<std::string, std::string>> Settings();
  // Stores the given settings (keys "contact.*"); audited and queued.
  Status PutSettings(const std::map<std::string, std::string>& values, const Actor& by);

  // ---- feedback workflow (workflow.cpp) ---------------------------------------
  // Open feedback (or as filtered), overdue first, then by the due date of
  // the clock that runs, then by receipt.
  Result<std::vector<InboxItem>> Inbox(const InboxQuery& q);
  Result<std::optional<FeedbackDetail>> Feedback(const std::string& code);
  // One step of the workflow through domain::ApplyAction: kInvalidArgument
  // with the machine's Vietnamese message when refused; kConflict when
  // another officer changed it first. Writes the row, a status event the
  // sender sees on lookup, the audit entry and an outbox entry together.
  Result<domain::FeedbackState> Act(const std::string& code, const domain::ActionInput& in,
                                    const Actor& by, const ActOptions& options = {});
  // The file of attachment `id` of feedback `code`, and its record.
  Result<std::pair<std::string, store::AttachmentRow>> Attachment(const std::string& code,
                                                                   int64_t id);

  // ---- reports (reports.cpp) ----------------------------------------------------
  // `public_levels`: the levels this counter lists (catalogue option).
  Result<OfficeReport> Report(const domain::ReportPeriod& period, uint32_t public_levels);

  // Runs `f(db)` under the connection's lock (for the feedback and report
  // parts, which live in their own files).
  template <typename F>
  auto WithDb(F&& f) {
    std::lock_guard<std::mutex> lock(mu_);
    return f(*db_);
  }

 private:
  Office(std::unique_ptr<store::Db> db, const Clock& clock, Rng& rng, OfficeOptions options);
  Status ReloadCalendar();  // under mu_
  std::string DummyHash();

  std::unique_ptr<store::Db> db_;
  mutable std::mutex mu_;  // guards db_ and calendar_
  const Clock& clock_;
  Rng& rng_;  // must be thread-safe (DrbgRng is)
  OfficeOptions options_;
  LoginThrottle throttle_;
  ConcurrencyLimit login_slots_;
  std::shared_ptr<const domain::WorkCalendar> calendar_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;  // verified against for unknown names (same time as a real one)
};

}  // namespace motcua::office
