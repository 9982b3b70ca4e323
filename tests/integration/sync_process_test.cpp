// Sync between real processes: `motcua hub` and a commune board running
// `motcua serve`, through the cutting proxy, with power cuts (SIGKILL) on
// either side in the middle of a sync. Feedback goes in through the board's
// real API. Each test ends with AgreeOutboxes.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "crypto/hash.h"
#include "feedback_client.h"
#include "support/server_process.h"
#include "sync_rig.h"

using namespace motcua::testing;  // NOLINT: test file
using nlohmann::json;

namespace {

// Runs the motcua binary with `args`; returns the exit code, output in *out.
int RunMotcua(const std::vector<std::string>& args, std::string* out = nullptr) {
  std::string cmd = "'" + MotcuaBinary() + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  int rc = pclose(p);
  if (out) *out = text;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// The lines of a log that contain `needle`.
std::string Lines(const std::string& log, const std::string& needle, int* count = nullptr) {
  std::istringstream in(log);
  std::string out;
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) == std::string::npos) continue;
    out += line + "\n";
    ++n;
  }
  if (count) *count = n;
  return out;
}

void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

struct Boards {
  TempDir dir;
  std::unique_ptr<ServerProcess> hub;
  std::unique_ptr<ServerProcess> device;
  CutProxy proxy;
  std::string device_id;
  bool tls;

  explicit Boards(bool use_tls = false, const std::string& device_extra = "") : tls(use_tls) {
    {
      std::ofstream c(dir.File("hub.conf"));
      c << "db = " << dir.File("hub/hub.db") << "\ndata_dir = " << dir.File("hub")
        << "\nhub_listen = 127.0.0.1:0\npublic_levels = all\nlog_level = info\n"
        << (tls ? "" : "hub_plain_http = yes\n");
    }
    REQUIRE(RunMotcua({"hub", "key", "generate", "--config", dir.File("hub.conf")}) == 0);
    REQUIRE(RunMotcua({"import", "--config", dir.File("hub.conf"),
                       std::string(MOTCUA_SOURCE_DIR) + "/server/catalog/demo/procedures.jsonl"}) ==
            0);
    std::string out;
    REQUIRE(RunMotcua({"hub", "device", "add", "03646", "--config", dir.File("hub.conf"), "--out",
                       dir.File("prov")},
                      &out) == 0);
    hub =
        std::make_unique<ServerProcess>(std::vector<std::string>{"--config", dir.File("hub.conf")});
    hub->set_command("hub");
    StartHub();
    REQUIRE(proxy.Start(HubDevicePort()));

    // The board's config: what `hub device add` printed, pointed at the proxy.
    std::ifstream in(dir.File("prov/sync.conf"));
    std::ostringstream conf;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("sync_hub =", 0) == 0) {
        line = std::string("sync_hub = ") + (tls ? "https" : "http") +
               "://127.0.0.1:" + std::to_string(proxy.port());
      }
      if (line.rfind("sync_device_id = ", 0) == 0) device_id = line.substr(17);
      conf << line << "\n";
    }
    conf << "db = " << dir.File("dev/dev.db") << "\ndata_dir = " << dir.File("dev")
         << "\nsync_interval_s = 1\nsync_backoff_min_ms = 50\nsync_backoff_max_ms = 400\n"
         << "sync_batch_entries = 40\nsync_timeout_ms = 3000\nfeedback_rate_limit = 0\n"
         << "log_level = info\n"
         << device_extra;
    std::ofstream(dir.File("dev.conf")) << conf.str();
    device =
        std::make_unique<ServerProcess>(std::vector<std::string>{"--config", dir.File("dev.conf")});
    REQUIRE_MESSAGE(device->Start(), device->log());
  }

  void StartHub() {
    REQUIRE_MESSAGE(hub->Start(), hub->log());
    for (int i = 0; i < 200 && hub->ports().size() < 3; ++i) Sleep(10);
    REQUIRE(hub->ports().size() == 3);
  }
  int HubDevicePort() const { return hub->ports()[2]; }
  void RestartHub() {
    StartHub();
    proxy.SetUpstream(HubDevicePort());
  }

  // One feedback through the board's public JSON API.
  void Submit(int i) {
    json body = {{"name", "Người gửi " + std::to_string(i)},
                 {"address", "Bản Thử, phường Tô Hiệu"},
                 {"phone", "0912345678"},
                 {"title", "Phản ánh thử số " + std::to_string(i)},
                 {"content", "Hồ sơ đăng ký khai sinh nộp đã quá hạn mà chưa có kết quả, số " +
                                 std::to_string(i) + "."},
                 {"kind", "other"},
                 {"consent", true}};
    for (int attempt = 0; attempt < 5; ++attempt) {
      HttpResult r =
          HttpPost(device->base_url() + "/api/v1/feedback", body.dump(), "application/json");
      if (r.status == 201) return;
      Sleep(50);
    }
    FAIL("feedback not accepted");
  }

  std::unique_ptr<motcua::store::Db> Open(const std::string& path) {
    auto db = motcua::store::Db::Open(path);
    REQUIRE(db.ok());
    return std::move(db).value();
  }
  int64_t Count(const std::string& path, const std::string& sql) {
    auto db = Open(path);
    auto st = db->Prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(st->Step().value());
    return st->Int(0);
  }
  int64_t Pending() {
    return Count(dir.File("dev/dev.db"), "SELECT COUNT(*) FROM outbox WHERE state='pending'");
  }
  int64_t AtHub() { return Count(dir.File("hub/hub.db"), "SELECT COUNT(*) FROM hub_entries"); }

  // Presses "sync now" until nothing is pending and the hub holds as many
  // entries as the board made (bounded).
  bool WaitSynced(int seconds = 60) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    const int64_t made = Count(dir.File("dev/dev.db"), "SELECT COUNT(*) FROM outbox");
    while (std::chrono::steady_clock::now() < end) {
      if (Pending() == 0 && AtHub() == made) return true;
      device->Signal(SIGUSR1);
      Sleep(100);
    }
    return false;
  }

  size_t Agree() {
    auto d = Open(dir.File("dev/dev.db"));
    auto h = Open(dir.File("hub/hub.db"));
    return AgreeOutboxes(*d, *h, device_id);
  }
};

}  // namespace

TEST_CASE("Hub down during a sync, then back: everything arrives once") {
  Boards b;
  REQUIRE(b.WaitSynced());  // first contact: bundle in, nothing to push
  b.proxy.SetRefuse(true);
  for (int i = 0; i < 120; ++i) b.Submit(i);
  b.device->Signal(SIGUSR1);
  Sleep(500);  // several failed rounds with backoff
  CHECK(b.Pending() == 120);
  CHECK(b.AtHub() == 0);
  b.proxy.SetRefuse(false);
  REQUIRE(b.WaitSynced());
  CHECK(b.Agree() == 120);
  // The board gets the province's list in the same rounds, after the push
  // (so possibly just after WaitSynced saw the outbox empty).
  int64_t bundles = 0;
  for (int i = 0; i < 100 && bundles == 0; ++i) {
    bundles = b.Count(b.dir.File("dev/dev.db"),
                      "SELECT COUNT(*) FROM meta WHERE key='bundle_version' AND value > 0");
    if (bundles == 0) Sleep(50);
  }
  CHECK(bundles == 1);

  // The kiosk badge shows the last contact and the signed list's version.
  std::string version = std::to_string(
      b.Count(b.dir.File("dev/dev.db"), "SELECT value FROM meta WHERE key='bundle_version'"));
  HttpResult kiosk = HttpGet(b.device->base_url() + "/kiosk");
  REQUIRE(kiosk.status == 200);
  CHECK(kiosk.body.find("chưa đồng bộ") == std::string::npos);
  CHECK(kiosk.body.find("Đồng bộ lần cuối") != std::string::npos);
  CHECK(kiosk.body.find("phiên bản " + version) != std::string::npos);
}

TEST_CASE("Hub killed and restarted mid-batch, again and again: nothing lost, nothing twice") {
  Boards b;
  b.proxy.SetRefuse(true);
  for (int i = 0; i < 400; ++i) b.Submit(i);
  b.proxy.SetRefuse(false);
  std::mt19937 rnd(5);
  for (int round = 0; round < 6; ++round) {
    b.device->Signal(SIGUSR1);
    Sleep(20 + static_cast<int>(rnd() % 150));
    b.hub->Kill(SIGKILL);  // power cut at the province, mid-push
    b.RestartHub();
  }
  REQUIRE(b.WaitSynced());
  CHECK(b.Agree() == 400);
  int failed = 0;
  MESSAGE("the board's sync log:\n" << Lines(b.device->log(), "sync:", &failed));
  Lines(b.device->log(), "round failed", &failed);
  CHECK(failed > 0);  // the kills did land in the middle of rounds
  auto h = b.Open(b.dir.File("hub/hub.db"));
  CHECK(h->IntegrityCheck().ok());
}

TEST_CASE("Board killed mid-sync and restarted: nothing lost, nothing twice") {
  Boards b;
  b.proxy.SetRefuse(true);
  for (int i = 0; i < 400; ++i) b.Submit(i);
  b.proxy.SetRefuse(false);
  std::mt19937 rnd(11);
  for (int round = 0; round < 6; ++round) {
    b.device->Signal(SIGUSR1);
    Sleep(20 + static_cast<int>(rnd() % 150));
    b.device->Kill(SIGKILL);  // power cut at the commune, mid-push
    REQUIRE_MESSAGE(b.device->Start(), b.device->log());
  }
  REQUIRE(b.WaitSynced());
  CHECK(b.Agree() == 400);
  int stored = 0;
  MESSAGE("the hub's log:\n" << Lines(b.hub->log(), "stored", &stored));
  CHECK(stored > 1);  // the pushes spanned the kills
  auto d = b.Open(b.dir.File("dev/dev.db"));
  CHECK(d->IntegrityCheck().ok());
}

TEST_CASE(
    "HTTPS with the hub's certificate pinned, attachments arrive, a revoked board is refused") {
  Boards b(/*use_tls=*/true);
  // A form submission with a photo: the file goes up before the record.
  auto parts = GoodForm(FormToken(b.device->base_url()));
  SetPart(parts, "procedure_code", "");
  parts.push_back({"files", FakeJpeg(3000), "bien-nhan.jpg", "image/jpeg"});
  HttpResult r = PostForm(b.device->base_url(), parts);
  REQUIRE_MESSAGE(r.status == 303, r.body.substr(0, 400));
  for (int i = 0; i < 5; ++i) b.Submit(i);
  REQUIRE(b.WaitSynced());
  CHECK(b.Agree() == 6);
  auto d = b.Open(b.dir.File("dev/dev.db"));
  auto st = d->Prepare("SELECT sha256, stored_name FROM feedback_attachments");
  REQUIRE(st.ok());
  int files = 0;
  while (st->Step().value()) {
    ++files;
    std::ifstream f(b.dir.File("hub/hub-blobs/" + st->Text(0)), std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    CHECK(motcua::crypto::Sha256Hex(ss.str()) == st->Text(0));
  }
  CHECK(files == 1);

  REQUIRE(RunMotcua({"hub", "device", "revoke", b.device_id, "--config", b.dir.File("hub.conf")}) ==
          0);
  b.Submit(99);
  const int64_t before = b.AtHub();
  b.device->Signal(SIGUSR1);
  Sleep(1500);
  CHECK(b.AtHub() == before);
  CHECK(b.Pending() == 1);
  CHECK(b.device->log().find("revoked") != std::string::npos);
}

TEST_CASE("Board killed while it applies a new procedure bundle: the old list or the new, never half") {
  Boards b;
  const std::string dev_db = b.dir.File("dev/dev.db");
  int64_t listed = 0;
  for (int i = 0; i < 100 && listed == 0; ++i) {  // first contact: the first bundle comes in
    b.device->Signal(SIGUSR1);
    Sleep(100);
    listed = b.Count(dev_db, "SELECT COUNT(*) FROM procedures WHERE listed = 1");
  }
  REQUIRE(listed > 10);
  // How many different "(bản N)" marks the listed procedures carry: one list has one.
  const std::string marks =
      "SELECT COUNT(DISTINCT CASE WHEN instr(name, '(bản ') > 0 THEN substr(name, instr(name, "
      "'(bản ')) ELSE '' END) FROM procedures WHERE listed = 1";
  std::mt19937 rnd(17);
  for (int rev = 1; rev <= 6; ++rev) {
    CAPTURE(rev);
    // The province changes every name of its list: the next contact issues a new bundle.
    const std::string file = b.dir.File("list-" + std::to_string(rev) + ".jsonl");
    {
      std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/server/catalog/demo/procedures.jsonl");
      std::ofstream out(file);
      for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        json j = json::parse(line);
        j["name"] = j["name"].get<std::string>() + " (bản " + std::to_string(rev) + ")";
        out << j.dump() << "\n";
      }
    }
    std::string out;
    REQUIRE_MESSAGE(RunMotcua({"import", "--config", b.dir.File("hub.conf"), file}, &out) == 0, out);
    b.device->Signal(SIGUSR1);
    Sleep(static_cast<int>(rnd() % 120));
    b.device->Kill(SIGKILL);  // power cut at the commune, maybe mid-apply
    {
      auto d = b.Open(dev_db);
      CHECK(d->IntegrityCheck().ok());
    }
    CHECK(b.Count(dev_db, marks) == 1);
    CHECK(b.Count(dev_db, "SELECT COUNT(*) FROM procedures WHERE listed = 1") == listed);
    REQUIRE_MESSAGE(b.device->Start(), b.device->log());
  }
  // Back in touch: the board ends on the province's last list, whole.
  bool last = false;
  for (int i = 0; i < 100 && !last; ++i) {
    b.device->Signal(SIGUSR1);
    Sleep(100);
    last = b.Count(dev_db,
                   "SELECT COUNT(*) FROM procedures WHERE listed = 1 AND name LIKE '%(bản 6)'") ==
           listed;
  }
  CHECK(last);
  CHECK(b.Count(dev_db, marks) == 1);
}
