// Thin RAII layer over SQLite: Db owns the connection, Statement a prepared
// statement, Transaction rolls back unless committed. Only store/ includes
// sqlite3.h; everything above talks to repositories.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace motcua::store {

struct DbOptions {
  // WAL journal: readers never block the writer; survives power loss with FULL.
  bool wal = true;
  // synchronous=FULL: a commit is on the SD card before it returns. Feedback
  // receipts depend on this; NORMAL could lose the last commits on power cut.
  bool synchronous_full = true;
  // How long a writer waits for another connection's lock.
  int busy_timeout_ms = 5000;
  // Page cache per connection, KiB (small boards: keep it modest).
  int cache_kib = 2048;
  bool read_only = false;
};

class Statement;

class Db {
 public:
  static Result<std::unique_ptr<Db>> Open(const std::string& path, const DbOptions& opts = {});
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more statements without results.
  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  int64_t LastInsertRowId() const;
  int Changes() const;
  const std::string& path() const { return path_; }
  sqlite3* raw() { return db_; }

  // PRAGMA integrity_check; ok when the file is sound.
  Status IntegrityCheck();
  // PRAGMA quick_check: the same minus index-to-table cross-checks, linear in
  // the file's size (start-up); kCorrupt naming the first problem.
  Status QuickCheck();

 private:
  Db(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status Check(const char* pragma);
  sqlite3* db_;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int i, std::string_view v);
  Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Statement& Bind(int i, double v);
  Statement& BindNull(int i);
  Statement& BindBlob(int i, const void* data, size_t n);
  Statement& Bind(int i, const std::optional<std::string>& v) {
    return v ? Bind(i, *v) : BindNull(i);
  }

  // Steps once: Result true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, for statements without rows.
  Status Run();
  void Reset();  // clears the last run and the bindings; cannot fail

  bool IsNull(int col) const;
  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;  // valid until the next Step
  std::optional<std::string> OptText(int col) const;
  std::optional<int64_t> OptInt(int col) const;

 private:
  friend class Db;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Status Error(int rc) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status bind_error_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless Commit().
class Transaction {
 public:
  static Result<Transaction> Begin(Db& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_), done_(o.done_) { o.done_ = true; }
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(Db& db) : db_(&db) {}
  Db* db_;
  bool done_ = false;
};

}  // namespace motcua::store
