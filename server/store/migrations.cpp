#include "store/migrations.h"

#include <string>

namespace motcua::store {

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
