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

// Store-and-forward sync with the province hub (issue 5). One schema for both
// modes: a device uses the sync_* tables, the hub the hub_* tables.
constexpr const char* kSyncSchemaV30 = R"sql(
-- Every entry carries the boot it was made in and the clock offset the
-- program applied then (NULL: the clock was not yet corrected by the hub).
ALTER TABLE outbox ADD COLUMN boot_id TEXT;
ALTER TABLE outbox ADD COLUMN clock_offset_ms INTEGER;
CREATE TRIGGER outbox_stamp AFTER INSERT ON outbox WHEN NEW.boot_id IS NULL BEGIN
  UPDATE outbox SET
    boot_id = (SELECT value FROM meta WHERE key = 'boot_id'),
    clock_offset_ms = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'clock_offset_ms')
  WHERE seq = NEW.seq;
END;

-- A signed bundle replaces the catalogue: procedures it no longer lists stay
-- stored (links keep working) but are never shown as current.
ALTER TABLE procedures ADD COLUMN listed INTEGER NOT NULL DEFAULT 1;

-- Device side.
CREATE TABLE sync_clock(             -- the hub's time minus ours, per boot
  boot_id     TEXT PRIMARY KEY,
  offset_ms   INTEGER NOT NULL,
  rtt_ms      INTEGER NOT NULL,
  measured_at INTEGER NOT NULL       -- hub time
);
CREATE TABLE sync_alerts(            -- shown to officers until acknowledged
  id       INTEGER PRIMARY KEY,
  at       INTEGER NOT NULL,
  kind     TEXT NOT NULL,            -- 'conflict', 'bundle', 'hub_ahead', ...
  seq      INTEGER,
  message  TEXT NOT NULL,
  UNIQUE(kind, seq, message)
);
CREATE TABLE sync_inbox(             -- messages the hub sent to this commune
  id           INTEGER PRIMARY KEY,  -- the hub's id: only grows
  kind         TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  applied_at   INTEGER,
  error        TEXT
);

-- Hub side.
CREATE TABLE hub_devices(
  id                TEXT PRIMARY KEY,    -- "03646-1": commune code and a number
  commune           TEXT NOT NULL,
  secret            TEXT NOT NULL,       -- HMAC key shared with the device
  created_at        INTEGER NOT NULL,
  revoked_at        INTEGER,
  last_nonce        INTEGER NOT NULL DEFAULT 0,
  acked_seq         INTEGER NOT NULL DEFAULT 0,  -- highest contiguous seq held
  last_contact      INTEGER,
  clock_offset_ms   INTEGER,             -- hub minus device, at last contact
  boot_id           TEXT,
  pending           INTEGER,             -- entries the device still had to send
  catalogue_version INTEGER,
  bundle_version    INTEGER,
  alerts            INTEGER,             -- open alerts on the device
  app_version       TEXT
);
CREATE INDEX hub_devices_commune ON hub_devices(commune);
CREATE TABLE hub_entries(              -- each (device, seq) exactly once
  device_id    TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,       -- device clock, as recorded
  boot_id      TEXT NOT NULL DEFAULT '',
  hub_time     INTEGER,                -- created_at on the hub's clock, when known
  content_hash TEXT NOT NULL,          -- SHA-256 of kind, created_at, boot and payload
  payload_json TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY(device_id, seq)
) WITHOUT ROWID;
CREATE INDEX hub_entries_kind ON hub_entries(kind, device_id);
CREATE TABLE hub_alerts(
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  device_id    TEXT NOT NULL DEFAULT '',
  kind         TEXT NOT NULL,          -- 'conflict', 'hub_behind', ...
  seq          INTEGER,
  detail       TEXT NOT NULL,
  content_hash TEXT NOT NULL DEFAULT '',
  payload_json TEXT,                   -- the refused content, kept for people to compare
  UNIQUE(device_id, kind, seq, content_hash)
);
CREATE TABLE hub_bundles(              -- the newest signed bundle per commune
  commune      TEXT PRIMARY KEY,
  version      INTEGER NOT NULL,       -- only grows
  issued_at    INTEGER NOT NULL,
  content_hash TEXT NOT NULL,          -- of the procedures, to know when to re-issue
  catalogue_version INTEGER NOT NULL,  -- the hub's catalogue version it was built from
  procedures   INTEGER NOT NULL,
  signed       BLOB NOT NULL
);
CREATE TABLE hub_messages(             -- hub to commune: answers, status changes
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  commune      TEXT NOT NULL,
  kind         TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX hub_messages_commune ON hub_messages(commune, id);
CREATE TABLE hub_blobs(                -- attachment files, by content
  sha256      TEXT PRIMARY KEY,
  size        INTEGER NOT NULL,
  received_at INTEGER NOT NULL
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
      {30, "sync: outbox stamps, device sync state, hub devices, entries, bundles, alerts",
       kSyncSchemaV30},
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
