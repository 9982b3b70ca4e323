// Storage of feedback (PAKN): the rows of migration 10 and the statements
// over them. Writes are meant to run inside one Transaction the caller owns
// (feedback row, attachments, first event, audit entry, outbox entry and the
// used form token commit together or not at all). Dates are ISO strings in
// Vietnam time, instants Unix milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/audit_chain.h"
#include "store/db.h"

namespace motcua::store {

struct FeedbackRow {
  int64_t id = 0;
  std::string code;
  int64_t received_at = 0;
  std::string received_date;
  std::string boot_id;
  int64_t mono_ms = 0;
  std::string channel = "online";
  std::string kind;
  std::string title;
  std::string content;
  std::optional<std::string> procedure_code;
  // Personal data (NĐ 13/2023): never on public pages, lookups or logs.
  std::string sender_name;
  std::string sender_address;
  std::string sender_phone;
  std::string phone_last4;
  std::optional<std::string> sender_email;
  bool consent = false;
  std::string state = "received";
  std::string state_since;
  std::string klass = "unclassified";
  std::string transfer_due;
  std::string answer_due;
  std::string answer_rule;
  std::optional<std::string> answer;
  std::optional<int64_t> answer_published_at;
  std::string client_ip_hash;
  int64_t updated_at = 0;
};

struct AttachmentRow {
  int64_t id = 0;
  int64_t feedback_id = 0;
  std::string stored_name;
  std::string original_name;
  std::string kind;  // "jpeg", "png", "pdf"
  int64_t size = 0;
  std::string sha256;
  int64_t created_at = 0;
};

struct FeedbackEventRow {
  int64_t id = 0;
  int64_t feedback_id = 0;
  int64_t at = 0;
  std::string on_date;
  std::optional<std::string> action;  // null for the receipt itself
  std::string state;
  std::optional<std::string> outcome;
  std::string public_note;
  std::string actor;
};

struct OutboxRow {
  int64_t seq = 0;
  std::string kind;
  std::string payload_json;
  int64_t created_at = 0;
  std::string state;
  std::optional<int64_t> sent_at;
};

// ---- writes (inside the caller's transaction) ----------------------------

// Inserts the feedback row and returns its id. kAlreadyExists when the code
// is taken (draw another and retry).
Result<int64_t> InsertFeedback(Db& db, const FeedbackRow& f);
Status InsertAttachment(Db& db, const AttachmentRow& a);
Status InsertFeedbackEvent(Db& db, const FeedbackEventRow& e);
// Seals `e` after the newest audit row (seq, prev_hash, hash) and appends it.
Result<domain::AuditEntry> AppendAudit(Db& db, domain::AuditEntry e);
// Appends to the outbox; returns the new seq.
Result<int64_t> AppendOutbox(Db& db, const std::string& kind, const std::string& payload_json,
                             int64_t created_at);
// Records a used one-time form token. kAlreadyExists when already used.
Status MarkFormTokenUsed(Db& db, const std::string& token, int64_t issued_at, int64_t used_at,
                         int64_t feedback_id);

// ---- reads ---------------------------------------------------------------

// The tracking code of the feedback a used token made, if any.
Result<std::optional<std::string>> CodeForFormToken(Db& db, const std::string& token);
Result<std::optional<FeedbackRow>> FindFeedbackByCode(Db& db, const std::string& code);
Result<std::vector<FeedbackEventRow>> FeedbackEvents(Db& db, int64_t feedback_id);
Result<std::vector<AttachmentRow>> FeedbackAttachments(Db& db, int64_t feedback_id);
// Every stored attachment name (to find files a crash left behind).
Result<std::vector<std::string>> AllAttachmentNames(Db& db);
// Audit rows with seq >= from_seq, in order.
Result<std::vector<domain::AuditEntry>> AuditEntries(Db& db, int64_t from_seq = 1);
Result<std::vector<OutboxRow>> OutboxEntries(Db& db, int64_t after_seq = 0, int limit = 1000);
Result<int64_t> CountFeedback(Db& db);

// A value from the meta table, inserting `fallback` first if the key is absent.
Result<std::string> MetaGetOrInsert(Db& db, const std::string& key, const std::string& fallback);

}  // namespace motcua::store
