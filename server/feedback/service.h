// Feedback intake (PAKN, NĐ 20/2008): takes a citizen's submission, checks
// it, stores it durably and issues a tracking code; answers status lookups.
//
// Durability (ARCHITECTURE.md, data flow 2): attachment files are written and
// fsync'ed first; then ONE transaction on a write connection (WAL,
// synchronous=FULL) writes the feedback row, its attachment rows, the first
// status event, an audit-chain entry, an outbox entry for the province hub
// and the used form token. The outcome is kCreated only after that commit
// returned, so an acknowledged receipt is never lost.
//
// Privacy (NĐ 13/2023): personal data goes to the database and the outbox
// only. Lookups, receipts and log lines never carry it; client addresses are
// stored as keyed hashes.
//
// Thread-safe: handlers call it from many threads; writes are serialised.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/calendar.h"
#include "domain/feedback.h"
#include "feedback/attachment_store.h"
#include "feedback/form_token.h"
#include "feedback/rate_limiter.h"
#include "feedback/validate.h"
#include "store/db.h"

namespace motcua::feedback {

struct FeedbackOptions {
  FeedbackLimits limits;
  // Records a client may create per window (NĐ 20 has no limit; this is an
  // abuse guard, configurable: feedback_rate_limit, feedback_rate_window_s).
  RateLimit submit_limit{10, 10 * 60 * 1000};
  // Lookups a client may make per window (stops probing for codes).
  RateLimit lookup_limit{30, 10 * 60 * 1000};
  // Transfer and answer deadlines fixed at receipt; answer: 10 working days
  // by default (provinces set 7-10; configurable).
  domain::FeedbackDeadlines deadlines;
  // The working-day calendar (weekends and the holiday table).
  domain::WorkCalendar calendar;
  int64_t form_token_ttl_ms = 7LL * 24 * 3600 * 1000;
  // Where attachment files go (outside anything served).
  std::string attachments_dir = "data/attachments";
  // This boot of the device (/proc/sys/kernel/random/boot_id): with mono_ms
  // it lets the hub correct a wrong device clock later.
  std::string boot_id;
};

// What a citizen sent, plus where it came from.
struct SubmitRequest {
  FeedbackInput input;
  // The HTML form: a valid form_token is required (API calls have none).
  bool from_form = false;
  // The form's one-time token.
  std::string form_token;
  // API clients' optional Idempotency-Key: the same key returns the same code.
  std::string idempotency_key;
  // The hidden honeypot field: a person never fills it.
  std::string honeypot;
  std::string client_ip;
  domain::FeedbackChannel channel = domain::FeedbackChannel::kOnline;
};

struct SubmitOutcome {
  enum class Kind {
    kCreated,       // stored and committed: show the receipt
    kDuplicate,     // this token/key was used: show that receipt again
    kInvalid,       // field errors: show the form again, values kept
    kTokenExpired,  // the form is old: show it again with a fresh token
    kForbidden,     // no valid token: not a form this server issued (CSRF guard)
    kHoneypot,      // the hidden field a person never sees was filled
    kRateLimited,   // too many records from this client: try later
    kError,         // storage failed; nothing was acknowledged
  };
  Kind kind = Kind::kError;
  std::string code;         // kCreated, kDuplicate
  std::string receipt_key;  // kCreated, kDuplicate: signs the receipt link
  Validation validation;    // echo and errors (kInvalid; echo for all others)
  int64_t retry_after_ms = 0;
};

struct ReceiptInfo {
  std::string code;
  int64_t received_at = 0;
  Date received_date;
  Date answer_due;
  std::string answer_rule;  // "10 ngày làm việc"
  domain::FeedbackKind kind = domain::FeedbackKind::kOtherIssue;
  std::string title;
  std::optional<std::string> procedure_code;
  std::string phone_last4;
  int attachments = 0;
};

struct StatusEvent {
  Date on;
  domain::FeedbackState state = domain::FeedbackState::kReceived;
  std::string public_note;
};

// What a lookup may show: never the sender's personal data.
struct PublicStatus {
  std::string code;
  domain::FeedbackKind kind = domain::FeedbackKind::kOtherIssue;
  std::optional<std::string> procedure_code;
  Date received_date;
  Date answer_due;
  domain::FeedbackState state = domain::FeedbackState::kReceived;
  std::vector<StatusEvent> history;   // oldest first
  std::optional<std::string> answer;  // once published
};

struct LookupOutcome {
  enum class Kind {
    kFound,
    kNotFound,   // unknown code OR wrong phone digits: one answer for both
    kBadCode,    // not a tracking code (the check symbol caught a typo)
    kBadPhone4,  // not four digits
    kRateLimited,
    kError,
  };
  Kind kind = Kind::kError;
  PublicStatus status;  // kFound
  int64_t retry_after_ms = 0;
};

class FeedbackService {
 public:
  // Opens its own write connection to `db_path` (migrating it), the
  // attachment folder, and removes attachment files no record refers to.
  static Result<std::unique_ptr<FeedbackService>> Open(const std::string& db_path,
                                                       const Clock& clock, Rng& rng,
                                                       FeedbackOptions options,
                                                       ProcedureExists procedure_exists);
  ~FeedbackService();

  // A fresh one-time token for a form being served.
  std::string IssueFormToken();

  SubmitOutcome Submit(const SubmitRequest& req);

  // The receipt for `code` when `receipt_key` is the one Submit handed out;
  // nullopt otherwise (so the link cannot be guessed from the code).
  Result<std::optional<ReceiptInfo>> Receipt(const std::string& code,
                                             const std::string& receipt_key);
  std::string ReceiptKey(const std::string& code) const;

  // Status by tracking code (as typed) and the phone number's last 4 digits.
  LookupOutcome Lookup(const std::string& typed_code, const std::string& phone4,
                       const std::string& client_ip);

  // -1 when the audit chain verifies, else the first bad seq (back office).
  Result<int64_t> VerifyAuditChain();

  const FeedbackOptions& options() const { return options_; }
  // A keyed hash of a client address: for logs and storage, never the address.
  std::string ClientHash(const std::string& client_ip) const;

 private:
  class LockedRng;
  FeedbackService(std::unique_ptr<store::Db> db, const Clock& clock, Rng& rng,
                  FeedbackOptions options, ProcedureExists procedure_exists, AttachmentStore files,
                  std::string secret);

  struct Prepared;  // a validated submission with its files on disk
  Result<std::optional<std::string>> ExistingCode(const std::string& token_key);
  Result<std::string> Commit(const SubmitRequest& req, const Prepared& p,
                             const std::string& token_key, int64_t token_issued_at,
                             bool* duplicate);

  std::unique_ptr<store::Db> db_;
  std::mutex db_mu_;  // one write connection, many threads
  const Clock& clock_;
  std::unique_ptr<LockedRng> rng_;
  FeedbackOptions options_;
  ProcedureExists procedure_exists_;
  AttachmentStore files_;
  std::string secret_;
  FormTokens tokens_;
  RateLimiter submit_limiter_;
  RateLimiter lookup_limiter_;
};

}  // namespace motcua::feedback
