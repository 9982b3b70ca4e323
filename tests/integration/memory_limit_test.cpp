// Issue 6 item 6: the server with the full real catalogue (and, with the
// feedback schema, 100,000 stored feedback records) serves its pages under a
// hard memory limit of 64 MB: a memory cgroup made for the test, joined by the
// server before its first allocation, traffic from several clients, and no
// OOM kill. Skips where the real data file is absent or no cgroup can be made.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "store/db.h"
#include "support/memory_cgroup.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

using motcua::testing::HttpGet;
using motcua::testing::MemoryCgroup;
using motcua::testing::MotcuaBinary;
using motcua::testing::ServerProcess;
using motcua::testing::TempDir;

namespace {

constexpr int64_t kLimit = 64LL << 20;

int64_t StatusKb(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return std::atoll(line.c_str() + key.size() + 1);
  return -1;
}

std::vector<std::string> Column(const std::string& db, const std::string& sql) {
  std::vector<std::string> out;
  auto d = motcua::store::Db::Open(db, {.read_only = true});
  REQUIRE(d.ok());
  auto st = (*d)->Prepare(sql);
  REQUIRE(st.ok());
  while (*st->Step()) out.push_back(st->Text(0));
  return out;
}

}  // namespace

TEST_CASE("the full catalogue is served under a hard 64 MB memory limit") {
  const std::string data = MOTCUA_SHARED_DATA_DIR "/tthc-dichvucong-2026.jsonl";
  if (!std::ifstream(data)) {
    MESSAGE("real data absent (../shared/data/tthc-dichvucong-2026.jsonl): skipped");
    return;
  }
  std::string why;
  auto cg = MemoryCgroup::Create(kLimit, &why);
  if (!cg) {
    MESSAGE("no memory cgroup (" << why << "): skipped");
    return;
  }
  TempDir dir;
  const std::string db = dir.File("motcua.db");
  {
    const std::string cmd = MotcuaBinary() + " import --db '" + db + "' '" + data + "' >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  // The smallest board's settings (board/rpi-zero2w), every level public so
  // that every page can be asked for.
  std::ofstream(dir.File("motcua.conf")) << "threads = 6\npage_cache_kib = 4096\ndb_cache_kib = 2048\n"
                                            "malloc_arena_max = 2\npublic_levels = all\n"
                                            "data_dir = " << dir.File("data") << "\n";
  const auto codes = Column(db, "SELECT code FROM procedures ORDER BY code");
  REQUIRE(codes.size() == 2642);

  ServerProcess server({"--config", dir.File("motcua.conf"), "--db", db});
  server.join_cgroup = cg->procs_file();
  REQUIRE_MESSAGE(server.Start(30000), server.log());
  const int pid = server.pid();
  const int64_t rss_start = StatusKb(pid, "VmRSS");

  std::vector<std::string> paths = {"/", "/kiosk", "/healthz", "/api/v1/procedures?trang=3"};
  for (const char* q : {"khai+sinh", "chung+thuc", "dat+dai", "ho+tich", "giay+phep", "dang+ky",
                        "bao+hiem", "thue", "xay+dung", "nong+nghiep", "doanh+nghiep", "tre+em",
                        "hoa+giai", "khieu+nai", "to+cao", "ket+hon", "nguoi+co+cong", "xa"})
    paths.push_back(std::string("/tim-kiem?q=") + q);
  for (const std::string& c : codes) paths.push_back("/thu-tuc/" + c);

  std::atomic<int> ok{0}, bad{0};
  std::atomic<size_t> next{0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(240);
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      for (;;) {
        const size_t i = next++;
        if (i >= paths.size() * 2 || std::chrono::steady_clock::now() > deadline) return;
        // Every page, then each again with the kiosk layout.
        std::string path = paths[i % paths.size()];
        if (i >= paths.size()) path += path.find('?') == std::string::npos ? "?kiosk=1" : "&kiosk=1";
        auto r = HttpGet(server.base_url() + path);
        (r.status == 200 ? ok : bad)++;
      }
    });
  }
  for (auto& c : clients) c.join();
  const int64_t hwm = StatusKb(pid, "VmHWM");
  const int64_t rss_end = StatusKb(pid, "VmRSS");
  MESSAGE(ok.load() << " pages served, " << bad.load() << " failed; server RSS " << rss_start / 1024
                    << " MB at start, " << rss_end / 1024 << " MB at the end, peak " << hwm / 1024
                    << " MB; cgroup peak (page cache included) " << cg->PeakBytes() / 1048576
                    << " MB of " << kLimit / 1048576 << " MB");
  CHECK(bad.load() == 0);
  CHECK(ok.load() == static_cast<int>(paths.size() * 2));
  CHECK(cg->OomKills() == 0);
  CHECK(server.running());
  CHECK(HttpGet(server.base_url() + "/healthz").status == 200);
  CHECK(server.Stop() == 0);
}
