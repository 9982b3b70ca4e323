// Power cuts: the writers on this branch (`motcua import`, and the server
// seeding its demo catalogue) are killed with SIGKILL at random moments,
// over and over. After each cut the database passes PRAGMA integrity_check,
// every acknowledged import is there, no batch is half there, and the server
// starts (its own quick_check) and serves what was acknowledged. A damaged
// file is refused at start with a message pointing to `motcua restore`.
//
// The seed is printed; MOTCUA_POWER_CUT_SEED=<n> replays a run and
// MOTCUA_POWER_CUT_ROUNDS=<n> runs longer.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/procedure_json.h"
#include "store/db.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using motcua::testing::HttpGet;
using motcua::testing::MotcuaBinary;
using motcua::testing::ServerProcess;
using motcua::testing::TempDir;

namespace {

constexpr int kBatch = 1200;  // procedures per import: long enough to be cut mid-way

std::string Code(int k) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "9.%06d", k);
  return buf;
}

// Batch `r`: the same codes every time, each name carrying the batch number,
// so a half-applied import would show two batch numbers at once.
void WriteBatch(const std::string& path, int r) {
  std::ofstream out(path);
  for (int k = 0; k < kBatch; ++k) {
    motcua::domain::Procedure p;
    p.code = Code(k);
    p.name = "Thủ tục thử nghiệm số " + std::to_string(k) + ", lô " + std::to_string(r);
    p.field = "Thử nghiệm";
    p.levels = motcua::domain::kLevelCommune;
    p.steps = {"Bước 1: Nộp hồ sơ tại Bộ phận Một cửa (lô " + std::to_string(r) + ").",
               "Bước 2: Nhận kết quả. " + std::string(400, 'x')};
    out << motcua::domain::ToJsonString(p) << "\n";
  }
  out.close();
  // A short file would import as less (an empty one as nothing, with exit 0).
  REQUIRE_MESSAGE(out.good(), path << ": write failed");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string Join(const std::set<int>& batches) {
  std::string out;
  for (int b : batches) out += (out.empty() ? "" : ",") + std::to_string(b);
  return out.empty() ? "none" : out;
}

struct Child {
  pid_t pid = -1;
};

Child Spawn(const std::vector<std::string>& args, const std::string& log) {
  // Everything the child needs is made before fork(): between fork and exec
  // it only calls async-signal-safe functions.
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  // It runs in the log's directory (the test's own): a server's default
  // data_dir "data", whose attachments it sweeps at start, is not shared
  // with the tests running beside this one.
  const std::string cwd = log.substr(0, log.rfind('/'));
  Child c;
  c.pid = fork();
  if (c.pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    if (chdir(cwd.c_str()) != 0) _exit(125);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // A failed fork must stop the test here: pid -1 would make waitpid() wait
  // for any child (and report "exit 0" when there is none) and kill() signal
  // every process we may signal.
  if (c.pid < 0) {
    const int err = errno;
    FAIL("fork: " << std::string(std::strerror(err)));
  }
  return c;
}

constexpr int kRunning = -2;

// waitpid() for our own child, again when interrupted: the exit code, -1 when
// a signal ended it, or kRunning (WNOHANG only). A failed wait fails the
// test; it is never read as an exit code.
int Wait(pid_t pid, int options) {
  int status = 0;
  pid_t got;
  do {
    got = waitpid(pid, &status, options);
  } while (got < 0 && errno == EINTR);
  if (got < 0) {
    const int err = errno;
    FAIL("waitpid " << pid << ": " << std::string(std::strerror(err)));
  }
  if (got == 0) return kRunning;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Kills (SIGKILL) after `after_ms` unless it exits first; the exit code, or
// -1 when it was killed.
int KillAfter(Child c, int after_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(after_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    const int code = Wait(c.pid, WNOHANG);
    if (code != kRunning) return code;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(c.pid, SIGKILL);
  return Wait(c.pid, 0);
}

// The batch numbers the stored test procedures carry, and how many there are.
struct Seen {
  std::set<int> batches;
  int count = 0;
  std::string integrity;
};

Seen Inspect(const std::string& db_path) {
  Seen s;
  auto db = motcua::store::Db::Open(db_path);
  REQUIRE_MESSAGE(db.ok(), db.status().ToString());
  motcua::Status ic = (*db)->IntegrityCheck();
  s.integrity = ic.ok() ? "ok" : ic.message();
  auto st = (*db)->Prepare("SELECT name FROM procedures WHERE code LIKE '9.%'");
  if (!st.ok()) return s;  // cut before the first migration committed: no tables yet
  for (;;) {
    auto row = st->Step();
    if (!row.ok() || !*row) break;
    std::string name = st->Text(0);
    s.batches.insert(std::atoi(name.substr(name.rfind("lô ") + 4).c_str()));
    s.count++;
  }
  return s;
}

uint32_t Seed() {
  const char* env = std::getenv("MOTCUA_POWER_CUT_SEED");
  return env ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : std::random_device()();
}

int Rounds(int fallback) {
  const char* env = std::getenv("MOTCUA_POWER_CUT_ROUNDS");
  return env ? std::atoi(env) : fallback;
}

}  // namespace

TEST_CASE(
    "power cut: SIGKILL during imports never leaves half a batch or loses an acknowledged one") {
  TempDir dir;
  const std::string db = dir.File("motcua.db");
  const uint32_t seed = Seed();
  MESSAGE("seed " << seed << " (MOTCUA_POWER_CUT_SEED to replay)");
  std::mt19937 rng(seed);

  // Round 0 is not cut: it measures how long one import takes.
  WriteBatch(dir.File("b0.jsonl"), 0);
  auto start = std::chrono::steady_clock::now();
  REQUIRE(KillAfter(Spawn({MotcuaBinary(), "import", "--db", db, dir.File("b0.jsonl")},
                          dir.File("import.log")),
                    60000) == 0);
  const int import_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - start)
                                             .count());
  MESSAGE("one import of " << kBatch << " procedures: " << import_ms << " ms");
  // What may be stored after a round: the batch stored before it (the last
  // acknowledged or seen), or that of an import cut since then. A cut import
  // may show only in a later round: killed after writing its commit to the
  // WAL but before publishing it in the shared WAL index, it stays unseen
  // while another process (the server) keeps that index, and the WAL
  // recovery of the next first opener finds it. An acknowledged batch lost,
  // or an older batch back after a newer one, is a failure.
  int stored_before = 0;
  std::set<int> cut_since;
  int cut = 0, committed_unacknowledged = 0, seen_later = 0;
  const int rounds = Rounds(12);
  for (int r = 1; r <= rounds; ++r) {
    CAPTURE(r);
    WriteBatch(dir.File("b.jsonl"), r);
    // A server reading the same file while the import runs; cut too, at times.
    ServerProcess server({"--db", db});
    const bool with_server = r % 3 == 0;
    if (with_server) REQUIRE_MESSAGE(server.Start(), server.log());
    const int after = std::uniform_int_distribution<int>(0, import_ms * 6 / 5)(rng);
    const auto spawned = std::chrono::steady_clock::now();
    Child c =
        Spawn({MotcuaBinary(), "import", "--db", db, dir.File("b.jsonl")}, dir.File("import.log"));
    if (with_server) {
      auto api = HttpGet(server.base_url() + "/api/v1/procedures/" + Code(7));
      CHECK(api.status == 200);
    }
    const int code = KillAfter(c, after);
    const long ran_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - spawned)
                                              .count());
    // What a failure below needs to be read: how the import ended, and what it said.
    INFO("import " << (code == -1 ? std::string("killed") : "exited " + std::to_string(code))
                   << " after " << ran_ms << " ms (cut due at " << after
                   << " ms); stored before: batch " << stored_before
                   << ", cut since: " << Join(cut_since) << "; its output:\n"
                   << ReadFile(dir.File("import.log")));
    if (with_server && (rng() & 1)) server.Kill(SIGKILL);
    if (code == 0) {
      stored_before = r;  // acknowledged: nothing cut before it may show any more
      cut_since.clear();
    } else {
      CHECK(code == -1);  // killed, never a failure of its own
      ++cut;
      cut_since.insert(r);
    }
    Seen s = Inspect(db);
    CHECK(s.integrity == "ok");
    CHECK(s.count == kBatch);        // never a partial batch
    REQUIRE(s.batches.size() == 1);  // never two batches mixed
    const int stored = *s.batches.begin();
    CAPTURE(stored);
    CHECK((stored == stored_before || cut_since.count(stored) == 1));
    if (stored != stored_before && cut_since.count(stored) == 1) {
      ++committed_unacknowledged;
      if (stored != r) ++seen_later;
      stored_before = stored;  // what later rounds build on; older cut ones are gone
      cut_since.erase(cut_since.begin(), cut_since.upper_bound(stored));
    }
  }
  MESSAGE(rounds << " rounds: " << cut << " imports cut, " << committed_unacknowledged
                 << " of them after their commit (" << seen_later << " seen a round later)");

  // The server starts on the cut database (its quick_check passes; its WAL
  // recovery may find the last cut import's commit) and serves what is stored.
  ServerProcess server({"--db", db});
  REQUIRE_MESSAGE(server.Start(), server.log());
  Seen end = Inspect(db);
  CHECK(end.count == kBatch);
  REQUIRE(end.batches.size() == 1);
  const int last = *end.batches.begin();
  CHECK((last == stored_before || cut_since.count(last) == 1));
  auto r = HttpGet(server.base_url() + "/api/v1/procedures/" + Code(kBatch - 1));
  CHECK(r.status == 200);
  CHECK(r.body.find("lô " + std::to_string(last) + "\"") != std::string::npos);
}

TEST_CASE("power cut: SIGKILL while the server seeds its demo catalogue") {
  TempDir dir;
  const uint32_t seed = Seed();
  std::mt19937 rng(seed);
  MESSAGE("seed " << seed);
  const int rounds = Rounds(6);
  for (int r = 0; r < rounds; ++r) {
    CAPTURE(r);
    const std::string db = dir.File("demo" + std::to_string(r) + ".db");
    Child c = Spawn({MotcuaBinary(), "serve", "--demo", "--db", db, "--listen", "127.0.0.1:0"},
                    dir.File("serve.log"));
    KillAfter(c, std::uniform_int_distribution<int>(5, 150)(rng));
    Seen s = Inspect(db);
    CHECK(s.integrity == "ok");
    auto cat = motcua::store::Db::Open(db);
    REQUIRE(cat.ok());
    auto st = (*cat)->Prepare("SELECT COUNT(*) FROM procedures");
    int n = 0;  // no table yet: cut before the first migration committed
    if (st.ok()) n = st->Step().ok() ? static_cast<int>(st->Int(0)) : -1;
    CHECK((n == 0 || n == 42));  // all of the demo or none of it
    ServerProcess again({"--demo", "--db", db});
    REQUIRE_MESSAGE(again.Start(), again.log());
    CHECK(HttpGet(again.base_url() + "/thu-tuc/1.001193").status == 200);
  }
}

TEST_CASE("a damaged database is refused at start, pointing to motcua restore") {
  TempDir dir;
  const std::string db = dir.File("motcua.db");
  {
    ServerProcess s({"--demo", "--db", db});
    REQUIRE_MESSAGE(s.Start(), s.log());
    CHECK(s.Stop() == 0);
  }
  // A failing SD card: garbage over pages in the middle of the file.
  {
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0, std::ios::end);
    const std::streamoff size = f.tellp();
    REQUIRE(size > 16384);
    f.seekp(size / 2);
    const std::string junk(8192, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  ServerProcess s({"--db", db});
  CHECK_FALSE(s.Start(5000));
  const std::string log = s.log();
  CHECK(log.find("is damaged") != std::string::npos);
  CHECK(log.find("motcua restore --db " + db) != std::string::npos);
  Child c = Spawn({MotcuaBinary(), "serve", "--db", db, "--listen", "127.0.0.1:0"},
                  dir.File("serve.log"));
  CHECK(KillAfter(c, 10000) == 3);
  // The importer refuses too, rather than write into a damaged file.
  std::ofstream(dir.File("one.jsonl")) << "{\"code\": \"9.000001\", \"name\": \"X\"}\n";
  Child i =
      Spawn({MotcuaBinary(), "import", "--db", db, dir.File("one.jsonl")}, dir.File("import.log"));
  CHECK(KillAfter(i, 10000) == 3);
}
