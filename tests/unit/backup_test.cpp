// Backups and restores of the database file: names, rotation, checks of the
// copy, refusal of damaged or foreign files, and a restore round trip.
#include "store/backup.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "core/clock.h"
#include "store/db.h"
#include "store/migrations.h"
#include "support/temp_dir.h"

using motcua::Code;
using motcua::FakeClock;
using motcua::store::BackupDatabase;
using motcua::store::CheckBackupFile;
using motcua::store::Db;
using motcua::store::ListBackups;
using motcua::store::RestoreDatabase;
using motcua::testing::TempDir;

namespace {

// 2026-05-04 09:30:00 in Vietnam (02:30 UTC).
constexpr int64_t kStart = 1777861800000LL;

// A migrated database with `rows` rows in a table of its own.
void MakeDb(const std::string& path, int rows) {
  auto db = Db::Open(path);
  REQUIRE(db.ok());
  REQUIRE(motcua::store::Migrate(**db).ok());
  REQUIRE((*db)->Exec("CREATE TABLE IF NOT EXISTS probe(n INTEGER, pad TEXT)").ok());
  for (int i = 0; i < rows; ++i) {
    auto st = (*db)->Prepare("INSERT INTO probe VALUES (?, ?)");
    REQUIRE(st.ok());
    st->Bind(1, i).Bind(2, std::string(200, 'x'));
    REQUIRE(st->Run().ok());
  }
}

int64_t Count(const std::string& path) {
  auto db = Db::Open(path, {.read_only = true});
  REQUIRE(db.ok());
  auto st = (*db)->Prepare("SELECT count(*) FROM probe");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  return st->Int(0);
}

std::string BaseName(const std::string& p) { return p.substr(p.rfind('/') + 1); }

void Corrupt(const std::string& path, long offset, size_t n) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(offset);
  for (size_t i = 0; i < n; ++i) f.put(static_cast<char>(0xA5 ^ i));
}

bool FileExists(const std::string& p) {
  struct stat sb;
  return stat(p.c_str(), &sb) == 0;
}

}  // namespace

TEST_CASE("a backup is a checked, self-contained copy named by Vietnam time") {
  TempDir t;
  MakeDb(t.File("motcua.db"), 50);
  FakeClock clock(kStart);
  auto b = BackupDatabase(t.File("motcua.db"), t.File("backups"), 7, clock);
  REQUIRE_MESSAGE(b.ok(), b.status().ToString());
  CHECK(BaseName(b->path) == "motcua-20260504-093000.db");
  CHECK(b->bytes > 0);
  CHECK(b->schema_version >= 1);
  CHECK(Count(b->path) == 50);
  CHECK_FALSE(FileExists(b->path + "-wal"));  // rollback-journal mode: one file
  std::ifstream sum(b->path + ".sha256");
  std::string hex, name;
  sum >> hex >> name;
  CHECK(hex.size() == 64);
  CHECK(name == "motcua-20260504-093000.db");  // sha256sum -c works in the folder
  CHECK(CheckBackupFile(b->path).ok());
  // Nothing left behind but the backup itself.
  CHECK(ListBackups(t.File("backups")).size() == 1);
}

TEST_CASE("rotation keeps the newest N and never touches other files") {
  TempDir t;
  MakeDb(t.File("motcua.db"), 1);
  FakeClock clock(kStart);
  std::ofstream(t.File("backups-notes.txt")) << "x";
  REQUIRE(BackupDatabase(t.File("motcua.db"), t.File("b"), 3, clock).ok());
  std::ofstream(t.File("b/notes.txt")) << "keep me";
  std::ofstream(t.File("b/motcua-old.db")) << "not a backup name";
  for (int i = 0; i < 4; ++i) {
    clock.Advance(86400000);
    REQUIRE(BackupDatabase(t.File("motcua.db"), t.File("b"), 3, clock).ok());
  }
  auto left = ListBackups(t.File("b"));
  REQUIRE(left.size() == 3);
  CHECK(BaseName(left[0]) == "motcua-20260506-093000.db");
  CHECK(BaseName(left[2]) == "motcua-20260508-093000.db");
  CHECK(FileExists(t.File("b/notes.txt")));
  CHECK(FileExists(t.File("b/motcua-old.db")));
  CHECK_FALSE(FileExists(t.File("b/motcua-20260504-093000.db.sha256")));
  CHECK(FileExists(left[0] + ".sha256"));

  // Two in the same second: the second gets "-2" and sorts after the first.
  auto again = BackupDatabase(t.File("motcua.db"), t.File("b"), 3, clock);
  REQUIRE(again.ok());
  CHECK(BaseName(again->path) == "motcua-20260508-093000-2.db");
  left = ListBackups(t.File("b"));
  CHECK(BaseName(left.back()) == "motcua-20260508-093000-2.db");

  // A clock that jumped back (no RTC) never costs the backup just made.
  FakeClock back(kStart - 365LL * 86400000);
  auto early = BackupDatabase(t.File("motcua.db"), t.File("b"), 1, back);
  REQUIRE(early.ok());
  left = ListBackups(t.File("b"));
  REQUIRE(left.size() == 1);
  CHECK(left[0] == early->path);
}

TEST_CASE("backup refuses a missing database and keep < 1") {
  TempDir t;
  FakeClock clock(kStart);
  CHECK(BackupDatabase(t.File("none.db"), t.File("b"), 3, clock).status().code() ==
        Code::kNotFound);
  CHECK_FALSE(FileExists(t.File("none.db")));
  MakeDb(t.File("motcua.db"), 1);
  CHECK(BackupDatabase(t.File("motcua.db"), t.File("b"), 0, clock).status().code() ==
        Code::kInvalidArgument);
}

TEST_CASE("damaged, truncated, foreign and too-new files are refused") {
  TempDir t;
  MakeDb(t.File("motcua.db"), 400);
  FakeClock clock(kStart);
  auto b = BackupDatabase(t.File("motcua.db"), t.File("b"), 7, clock);
  REQUIRE(b.ok());

  // Damaged b-tree pages: integrity_check finds them (no checksum file here).
  std::system(("cp '" + b->path + "' '" + t.File("damaged.db") + "'").c_str());
  Corrupt(t.File("damaged.db"), 4096 * 5, 64);
  auto r = CheckBackupFile(t.File("damaged.db"));
  CHECK(r.status().code() == Code::kCorrupt);

  // Damaged record contents pass integrity_check; the checksum catches them.
  std::system(("cp '" + b->path + "' '" + t.File("rot.db") + "'").c_str());
  Corrupt(t.File("rot.db"), 4096 * 5 + 3000, 16);
  CHECK(CheckBackupFile(t.File("rot.db")).ok());  // nothing to compare with
  std::system(("sed 's/motcua-[0-9-]*\\.db/rot.db/' '" + b->path + ".sha256' > '" +
               t.File("rot.db.sha256") + "'")
                  .c_str());
  r = CheckBackupFile(t.File("rot.db"));
  CHECK(r.status().code() == Code::kCorrupt);
  CHECK(r.status().message().find("SHA-256 does not match") != std::string::npos);
  CHECK(CheckBackupFile(b->path).ok());

  std::system(("head -c 20000 '" + b->path + "' > '" + t.File("short.db") + "'").c_str());
  CHECK(CheckBackupFile(t.File("short.db")).status().code() == Code::kCorrupt);

  std::ofstream(t.File("text.db")) << "this is not a database\n";
  CHECK(CheckBackupFile(t.File("text.db")).status().code() == Code::kCorrupt);

  {
    auto other = Db::Open(t.File("other.db"));
    REQUIRE(other.ok());
    REQUIRE((*other)->Exec("CREATE TABLE x(a)").ok());
  }
  r = CheckBackupFile(t.File("other.db"));
  CHECK(r.status().code() == Code::kCorrupt);
  CHECK(r.status().message().find("not a motcua database") != std::string::npos);

  {
    auto newer = Db::Open(t.File("newer.db"));
    REQUIRE(newer.ok());
    REQUIRE(motcua::store::Migrate(**newer).ok());
    REQUIRE((*newer)->Exec("INSERT INTO schema_migrations VALUES (999, 'future', 'now')").ok());
  }
  r = CheckBackupFile(t.File("newer.db"));
  CHECK(r.status().code() == Code::kInvalidArgument);
  CHECK(r.status().message().find("newer than this program") != std::string::npos);
}

TEST_CASE("restore round trip keeps the current database as .before-restore") {
  TempDir t;
  const std::string db = t.File("motcua.db");
  MakeDb(db, 10);
  FakeClock clock(kStart);
  auto b = BackupDatabase(db, t.File("b"), 7, clock);
  REQUIRE(b.ok());
  MakeDb(db, 5);  // 15 rows now, some of them still in the WAL
  REQUIRE(Count(db) == 15);

  auto r = RestoreDatabase(db, b->path);
  REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  CHECK(r->saved_current == db + ".before-restore");
  CHECK(Count(db) == 10);
  CHECK(Count(db + ".before-restore") == 15);
  auto reopened = Db::Open(db);
  REQUIRE(reopened.ok());
  CHECK((*reopened)->IntegrityCheck().ok());
  reopened->reset();

  // A second restore does not overwrite the first saved copy.
  auto r2 = RestoreDatabase(db, b->path);
  REQUIRE(r2.ok());
  CHECK(r2->saved_current == db + ".before-restore-2");
  CHECK(Count(db + ".before-restore") == 15);

  // Into a path with no database yet: nothing to save.
  auto fresh = RestoreDatabase(t.File("new/motcua.db"), b->path);
  CHECK(fresh.status().code() != Code::kOk);  // the folder does not exist
  auto fresh2 = RestoreDatabase(t.File("fresh.db"), b->path);
  REQUIRE(fresh2.ok());
  CHECK(fresh2->saved_current.empty());
  CHECK(Count(t.File("fresh.db")) == 10);
}

TEST_CASE("restore refuses a damaged backup and leaves the database untouched") {
  TempDir t;
  const std::string db = t.File("motcua.db");
  MakeDb(db, 400);
  FakeClock clock(kStart);
  auto b = BackupDatabase(db, t.File("b"), 7, clock);
  REQUIRE(b.ok());
  MakeDb(db, 1);
  Corrupt(b->path, 4096 * 5 + 3000, 16);  // caught by the .sha256 beside it
  auto r = RestoreDatabase(db, b->path);
  CHECK(r.status().code() == Code::kCorrupt);
  CHECK(Count(db) == 401);
  CHECK_FALSE(FileExists(db + ".before-restore"));
}

TEST_CASE("restore refuses while another connection has the database open") {
  TempDir t;
  const std::string db = t.File("motcua.db");
  MakeDb(db, 3);
  FakeClock clock(kStart);
  auto b = BackupDatabase(db, t.File("b"), 7, clock);
  REQUIRE(b.ok());
  auto open = Db::Open(db);  // the running server's connection
  REQUIRE(open.ok());
  REQUIRE((*open)->Exec("SELECT count(*) FROM probe").ok());
  auto r = RestoreDatabase(db, b->path);
  CHECK(r.status().code() == Code::kUnavailable);
  CHECK(r.status().message().find("stop the server") != std::string::npos);
  open->reset();
  CHECK(RestoreDatabase(db, b->path).ok());
}

TEST_CASE("backups taken while another connection writes are consistent snapshots") {
  TempDir t;
  const std::string db = t.File("motcua.db");
  MakeDb(db, 0);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    auto w = Db::Open(db);
    REQUIRE(w.ok());
    for (int i = 0; !stop && i < 100000; ++i) {
      // Each transaction adds two rows: a snapshot always has an even count.
      auto txn = motcua::store::Transaction::Begin(**w);
      if (!txn.ok()) continue;
      (void)(*w)->Exec("INSERT INTO probe VALUES (1, 'a'); INSERT INTO probe VALUES (2, 'b');");
      if (txn->Commit().ok()) written += 2;
    }
  });
  FakeClock clock(kStart);
  int64_t last = -1;
  for (int i = 0; i < 5; ++i) {
    while (written.load() <= last + 2) std::this_thread::yield();
    clock.Advance(1000);
    auto b = BackupDatabase(db, t.File("b"), 10, clock);
    REQUIRE_MESSAGE(b.ok(), b.status().ToString());
    const int64_t n = Count(b->path);
    CHECK(n % 2 == 0);
    CHECK(n > last);
    last = n;
  }
  stop = true;
  writer.join();
  CHECK(ListBackups(t.File("b")).size() == 5);
}
