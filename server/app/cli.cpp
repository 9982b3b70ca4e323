#include "app/cli.h"

#include <malloc.h>
#include <signal.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <fstream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/cli_commands.h"
#include "app/demo.h"
#include "core/log.h"
#include "core/sd_notify.h"
#include "core/version.h"

namespace motcua::app {

namespace {

const char kUsage[] =
    "motcua — the commune one-stop counter server (Bộ phận Một cửa)\n"
    "\n"
    "Usage:\n"
    "  motcua serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--demo]\n"
    "               [--port-file FILE]\n"
    "      Serve the public catalogue. --demo seeds an empty database with the\n"
    "      demo catalogue shipped inside the program. --listen 127.0.0.1:0 picks\n"
    "      a free port; --port-file writes the port chosen.\n"
    "  motcua import [--config FILE] [--db PATH] FILE...\n"
    "      Import procedures: the national portal's JSON lines, our own JSON\n"
    "      lines, or a publishing decision's CSV list. All files in one\n"
    "      transaction; bad rows are reported with their line and skipped;\n"
    "      exits 1 if any row was bad.\n"
    "  motcua officer add [--config FILE] [--db PATH] --username NAME --name \"Họ tên\"\n"
    "               --role commune_leader|centre_leader|centre_civil_servant\n"
    "               [--position \"Chức vụ\"] [--password-stdin]\n"
    "      Add a focal officer (the first one comes from here; later ones from the\n"
    "      app). The password is read without echo, or from stdin.\n"
    "  motcua officer list [--config FILE] [--db PATH]\n"
    "  motcua audit verify [--config FILE] [--db PATH]\n"
    "      Check the hash-chained audit log; exit 1 naming the first broken entry.\n"
    "  motcua --show-cert [--config FILE]\n"
    "      Print the HTTPS certificate's SHA-256 fingerprint (made if missing).\n"
    "  motcua backup [--config FILE] [--db PATH] [--dir DIR] [--keep N]\n"
    "      Copy the database while the server runs (SQLite online backup) to\n"
    "      DIR/motcua-YYYYMMDD-HHMMSS.db with a .sha256 beside it, after checking\n"
    "      the copy; keep the newest N (default DIR: <data_dir>/backups, N: 7).\n"
    "  motcua restore [--config FILE] [--db PATH] FILE\n"
    "      Replace the database with a backup, after checking it (checksum,\n"
    "      integrity, schema version). Stop the server first. The current\n"
    "      database is kept as PATH.before-restore.\n"
    "  motcua hub [--config FILE] [--db PATH] [--listen HOST:PORT] [--port-file FILE]\n"
    "      Run as the province hub: devices connect on hub_listen (HTTPS);\n"
    "      the port file gets the HTTP port, then the devices' port.\n"
    "  motcua hub key generate [--config FILE] [--force]\n"
    "  motcua hub device add CODE [--config FILE] [--out DIR]\n"
    "  motcua hub device revoke ID [--config FILE]\n"
    "  motcua hub device list [--config FILE]\n"
    "  motcua hub bundle [--config FILE] [CODE]\n"
    "  motcua hub communes\n"
    "      Province key, commune devices (prints what a board needs), signed\n"
    "      procedure bundles, the 75 communes of Sơn La. See README, Sync.\n"
    "  motcua --help | --version\n";

struct Flags {
  std::string config;
  std::string db;
  std::string listen;
  std::string port_file;
  std::string dir;   // backup
  std::string keep;  // backup
  bool demo = false;
  std::vector<std::string> files;
};

// Parses flags after the command; returns false with a message on error.
bool ParseFlags(int argc, char** argv, int first, Flags* f, std::string* err) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *err = a + " needs a value";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    if (a == "--config") {
      if (!value(&f->config)) return false;
    } else if (a == "--db") {
      if (!value(&f->db)) return false;
    } else if (a == "--listen") {
      if (!value(&f->listen)) return false;
    } else if (a == "--port-file") {
      if (!value(&f->port_file)) return false;
    } else if (a == "--dir") {
      if (!value(&f->dir)) return false;
    } else if (a == "--keep") {
      if (!value(&f->keep)) return false;
    } else if (a == "--demo") {
      f->demo = true;
    } else if (a.rfind("--", 0) == 0) {
      *err = "unknown option " + a;
      return false;
    } else {
      f->files.push_back(a);
    }
  }
  return true;
}

log::Level ParseLevel(const std::string& s) {
  if (s == "debug") return log::Level::kDebug;
  if (s == "warn") return log::Level::kWarn;
  if (s == "error") return log::Level::kError;
  return log::Level::kInfo;
}

}  // namespace

Result<Config> BuildConfig(const std::string& config_path, const std::string& db,
                           const std::string& listen) {
  Config cfg;
  if (!config_path.empty()) RETURN_IF_ERROR(LoadConfigFile(config_path, &cfg));
  if (!db.empty()) RETURN_IF_ERROR(ApplySetting("db", db, "--db", &cfg));
  if (!listen.empty()) RETURN_IF_ERROR(ApplySetting("listen", listen, "--listen", &cfg));
  RETURN_IF_ERROR(ValidateConfig(cfg));
  log::SetLevel(ParseLevel(cfg.log_level));
  return cfg;
}

static int Serve(const Flags& flags, bool hub = false) {
  auto cfg = BuildConfig(flags.config, flags.db, flags.listen);
  if (cfg.ok() && hub) {
    cfg->sync.hub_mode = true;
    if (Status st = sync::ValidateSyncConfig(cfg->sync); !st.ok()) cfg = st;
  }
  if (!cfg.ok()) {
    std::fprintf(stderr, "motcua: %s\n", cfg.status().message().c_str());
    return 2;
  }
  if (flags.demo) {
    // A demo counter's identity, clearly marked, where the config gave none.
    if (cfg->site.commune == web::SiteInfo().commune) cfg->site.commune = "Xã Mẫu (dữ liệu minh hoạ)";
    if (cfg->site.address.empty()) cfg->site.address = "Bản Mẫu, xã Mẫu, tỉnh Sơn La";
    if (cfg->site.phone.empty()) cfg->site.phone = "0212 3800 000";
    if (cfg->site.email.empty()) cfg->site.email = "motcua@xamau.example";
  }
  if (cfg->malloc_arena_max > 0) mallopt(M_ARENA_MAX, cfg->malloc_arena_max);

  // Block the stop signals before any thread starts, then wait for them here.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGUSR1);  // "sync now" (as the officers' button)
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  auto app = App::Start(*cfg, clock);
  if (!app.ok()) {
    std::fprintf(stderr, "motcua: cannot start: %s\n", app.status().ToString().c_str());
    return app.status().code() == Code::kCorrupt ? 3 : 1;  // 3: damaged database
  }
  if (flags.demo && (*app)->catalog().size() == 0) {
    auto demo = DemoProcedures();
    if (!demo.ok()) {
      std::fprintf(stderr, "motcua: %s\n", demo.status().ToString().c_str());
      return 1;
    }
    auto st = (*app)->catalog().Import(*demo);
    if (!st.ok()) {
      std::fprintf(stderr, "motcua: demo import: %s\n", st.status().ToString().c_str());
      return 1;
    }
    log::Info("seeded the demo catalogue: " + std::to_string(st->added) + " procedures");
  }
  const std::vector<int> ports = (*app)->Ports();
  if (!flags.port_file.empty() && !ports.empty()) {
    // Second line: the HTTPS port (0 when off), for tests and scripts.
    std::ofstream pf(flags.port_file + ".tmp");
    pf << ports[0] << "\n" << (*app)->HttpsPort() << "\n";
    // Third line, in hub mode: the port devices connect to.
    if ((*app)->sync().hub_port() > 0) pf << (*app)->sync().hub_port() << "\n";
    pf.close();
    std::rename((flags.port_file + ".tmp").c_str(), flags.port_file.c_str());
  }
  std::printf("motcua %s: http://%s/\n", kVersion,
              cfg->listen.substr(0, cfg->listen.rfind(':') + 1)
                  .append(ports.empty() ? "?" : std::to_string(ports[0]))
                  .c_str());
  std::fflush(stdout);
  SdNotify("READY=1\nSTATUS=serving");

  // systemd watchdog: ping at half the interval, but only while the database
  // still answers, so a wedged server is restarted rather than kept alive.
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread watchdog;
  const int64_t interval_ms = SdWatchdogIntervalMs();
  if (interval_ms > 0) {
    App* a = app->get();
    watchdog = std::thread([&, a]() {
      std::unique_lock<std::mutex> lock(mu);
      while (!cv.wait_for(lock, std::chrono::milliseconds(interval_ms / 2),
                          [&] { return stopping; })) {
        if (a->catalog().Ping().ok()) SdNotify("WATCHDOG=1");
      }
    });
  }
  int sig = 0;
  while (sigwait(&stop, &sig) == 0 && sig == SIGUSR1) (*app)->sync().SyncNow();
  log::Info(std::string("stopping on signal ") + std::to_string(sig));
  SdNotify("STOPPING=1");
  {
    std::lock_guard<std::mutex> lock(mu);
    stopping = true;
  }
  cv.notify_all();
  if (watchdog.joinable()) watchdog.join();
  app->reset();
  return 0;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::printf("motcua %s\n", kVersion);
    return 0;
  }
  if (cmd == "--show-cert") return ShowCert(argc, argv);
  if (cmd == "officer") return OfficerCommand(argc, argv);
  if (cmd == "audit") return AuditCommand(argc, argv);
  if (cmd == "hub" && argc > 2 && argv[2][0] != '-') return HubAdmin(argc, argv);
  Flags flags;
  std::string err;
  if (!ParseFlags(argc, argv, 2, &flags, &err)) {
    std::fprintf(stderr, "motcua: %s\n\n%s", err.c_str(), kUsage);
    return 2;
  }
  if (cmd == "serve") {
    if (!flags.files.empty()) {
      std::fprintf(stderr, "motcua: serve takes no file arguments\n");
      return 2;
    }
    return Serve(flags);
  }
  if (cmd == "import") return Import(flags.config, flags.db, flags.files);
  if (cmd == "backup") return Backup(flags.config, flags.db, flags.dir, flags.keep, flags.files);
  if (cmd == "restore") return Restore(flags.config, flags.db, flags.files);
  if (cmd == "hub") {
    if (!flags.files.empty() || flags.demo) {
      std::fprintf(stderr, "motcua: hub takes no file arguments and no --demo\n");
      return 2;
    }
    return Serve(flags, /*hub=*/true);
  }
  std::fprintf(stderr, "motcua: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
  return 2;
}

}  // namespace motcua::app
