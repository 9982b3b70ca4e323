#include "store/db.h"

#include <sqlite3.h>

#include <string>

namespace motcua::store {

namespace {
Status SqlError(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Corrupt(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Status(Code::kUnavailable, msg);
  if (primary == SQLITE_CONSTRAINT) return Status(Code::kAlreadyExists, msg);
  if (primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_READONLY)
    return IoError(msg);
  return Internal(msg);
}
}  // namespace

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, const DbOptions& opts) {
  sqlite3* raw = nullptr;
  int flags = opts.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // one connection per thread, never shared unlocked
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = SqlError(raw, rc, "open " + path);
    sqlite3_close(raw);
    return st;
  }
  std::unique_ptr<Db> db(new Db(raw, path));
  sqlite3_busy_timeout(raw, opts.busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  std::string pragmas = "PRAGMA foreign_keys=ON;";
  pragmas += "PRAGMA cache_size=-" + std::to_string(opts.cache_kib) + ";";
  if (!opts.read_only) {
    pragmas += opts.wal ? "PRAGMA journal_mode=WAL;" : "PRAGMA journal_mode=DELETE;";
    pragmas += opts.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
  }
  RETURN_IF_ERROR(db->Exec(pragmas));
  return db;
}

Db::~Db() { sqlite3_close_v2(db_); }

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    int primary = rc & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) return Corrupt("exec: " + msg);
    if (primary == SQLITE_BUSY) return Status(Code::kUnavailable, "exec: " + msg);
    return Internal("exec: " + msg);
  }
  return Status::Ok();
}

Result<Statement> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return SqlError(db_, rc, "prepare");
  return Statement(db_, stmt);
}

int64_t Db::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int Db::Changes() const { return sqlite3_changes(db_); }

Status Db::IntegrityCheck() { return Check("integrity_check"); }
Status Db::QuickCheck() { return Check("quick_check"); }

Status Db::Check(const char* pragma) {
  ASSIGN_OR_RETURN(Statement st, Prepare(std::string("PRAGMA ") + pragma));
  std::string first;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    if (first.empty()) first = st.Text(0);
  }
  if (first != "ok") return Corrupt(std::string(pragma) + ": " + first);
  return Status::Ok();
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    bind_error_ = std::move(o.bind_error_);
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::Error(int rc) const { return SqlError(db_, rc, "step"); }

Statement& Statement::Bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = SqlError(db_, rc, "bind");
  return *this;
}
Statement& Statement::Bind(int i, int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = SqlError(db_, rc, "bind");
  return *this;
}
Statement& Statement::Bind(int i, double v) {
  int rc = sqlite3_bind_double(stmt_, i, v);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = SqlError(db_, rc, "bind");
  return *this;
}
Statement& Statement::BindNull(int i) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = SqlError(db_, rc, "bind");
  return *this;
}
Statement& Statement::BindBlob(int i, const void* data, size_t n) {
  int rc = sqlite3_bind_blob64(stmt_, i, data, n, SQLITE_TRANSIENT);
  if (rc != SQLITE_OK && bind_error_.ok()) bind_error_ = SqlError(db_, rc, "bind");
  return *this;
}

Result<bool> Statement::Step() {
  if (!bind_error_.ok()) return bind_error_;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Error(rc);
}

Status Statement::Run() {
  for (;;) {
    ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = Status::Ok();
}

bool Statement::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string_view Statement::TextView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string_view(reinterpret_cast<const char*>(p),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}
std::string Statement::Text(int col) const { return std::string(TextView(col)); }
std::optional<std::string> Statement::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

std::optional<int64_t> Statement::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

Result<Transaction> Transaction::Begin(Db& db) {
  RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (!done_) (void)db_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  Status st = db_->Exec("COMMIT");
  if (st.ok()) done_ = true;
  return st;
}

}  // namespace motcua::store
