// motcua officer add | list, motcua audit verify, motcua --show-cert.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli_commands.h"
#include "app/app.h"
#include "app/device_cert.h"
#include "crypto/cert.h"
#include "crypto/random.h"
#include "domain/audit_chain.h"
#include "office/office.h"
#include "store/db.h"
#include "store/feedback_repo.h"
#include "store/migrations.h"

namespace motcua::app {

namespace {

struct OfficeFlags {
  std::string config, db, username, name, role, position;
  bool password_stdin = false;
};

bool ParseOfficeFlags(int argc, char** argv, int first, OfficeFlags* f, std::string* err) {
  for (int i = first; i < argc; ++i) {
    const std::string a = argv[i];
    std::string* target = nullptr;
    if (a == "--config") target = &f->config;
    else if (a == "--db") target = &f->db;
    else if (a == "--username") target = &f->username;
    else if (a == "--name") target = &f->name;
    else if (a == "--role") target = &f->role;
    else if (a == "--position") target = &f->position;
    else if (a == "--password-stdin") {
      f->password_stdin = true;
      continue;
    } else {
      *err = "unknown argument " + a;
      return false;
    }
    if (i + 1 >= argc) {
      *err = a + " needs a value";
      return false;
    }
    *target = argv[++i];
  }
  return true;
}

// Reads a line from the terminal without echo; false when there is none.
bool ReadHidden(const char* prompt, std::string* out) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (!tty) return false;
  const int fd = fileno(tty);
  termios old{};
  if (tcgetattr(fd, &old) != 0) {
    std::fclose(tty);
    return false;
  }
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  std::fputs(prompt, tty);
  std::fflush(tty);
  tcsetattr(fd, TCSAFLUSH, &quiet);
  char buf[512];
  const bool ok = std::fgets(buf, sizeof buf, tty) != nullptr;
  tcsetattr(fd, TCSAFLUSH, &old);
  std::fputs("\n", tty);
  std::fclose(tty);
  if (!ok) return false;
  *out = buf;
  while (!out->empty() && (out->back() == '\n' || out->back() == '\r')) out->pop_back();
  return true;
}

int Fail(const std::string& msg, int code = 1) {
  std::fprintf(stderr, "motcua: %s\n", msg.c_str());
  return code;
}

int OfficerAdd(const OfficeFlags& f) {
  auto cfg = BuildConfig(f.config, f.db, "");
  if (!cfg.ok()) return Fail(cfg.status().message(), 2);
  auto role = domain::ParseOfficerRoleKey(f.role);
  if (f.username.empty() || f.name.empty() || !role) {
    return Fail("officer add needs --username, --name and --role "
                "(commune_leader, centre_leader or centre_civil_servant)",
                2);
  }
  std::string password;
  if (f.password_stdin) {
    if (!std::getline(std::cin, password)) return Fail("no password on standard input", 2);
    while (!password.empty() && password.back() == '\r') password.pop_back();
  } else {
    std::string again;
    if (!ReadHidden("Mật khẩu (password): ", &password) ||
        !ReadHidden("Nhập lại (again): ", &again)) {
      return Fail("no terminal to read the password from; use --password-stdin", 2);
    }
    if (password != again) return Fail("the two passwords differ");
  }
  Status dir = EnsureParentDir(cfg->db);
  if (!dir.ok()) return Fail(dir.ToString());
  SystemClock clock;
  auto rng = crypto::DrbgRng::Create("motcua-cli");
  if (!rng.ok()) return Fail(rng.status().ToString());
  office::OfficeOptions opt;
  opt.pbkdf2_iterations = cfg->pbkdf2_iterations;
  auto office = office::Office::Open(cfg->db, clock, **rng, opt);
  if (!office.ok()) return Fail(office.status().ToString());
  office::NewOfficer o{f.username, f.name, *role, f.position, password};
  const char* user = std::getenv("USER");
  office::Actor cli{0, std::string("cli:") + (user ? user : "root"), "", ""};
  auto id = (*office)->AddOfficer(o, cli);
  if (!id.ok()) return Fail(id.status().message());
  std::printf("officer %s added (id %lld, role %s)\n", f.username.c_str(),
              static_cast<long long>(*id), domain::OfficerRoleKey(*role));
  return 0;
}

int OfficerList(const OfficeFlags& f) {
  auto cfg = BuildConfig(f.config, f.db, "");
  if (!cfg.ok()) return Fail(cfg.status().message(), 2);
  auto db = store::Db::Open(cfg->db);
  if (!db.ok()) return Fail(db.status().ToString());
  Status m = store::Migrate(**db);
  if (!m.ok()) return Fail(m.ToString());
  auto rows = store::ActiveOfficers(**db);
  if (!rows.ok()) return Fail(rows.status().ToString());
  for (const auto& o : *rows)
    std::printf("%-20s %-22s %s (since %s)\n", o.username.c_str(), o.role.c_str(),
                o.full_name.c_str(), o.added_on.c_str());
  if (rows->empty()) std::printf("no focal officers yet: motcua officer add ...\n");
  return 0;
}

}  // namespace

int OfficerCommand(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  OfficeFlags f;
  std::string err;
  if (!ParseOfficeFlags(argc, argv, 3, &f, &err)) return Fail(err, 2);
  if (sub == "add") return OfficerAdd(f);
  if (sub == "list") return OfficerList(f);
  return Fail("usage: motcua officer add|list [--config FILE] [--db PATH] ...", 2);
}

int AuditCommand(int argc, char** argv) {
  const std::string sub = argc > 2 ? argv[2] : "";
  OfficeFlags f;
  std::string err;
  if (sub != "verify" || !ParseOfficeFlags(argc, argv, 3, &f, &err))
    return Fail("usage: motcua audit verify [--config FILE] [--db PATH]", 2);
  auto cfg = BuildConfig(f.config, f.db, "");
  if (!cfg.ok()) return Fail(cfg.status().message(), 2);
  store::DbOptions ro;
  ro.read_only = true;
  auto db = store::Db::Open(cfg->db, ro);
  if (!db.ok()) return Fail(db.status().ToString());
  auto entries = store::AuditEntries(**db);
  if (!entries.ok()) return Fail(entries.status().ToString());
  std::string why;
  auto bad = domain::VerifyChain(*entries, {}, &why);
  if (!bad.ok()) return Fail(bad.status().ToString());
  if (*bad < 0) {
    std::printf("audit log: %zu entries, every link holds; last hash %s\n", entries->size(),
                entries->empty() ? std::string(domain::kGenesisHash).c_str()
                                 : entries->back().hash.c_str());
    return 0;
  }
  std::printf("audit log: BROKEN at entry %lld of %zu: %s\n", static_cast<long long>(*bad),
              entries->size(), why.c_str());
  return 1;
}

int ShowCert(int argc, char** argv) {
  OfficeFlags f;
  std::string err;
  if (!ParseOfficeFlags(argc, argv, 2, &f, &err)) return Fail(err, 2);
  auto cfg = BuildConfig(f.config, f.db, "");
  if (!cfg.ok()) return Fail(cfg.status().message(), 2);
  SystemClock clock;
  auto rng = crypto::DrbgRng::Create("motcua-cert");
  if (!rng.ok()) return Fail(rng.status().ToString());
  auto cert = LoadOrMakeDeviceCert(*cfg, clock, **rng);
  if (!cert.ok()) return Fail(cert.status().ToString());
  auto pin = crypto::CertSpkiSha256Base64(cert->cert_pem);
  std::printf("certificate: %s%s\nSHA-256 fingerprint: %s\n", cert->cert_path.c_str(),
              cert->created ? " (made just now)" : "", cert->fingerprint.c_str());
  if (pin.ok()) std::printf("SPKI pin (base64 SHA-256): %s\n", pin->c_str());
  return 0;
}

}  // namespace motcua::app
