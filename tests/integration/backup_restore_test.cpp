// motcua backup and motcua restore, the real binary: backups taken while the
// server serves requests and another connection writes, a restore round trip
// the server comes back up on, and damaged backups refused.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include "store/backup.h"
#include "store/db.h"
#include "support/motcua_cli.h"
#include "support/server_process.h"
#include "support/strings.h"
#include "support/temp_dir.h"

using motcua::store::Db;
using motcua::testing::CliRun;
using motcua::testing::Contains;
using motcua::testing::HttpGet;
using motcua::testing::Motcua;
using motcua::testing::ServerProcess;
using motcua::testing::TempDir;

namespace {

int64_t Probes(const std::string& db) {
  auto d = Db::Open(db, {.read_only = true});
  REQUIRE(d.ok());
  auto st = (*d)->Prepare("SELECT count(*) FROM probe");
  REQUIRE(st.ok());
  REQUIRE(*st->Step());
  return st->Int(0);
}

}  // namespace

TEST_CASE("backup under load, restore round trip, damaged backup refused") {
  TempDir t;
  const std::string db = t.File("motcua.db");
  const std::string dir = t.File("backups");
  ServerProcess server({"--demo", "--db", db});
  REQUIRE_MESSAGE(server.Start(), server.log());
  {
    auto w = Db::Open(db);
    REQUIRE(w.ok());
    REQUIRE((*w)->Exec("CREATE TABLE probe(n INTEGER)").ok());
  }

  // Load: readers over HTTP and a writer on its own connection, bounded in
  // count and time, while backups run.
  std::atomic<bool> stop{false};
  std::atomic<int> ok_pages{0}, bad_pages{0}, rows{0};
  std::vector<std::thread> load;
  const char* paths[] = {"/", "/thu-tuc/1.001193", "/tim-kiem?q=khai+sinh", "/linh-vuc/ho-tich",
                         "/healthz"};
  for (int c = 0; c < 3; ++c) {
    load.emplace_back([&, c] {
      for (int i = 0; !stop && i < 20000; ++i) {
        auto r = HttpGet((server.base_url() + paths[(i + c) % 5]));
        (r.status == 200 ? ok_pages : bad_pages)++;
      }
    });
  }
  load.emplace_back([&] {
    auto w = Db::Open(db);
    REQUIRE(w.ok());
    for (int i = 0; !stop && i < 100000; ++i) {
      if ((*w)->Exec("INSERT INTO probe VALUES (1)").ok()) rows++;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> made;
  for (int i = 0; i < 4; ++i) {
    CliRun r = Motcua("backup --db '" + db + "' --dir '" + dir + "' --keep 3");
    CHECK_MESSAGE(r.code == 0, r.out);
    CHECK(Contains(r.out, "checked"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // names are per second
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stop = true;
  for (auto& th : load) th.join();
  MESSAGE("4 backups in " << secs << " s under load: " << ok_pages.load() << " pages served, "
                          << rows.load() << " rows written meanwhile");
  CHECK(bad_pages.load() == 0);
  CHECK(ok_pages.load() > 0);
  auto backups = motcua::store::ListBackups(dir);
  REQUIRE(backups.size() == 3);  // rotation kept the newest 3
  const std::string last = backups.back();
  const int64_t in_backup = Probes(last);
  CHECK(in_backup > 0);
  CHECK(in_backup <= rows.load());

  // Restoring while the server runs is refused.
  CliRun busy = Motcua("restore --db '" + db + "' '" + last + "'");
  CHECK(busy.code == 1);
  CHECK(Contains(busy.out, "stop the server"));

  CHECK(server.Stop() == 0);
  const int64_t before = Probes(db);
  CHECK(before == rows.load());

  // A damaged copy (one flipped block in the middle) is refused, nothing changes.
  const std::string bad = t.File("damaged.db");
  std::system(("cp '" + last + "' '" + bad + "' && sed 's/motcua-[0-9-]*\\.db/damaged.db/' '" +
               last + ".sha256' > '" + bad + ".sha256'")
                  .c_str());
  {
    struct stat sb;
    REQUIRE(stat(bad.c_str(), &sb) == 0);
    std::fstream f(bad, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(sb.st_size / 2);
    for (int i = 0; i < 32; ++i) f.put(static_cast<char>(i * 37));
  }
  CliRun refused = Motcua("restore --db '" + db + "' '" + bad + "'");
  CHECK(refused.code == 1);
  CHECK(Contains(refused.out, "restore refused (the backup is damaged"));
  CHECK(Contains(refused.out, "was not changed"));
  CHECK(Probes(db) == before);
  CliRun garbage = Motcua("restore --db '" + db + "' '" + t.File("nothing.db") + "'");
  CHECK(garbage.code == 1);

  // The round trip: restore, and the server serves the restored database.
  CliRun ok = Motcua("restore --db '" + db + "' '" + last + "'");
  REQUIRE_MESSAGE(ok.code == 0, ok.out);
  CHECK(Contains(ok.out, db + ".before-restore"));
  CHECK(Probes(db) == in_backup);
  CHECK(Probes(db + ".before-restore") == before);
  ServerProcess again({"--db", db});
  REQUIRE_MESSAGE(again.Start(), again.log());
  auto home = HttpGet((again.base_url() + "/thu-tuc/1.001193"));
  CHECK(home.status == 200);
  CHECK(Contains(home.body, "khai sinh"));
  auto health = HttpGet((again.base_url() + "/healthz"));
  CHECK(health.status == 200);
  CHECK(Contains(health.body, "\"database\":\"ok\""));
}

TEST_CASE("backup and restore usage errors") {
  CHECK(Motcua("backup --keep 0 --db /nonexistent/x.db").code == 2);
  CHECK(Motcua("restore --db /nonexistent/x.db").code == 2);
  CliRun missing = Motcua("backup --db /nonexistent/x.db --dir /nonexistent/b");
  CHECK(missing.code == 1);
  CHECK(Contains(missing.out, "no database"));
  CHECK(Contains(Motcua("--help").out, "motcua restore"));
}
