// motcua hub key|device|bundle|communes: the province's administration of
// commune devices, run on the hub machine next to (or instead of) the
// running hub. Each opens the hub database named by the config.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/cli_commands.h"
#include "app/sync_wiring.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "crypto/signature.h"
#include "sync/communes.h"
#include "sync/files.h"
#include "sync/hub.h"
#include "sync/keys.h"

namespace motcua::app {

namespace {

struct HubFlags {
  std::string config;
  std::string db;
  std::string out;
  bool force = false;
  std::vector<std::string> args;  // after "hub": e.g. {"device", "add", "03646"}
};

bool ParseHubFlags(int argc, char** argv, HubFlags* f, std::string* err) {
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return *err = a + " needs a value", false;
      *out = argv[++i];
      return true;
    };
    if (a == "--config") {
      if (!value(&f->config)) return false;
    } else if (a == "--db") {
      if (!value(&f->db)) return false;
    } else if (a == "--out") {
      if (!value(&f->out)) return false;
    } else if (a == "--force") {
      f->force = true;
    } else if (a.rfind("--", 0) == 0) {
      return *err = "unknown option " + a, false;
    } else {
      f->args.push_back(a);
    }
  }
  return true;
}

int Fail(const Status& st) {
  std::fprintf(stderr, "motcua: %s\n", st.message().c_str());
  return st.code() == Code::kInvalidArgument || st.code() == Code::kNotFound ||
                 st.code() == Code::kAlreadyExists
             ? 2
             : 1;
}

std::string AbsolutePath(const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  char buf[4096];
  if (!getcwd(buf, sizeof buf)) return p;
  return std::string(buf) + "/" + p;
}

// The address devices are given: hub_url, else the listen address.
std::string HubUrlFor(const Config& c) {
  if (!c.sync.hub_url.empty()) return c.sync.hub_url;
  std::string host = c.sync.hub_listen.substr(0, c.sync.hub_listen.rfind(':'));
  const std::string port = c.sync.hub_listen.substr(c.sync.hub_listen.rfind(':') + 1);
  if (host == "0.0.0.0" || host == "::") {
    char name[256] = {0};
    host = gethostname(name, sizeof name - 1) == 0 ? name : "localhost";
  }
  return std::string(c.sync.hub_plain_http ? "http://" : "https://") + host + ":" + port;
}

int DeviceAdd(const Config& cfg, sync::Hub& hub, Rng& rng, const std::string& code,
              const std::string& out_dir) {
  auto creds = hub.AddDevice(code);
  if (!creds.ok()) return Fail(creds.status());
  const sync::Commune* c = sync::FindCommune(code);
  auto priv = sync::ReadFile(HubKeyPath(cfg));
  std::string pub;
  if (priv.ok()) {
    auto p = crypto::PublicKeyFromPrivate(*priv);
    if (p.ok()) pub = *p;
  }
  std::string cert;
  if (!cfg.sync.hub_plain_http) {
    auto tls = sync::LoadOrMakeHubCert(HubCertPath(cfg), HubCertKeyPath(cfg),
                                       cfg.sync.hub_tls_names, SystemClock().NowUnixMs(), rng);
    if (!tls.ok()) return Fail(tls.status());
    cert = tls->cert_pem;
  }
  const std::string dir = out_dir.empty() ? "/etc/motcua" : AbsolutePath(out_dir);
  std::string conf = "# " + c->FullName() + " (" + code + "): device " + creds->device.id + "\n";
  conf += "sync_hub = " + HubUrlFor(cfg) + "\n";
  conf += "sync_device_id = " + creds->device.id + "\n";
  conf += "sync_device_secret = " + creds->secret + "\n";
  conf += "sync_province_key_file = " + dir + "/province-key.pub.pem\n";
  if (!cert.empty()) conf += "sync_hub_cert_file = " + dir + "/hub-cert.pem\n";
  if (cfg.sync.hub_plain_http) conf += "sync_plain_http = yes\n";
  if (!out_dir.empty()) {
    Status st = sync::MakeDirs(dir);
    if (st.ok()) st = sync::WriteFileDurably(dir + "/sync.conf", conf, 0600);
    if (st.ok() && !pub.empty()) st = sync::WriteFileDurably(dir + "/province-key.pub.pem", pub);
    if (st.ok() && !cert.empty()) st = sync::WriteFileDurably(dir + "/hub-cert.pem", cert);
    if (!st.ok()) return Fail(st);
    std::printf("device %s for %s: %s/sync.conf (add its lines to the board's motcua.conf)\n",
                creds->device.id.c_str(), c->FullName().c_str(), dir.c_str());
  } else {
    std::printf("%s", conf.c_str());
    std::printf("# --- %s/province-key.pub.pem ---\n%s", dir.c_str(), pub.c_str());
    if (!cert.empty()) std::printf("# --- %s/hub-cert.pem ---\n%s", dir.c_str(), cert.c_str());
  }
  if (pub.empty()) {
    std::fprintf(stderr,
                 "motcua: warning: no province key yet (motcua hub key generate); "
                 "the board cannot check bundles without it\n");
  }
  return 0;
}

}  // namespace

int HubAdmin(int argc, char** argv) {
  HubFlags f;
  std::string err;
  if (!ParseHubFlags(argc, argv, &f, &err)) {
    std::fprintf(stderr, "motcua: %s\n", err.c_str());
    return 2;
  }
  const std::vector<std::string>& a = f.args;
  if (a.size() == 1 && a[0] == "communes") {
    for (const sync::Commune& c : sync::SonLaCommunes()) {
      std::printf("%s\t%s\n", c.code.c_str(), c.FullName().c_str());
    }
    return 0;
  }
  auto cfg = BuildConfig(f.config, f.db, "");
  if (!cfg.ok()) return Fail(cfg.status());
  cfg->sync.hub_mode = true;
  auto drbg = crypto::DrbgRng::Create("motcua-hub-cli");
  if (!drbg.ok()) return Fail(drbg.status());
  Rng& rng = **drbg;

  if (a.size() == 2 && a[0] == "key" && a[1] == "generate") {
    auto pub = sync::GenerateProvinceKey(HubKeyPath(*cfg), f.force, rng);
    if (!pub.ok()) return Fail(pub.status());
    std::printf(
        "province signing key: %s (keep it secret, back it up)\npublic key for the "
        "boards:\n%s",
        HubKeyPath(*cfg).c_str(), pub->c_str());
    return 0;
  }

  if (Status st = EnsureParentDir(cfg->db); !st.ok()) return Fail(st);
  if (Status st = EnsureDir(cfg->data_dir); !st.ok()) return Fail(st);
  SystemClock clock;
  sync::HubOptions ho;
  ho.blob_dir = cfg->data_dir + "/hub-blobs";
  if (auto key = sync::ReadFile(HubKeyPath(*cfg)); key.ok()) ho.province_private_pem = *key;
  auto hub = sync::Hub::Open(cfg->db, clock, rng, ho);
  if (!hub.ok()) return Fail(hub.status());

  if (a.size() == 3 && a[0] == "device" && a[1] == "add") {
    return DeviceAdd(*cfg, **hub, rng, a[2], f.out);
  }
  if (a.size() == 3 && a[0] == "device" && a[1] == "revoke") {
    if (Status st = (*hub)->RevokeDevice(a[2]); !st.ok()) return Fail(st);
    std::printf("device %s revoked: the hub refuses its requests from now on\n", a[2].c_str());
    return 0;
  }
  if (a.size() == 2 && a[0] == "device" && a[1] == "list") {
    auto devices = (*hub)->Devices();
    if (!devices.ok()) return Fail(devices.status());
    for (const sync::DeviceRecord& d : *devices) {
      std::printf("%s\t%s\t%s\tacked %lld\tlast contact %s\n", d.id.c_str(), d.commune.c_str(),
                  d.revoked_at ? "revoked" : "active", static_cast<long long>(d.acked_seq),
                  d.last_contact ? FormatVietnamTime(*d.last_contact).c_str() : "never");
    }
    return 0;
  }
  if ((a.size() == 1 || a.size() == 2) && a[0] == "bundle") {
    std::vector<std::string> codes;
    if (a.size() == 2) {
      codes.push_back(a[1]);
    } else {
      for (const sync::Commune& c : sync::SonLaCommunes()) codes.push_back(c.code);
    }
    for (const std::string& code : codes) {
      auto b = (*hub)->EnsureBundle(code);
      if (!b.ok()) return Fail(b.status());
      std::printf("%s\tversion %lld\t%lld procedures\tissued %s\n", code.c_str(),
                  static_cast<long long>(b->version), static_cast<long long>(b->procedures),
                  FormatVietnamTime(b->issued_at).c_str());
    }
    return 0;
  }
  std::fprintf(stderr, "motcua: unknown hub command; see motcua --help\n");
  return 2;
}

}  // namespace motcua::app
