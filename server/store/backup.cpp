#include "store/backup.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <thread>

#include "crypto/file_hash.h"
#include "store/migrations.h"

namespace motcua::store {

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Conn = std::unique_ptr<sqlite3, CloseDb>;

Status SqlStatus(sqlite3* db, int rc, const std::string& what) {
  std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  const int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Corrupt(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Status(Code::kUnavailable, msg);
  return IoError(msg);
}

Result<Conn> OpenConn(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Conn conn(raw);
  if (rc != SQLITE_OK) return SqlStatus(raw, rc, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  return conn;
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return SqlStatus(nullptr, rc, sql + ": " + msg);
}

// One text value from a query, or empty.
Result<std::string> QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
  if (rc != SQLITE_OK) return SqlStatus(db, rc, sql);
  rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(raw, 0);
    return std::string(t ? reinterpret_cast<const char*>(t) : "");
  }
  if (rc == SQLITE_DONE) return std::string();
  return SqlStatus(db, rc, sql);
}

// Copies the whole of `src` into `dst` in one step, so the copy is one
// consistent snapshot even while other processes write to the source.
Status Copy(sqlite3* src, sqlite3* dst, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) return SqlStatus(dst, sqlite3_errcode(dst), what);
  int rc;
  for (int tries = 0;; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return SqlStatus(nullptr, rc, what);
  rc = sqlite3_errcode(dst);
  if (rc != SQLITE_OK) return SqlStatus(dst, rc, what);
  return Status::Ok();
}

Status Fsync(const std::string& path, bool directory) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return IoError("open " + path + ": " + std::strerror(errno));
  const int rc = fsync(fd);
  const int err = errno;
  close(fd);
  if (rc != 0) return IoError("fsync " + path + ": " + std::strerror(err));
  return Status::Ok();
}

bool Exists(const std::string& path) {
  struct stat sb;
  return stat(path.c_str(), &sb) == 0;
}

Status MakeDirs(const std::string& dir) {
  if (dir.empty() || Exists(dir)) return Status::Ok();
  const size_t slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) RETURN_IF_ERROR(MakeDirs(dir.substr(0, slash)));
  if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST)
    return IoError("cannot create " + dir + ": " + std::strerror(errno));
  return Status::Ok();
}

// integrity_check and the schema version of an open connection.
Result<int> CheckConn(sqlite3* db, const std::string& name) {
  auto ic = QueryText(db, "PRAGMA integrity_check");
  if (!ic.ok()) return Corrupt(name + " is damaged or not a database: " + ic.status().message());
  if (*ic != "ok") return Corrupt(name + " failed the integrity check: " + *ic);
  ASSIGN_OR_RETURN(std::string has, QueryText(db, "SELECT count(*) FROM sqlite_master "
                                                  "WHERE type='table' AND name='schema_migrations'"));
  if (has != "1") return Corrupt(name + " is not a motcua database (no schema_migrations table)");
  ASSIGN_OR_RETURN(std::string v, QueryText(db, "SELECT COALESCE(MAX(version), 0) FROM "
                                                "schema_migrations"));
  const int version = std::atoi(v.c_str());
  const int newest = AllMigrations().empty() ? 0 : AllMigrations().back().version;
  if (version < 1) return Corrupt(name + " has no schema version");
  if (version > newest)
    return InvalidArgument(name + " has schema version " + std::to_string(version) +
                           ", newer than this program (" + std::to_string(newest) + ")");
  return version;
}

// "motcua-20261128-195044.db" or "motcua-20261128-195044-2.db" -> sort key.
bool BackupKey(const std::string& name, std::string* key) {
  const std::string pre = "motcua-", ext = ".db";
  if (name.size() < pre.size() + 15 + ext.size() || name.compare(0, pre.size(), pre) != 0 ||
      name.compare(name.size() - ext.size(), ext.size(), ext) != 0)
    return false;
  const std::string stamp = name.substr(pre.size(), 15);
  for (size_t i = 0; i < stamp.size(); ++i)
    if (i == 8 ? stamp[i] != '-' : (stamp[i] < '0' || stamp[i] > '9')) return false;
  std::string rest = name.substr(pre.size() + 15, name.size() - pre.size() - 15 - ext.size());
  int n = 1;
  if (!rest.empty()) {
    if (rest[0] != '-' || rest.size() < 2 || rest.size() > 5) return false;
    for (size_t i = 1; i < rest.size(); ++i)
      if (rest[i] < '0' || rest[i] > '9') return false;
    n = std::atoi(rest.c_str() + 1);
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "%05d", n);
  *key = stamp + buf;
  return true;
}

std::string Stamp(const Clock& clock) {
  std::string t = FormatVietnamTime(clock.NowUnixMs());  // "2026-11-28 19:50:44"
  std::string out;
  for (char c : t) {
    if (c == ' ') out += '-';
    else if (c >= '0' && c <= '9') out += c;
  }
  return out;  // "20261128-195044"
}

// A read-only, immutable URI for a file: checking a backup never writes next
// to it (no -journal, -wal or -shm).
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      uri += buf;
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

std::vector<std::string> ListBackups(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> found;
  if (DIR* d = opendir(dir.c_str())) {
    while (struct dirent* e = readdir(d)) {
      std::string key;
      if (BackupKey(e->d_name, &key)) found.emplace_back(key, dir + "/" + e->d_name);
    }
    closedir(d);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

Result<BackupInfo> BackupDatabase(const std::string& db_path, const std::string& dir, int keep,
                                  const Clock& clock) {
  if (keep < 1) return InvalidArgument("keep must be at least 1");
  if (!Exists(db_path)) return NotFound("no database at " + db_path);
  RETURN_IF_ERROR(MakeDirs(dir));
  const std::string stamp = Stamp(clock);
  std::string final_path = dir + "/motcua-" + stamp + ".db";
  for (int n = 2; Exists(final_path); ++n)
    final_path = dir + "/motcua-" + stamp + "-" + std::to_string(n) + ".db";
  const std::string tmp = dir + "/.motcua-" + stamp + ".db.tmp";
  unlink(tmp.c_str());
  (void)unlink((tmp + "-journal").c_str());

  BackupInfo info;
  Status st = [&]() -> Status {
    {
      ASSIGN_OR_RETURN(Conn src, OpenConn(db_path, SQLITE_OPEN_READONLY));
      ASSIGN_OR_RETURN(Conn dst, OpenConn(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
      RETURN_IF_ERROR(Copy(src.get(), dst.get(), "backup of " + db_path));
      // The source is in WAL mode; the copy should be one self-contained file.
      RETURN_IF_ERROR(Exec(dst.get(), "PRAGMA journal_mode=DELETE"));
    }
    RETURN_IF_ERROR(Fsync(tmp, false));
    {
      ASSIGN_OR_RETURN(Conn check, OpenConn(tmp, SQLITE_OPEN_READONLY));
      ASSIGN_OR_RETURN(info.schema_version, CheckConn(check.get(), "the new backup"));
    }
    // The checksum beside it catches what integrity_check cannot: damaged
    // record contents (an SD card's bit rot).
    ASSIGN_OR_RETURN(std::string sum, crypto::Sha256FileHex(tmp));
    const std::string sum_tmp = tmp + ".sha256";
    {
      std::ofstream out(sum_tmp, std::ios::trunc);
      out << sum << "  " << final_path.substr(final_path.rfind('/') + 1) << "\n";
      if (!out.flush()) return IoError("cannot write " + sum_tmp);
    }
    RETURN_IF_ERROR(Fsync(sum_tmp, false));
    if (rename(sum_tmp.c_str(), (final_path + ".sha256").c_str()) != 0)
      return IoError("rename to " + final_path + ".sha256: " + std::strerror(errno));
    if (rename(tmp.c_str(), final_path.c_str()) != 0)
      return IoError("rename to " + final_path + ": " + std::strerror(errno));
    return Fsync(dir, true);
  }();
  if (!st.ok()) {
    unlink(tmp.c_str());
    unlink((tmp + ".sha256").c_str());
    return st;
  }
  struct stat sb;
  if (stat(final_path.c_str(), &sb) == 0) info.bytes = sb.st_size;
  info.path = final_path;

  // Rotation. The backup just made is never removed, even if a clock that
  // jumped back (boards have no RTC) gave it a name that sorts first.
  std::vector<std::string> all = ListBackups(dir);
  all.erase(std::remove(all.begin(), all.end(), final_path), all.end());
  while (static_cast<int>(all.size()) + 1 > keep && !all.empty()) {
    if (unlink(all.front().c_str()) == 0) info.removed.push_back(all.front());
    unlink((all.front() + ".sha256").c_str());
    all.erase(all.begin());
  }
  return info;
}

Result<int> CheckBackupFile(const std::string& file) {
  if (!Exists(file)) return NotFound("no file " + file);
  std::ifstream sum_file(file + ".sha256");
  std::string want;
  if (sum_file >> want) {
    ASSIGN_OR_RETURN(std::string got, crypto::Sha256FileHex(file));
    if (got != want)
      return Corrupt(file + " is damaged: its SHA-256 does not match " + file + ".sha256");
  }
  ASSIGN_OR_RETURN(Conn db, OpenConn(ImmutableUri(file), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI));
  return CheckConn(db.get(), file);
}

Result<RestoreInfo> RestoreDatabase(const std::string& db_path, const std::string& file) {
  RestoreInfo info;
  ASSIGN_OR_RETURN(info.schema_version, CheckBackupFile(file));
  char a[PATH_MAX], b[PATH_MAX];
  if (realpath(db_path.c_str(), a) && realpath(file.c_str(), b) && std::strcmp(a, b) == 0)
    return InvalidArgument("the backup is the database itself");
  const bool had_db = Exists(db_path);

  ASSIGN_OR_RETURN(Conn dst, OpenConn(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  // Hold the database exclusively until we are done: this fails while any
  // other process (a running server) has it open.
  sqlite3_busy_timeout(dst.get(), 2000);
  RETURN_IF_ERROR(Exec(dst.get(), "PRAGMA locking_mode=EXCLUSIVE"));
  Status locked = Exec(dst.get(), "BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master; COMMIT");
  if (!locked.ok()) {
    return Status(Code::kUnavailable, db_path + " is in use by another process (stop the server "
                                                "first: systemctl stop motcua)");
  }
  if (had_db) {
    std::string saved = db_path + ".before-restore";
    for (int n = 2; Exists(saved); ++n) saved = db_path + ".before-restore-" + std::to_string(n);
    {
      ASSIGN_OR_RETURN(Conn copy, OpenConn(saved, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
      RETURN_IF_ERROR(Copy(dst.get(), copy.get(), "saving the current database"));
      RETURN_IF_ERROR(Exec(copy.get(), "PRAGMA journal_mode=DELETE"));
    }
    RETURN_IF_ERROR(Fsync(saved, false));
    info.saved_current = saved;
  }
  // Rollback journal while copying (WAL would refuse a different page size);
  // the server switches back to WAL when it opens the file.
  RETURN_IF_ERROR(Exec(dst.get(), "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL"));
  {
    ASSIGN_OR_RETURN(Conn src,
                     OpenConn(ImmutableUri(file), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI));
    RETURN_IF_ERROR(Copy(src.get(), dst.get(), "restoring " + file));
  }
  ASSIGN_OR_RETURN(int version, CheckConn(dst.get(), db_path + " after the restore"));
  info.schema_version = version;
  return info;
}

}  // namespace motcua::store
