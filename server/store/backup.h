// Backups of the live database and restoring one, with SQLite's online backup
// API: the server keeps serving (and writing, in WAL mode) while a consistent
// snapshot is copied. A backup is never trusted blindly: the copy is checked
// (integrity_check, a motcua schema this program knows) before it gets its
// final name, and again before it is restored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::store {

struct BackupInfo {
  std::string path;                  // dir/motcua-YYYYMMDD-HHMMSS.db
  int64_t bytes = 0;
  int schema_version = 0;
  std::vector<std::string> removed;  // older backups rotated away
};

// Copies `db_path` into `dir` (created if missing): into a hidden temporary
// file first, fsync, integrity_check and schema check of the copy, then a
// rename to motcua-YYYYMMDD-HHMMSS.db (Vietnam time from `clock`), with its
// SHA-256 beside it (motcua-....db.sha256, as sha256sum writes), and an fsync
// of the folder, so a power cut leaves either no new backup or a whole one.
// Then keeps the newest `keep` backups (keep >= 1) and removes the rest; files
// not named like a backup are never touched. The copy is in rollback-journal
// mode: one self-contained file.
Result<BackupInfo> BackupDatabase(const std::string& db_path, const std::string& dir, int keep,
                                  const Clock& clock);

// The backups in `dir`, oldest first (their names sort by time).
std::vector<std::string> ListBackups(const std::string& dir);

// Checks that `file` can be restored: its SHA-256 matches `file`.sha256 when
// that exists, and it is a SQLite file that passes integrity_check and holds a motcua schema (version 1..newest known).
// Returns the schema version. kCorrupt for a damaged or foreign file.
Result<int> CheckBackupFile(const std::string& file);

struct RestoreInfo {
  std::string saved_current;  // the database as it was, or empty if there was none
  int schema_version = 0;     // of the restored copy (newer migrations run at next start)
};

// Replaces the database at `db_path` with the backup `file` after
// CheckBackupFile. Refuses while another process has the database open (a
// running server: stop it first). The current database is kept as
// `db_path`.before-restore (or .before-restore-2, -3, ... if that exists).
// Copies through SQLite, so any -wal file of the old database is dealt with.
Result<RestoreInfo> RestoreDatabase(const std::string& db_path, const std::string& file);

}  // namespace motcua::store
