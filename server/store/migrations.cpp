#include "store/migrations.h"

#include <string>

#include "store/office_schema.h"

namespace motcua::store {

namespace {

// Feedback (PAKN) intake, NĐ 20/2008. Dates are ISO "YYYY-MM-DD" in Vietnam
// time; instants are Unix milliseconds of the device clock (boards have no
// RTC: boot_id + mono_ms let the sync hub correct them later). State, kind,
// class and channel hold the stable keys of domain/feedback.h.
// Personal data (sender_*) lives only in `feedback` (and the outbox payload
// for the province hub); it is never rendered on public pages or lookups.
constexpr const char* kFeedbackSchemaV10 = R"sql(
CREATE TABLE feedback(
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,          -- tracking code PA-XXXXX-XXXXX
  received_at     INTEGER NOT NULL,              -- unix ms, device clock
  received_date   TEXT NOT NULL,                 -- Vietnam date deadlines count from
  boot_id         TEXT NOT NULL DEFAULT '',
  mono_ms         INTEGER NOT NULL DEFAULT 0,    -- monotonic ms since boot at receipt
  channel         TEXT NOT NULL DEFAULT 'online',
  kind            TEXT NOT NULL,
  title           TEXT NOT NULL,
  content         TEXT NOT NULL,
  procedure_code  TEXT,
  sender_name     TEXT NOT NULL,
  sender_address  TEXT NOT NULL,
  sender_phone    TEXT NOT NULL,                 -- normalised national form
  phone_last4     TEXT NOT NULL,                 -- what a lookup checks
  sender_email    TEXT,
  consent         INTEGER NOT NULL CHECK (consent IN (0, 1)),
  state           TEXT NOT NULL DEFAULT 'received',
  state_since     TEXT NOT NULL,                 -- date of the last state change
  class           TEXT NOT NULL DEFAULT 'unclassified',
  transfer_due    TEXT NOT NULL,                 -- fixed at receipt (NĐ 20/2008: 5 working days)
  answer_due      TEXT NOT NULL,                 -- fixed at receipt (configurable)
  answer_rule     TEXT NOT NULL DEFAULT '',      -- "10 ngày làm việc", as promised on the receipt
  answer          TEXT,                          -- published answer, shown on lookup
  answer_published_at INTEGER,
  client_ip_hash  TEXT NOT NULL DEFAULT '',      -- keyed hash, never the raw address
  updated_at      INTEGER NOT NULL
);
CREATE INDEX feedback_state ON feedback(state, received_date);
CREATE INDEX feedback_received ON feedback(received_at);

CREATE TABLE feedback_attachments(
  id             INTEGER PRIMARY KEY,
  feedback_id    INTEGER NOT NULL REFERENCES feedback(id),
  stored_name    TEXT NOT NULL UNIQUE,   -- generated; under data_dir/attachments/
  original_name  TEXT NOT NULL,          -- as sent, for display to officers only
  kind           TEXT NOT NULL CHECK (kind IN ('jpeg', 'png', 'pdf')),  -- sniffed from the bytes
  size           INTEGER NOT NULL,
  sha256         TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX feedback_attachments_fb ON feedback_attachments(feedback_id);

-- Status history: what the sender may see on lookup. The first row is the
-- receipt (action NULL); later rows carry the action key of domain/feedback.h.
CREATE TABLE feedback_events(
  id           INTEGER PRIMARY KEY,
  feedback_id  INTEGER NOT NULL REFERENCES feedback(id),
  at           INTEGER NOT NULL,         -- unix ms
  on_date      TEXT NOT NULL,            -- Vietnam date
  action       TEXT,
  state        TEXT NOT NULL,
  outcome      TEXT,
  public_note  TEXT NOT NULL DEFAULT '',
  actor        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_events_fb ON feedback_events(feedback_id, id);

-- Hash-chained audit log (domain/audit_chain.h): rows are only appended.
CREATE TABLE audit_log(
  seq          INTEGER PRIMARY KEY,      -- 1, 2, 3, ... without gaps
  at           INTEGER NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  subject      TEXT NOT NULL,
  detail_json  TEXT NOT NULL,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);

-- What the sync worker sends to the province hub, in seq order.
CREATE TABLE outbox(
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind         TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),
  sent_at      INTEGER
);
CREATE INDEX outbox_pending ON outbox(state, seq);

-- One-time form tokens: a row is written when a token is used, so a resent
-- form finds the record it already made.
CREATE TABLE form_tokens(
  token        TEXT PRIMARY KEY,
  issued_at    INTEGER,
  used_at      INTEGER,
  feedback_id  INTEGER REFERENCES feedback(id)
);
)sql";

}  // namespace

// Version numbers are reserved per capability so parallel work does not clash:
// 1-9 catalogue, 10-19 feedback intake, 20-29 back office, 30-39 sync.
const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kAll = {
      {1, "catalogue: procedures, search index, metadata", R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE procedures(
  code            TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  field           TEXT NOT NULL DEFAULT '',
  levels          INTEGER NOT NULL DEFAULT 0,
  status          TEXT NOT NULL DEFAULT 'in_force'
                  CHECK (status IN ('in_force','amended','replaced','abolished')),
  effective_from  TEXT,
  effective_until TEXT,
  replaced_by     TEXT,
  decision        TEXT NOT NULL DEFAULT '',
  doc             TEXT NOT NULL,          -- the whole record as JSON
  name_folded     TEXT NOT NULL,          -- FoldForSearch(name)
  updated_at      INTEGER NOT NULL        -- unix ms of the last change
);
CREATE INDEX procedures_field ON procedures(field);
CREATE INDEX procedures_status ON procedures(status);
-- Search index over folded (ASCII) text; rowid = procedures.rowid.
CREATE VIRTUAL TABLE procedures_fts USING fts5(
  name, body, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3'
);
INSERT INTO meta(key, value) VALUES ('catalogue_version', '0');
)sql"},
      {10, "feedback intake: feedback, attachments, status events, audit log, outbox, form tokens",
       kFeedbackSchemaV10},
      {20, "back office: officers, sessions, holidays, posting marks, settings", kOfficeSchemaV20},
  };
  return kAll;
}

Result<int> SchemaVersion(Db& db) {
  RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations("
      "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? static_cast<int>(st.Int(0)) : 0;
}

Status MigrateTo(Db& db, int target) {
  ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  const auto& all = AllMigrations();
  const int newest = all.empty() ? 0 : all.back().version;
  if (current > newest) {
    return Status(Code::kInvalidArgument,
                  "database schema version " + std::to_string(current) +
                      " is newer than this program (" + std::to_string(newest) +
                      "); refusing to open it");
  }
  for (const Migration& m : all) {
    if (m.version <= current || m.version > target) continue;
    ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
    Status st = db.Exec(m.sql);
    if (!st.ok()) {
      return Status(st.code(), "migration " + std::to_string(m.version) + " (" + m.description +
                                   "): " + st.message());
    }
    ASSIGN_OR_RETURN(Statement ins,
                     db.Prepare("INSERT INTO schema_migrations(version, description, applied_at) "
                                "VALUES (?, ?, datetime('now'))"));
    ins.Bind(1, m.version).Bind(2, m.description);
    RETURN_IF_ERROR(ins.Run());
    RETURN_IF_ERROR(txn.Commit());
  }
  return Status::Ok();
}

Status Migrate(Db& db) { return MigrateTo(db, 1 << 30); }

}  // namespace motcua::store
