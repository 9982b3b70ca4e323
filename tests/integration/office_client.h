// Helpers for the back-office integration tests: a server with one focal
// officer made by `motcua officer add`, logging in through the real login
// form with a cookie jar, reading CSRF tokens out of pages.
#pragma once

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "store/db.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace motcua::testing {

inline constexpr char kOfficerPassword[] = "mat-khau-can-bo-1";

// Runs the motcua binary with `args`, feeding `input` on stdin; returns the
// exit status and collects stdout+stderr in *output.
inline int RunMotcua(const std::string& args, const std::string& input, std::string* output) {
  const std::string cmd = MotcuaBinary() + " " + args + " 2>&1";
  if (input.empty()) {
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) *output += buf;
    return WEXITSTATUS(pclose(p));
  }
  const std::string out_file = std::string("/tmp/motcua-cli-") + std::to_string(getpid());
  FILE* p = popen((cmd + " > " + out_file).c_str(), "w");
  if (!p) return -1;
  std::fputs(input.c_str(), p);
  const int rc = WEXITSTATUS(pclose(p));
  std::ifstream in(out_file);
  std::string line;
  while (std::getline(in, line)) *output += line + "\n";
  std::remove(out_file.c_str());
  return rc;
}

struct OfficeServer {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;

  explicit OfficeServer(bool https = false, const std::string& extra_config = "",
                        const std::string& listen = "127.0.0.1:0") {
    {
      std::ofstream conf(Conf());
      conf << "data_dir = " << dir.File("data") << "\n"
           << "db = " << dir.File("data/motcua.db") << "\n"
           << "pbkdf2_iterations = 10000\n"  // the config's floor: quick tests
           << "feedback_rate_limit = 0\nlookup_rate_limit = 0\n"
           << (https ? "https_listen = 127.0.0.1:0\n" : "") << extra_config;
    }
    std::string out;
    const int rc = RunMotcua("officer add --config " + Conf() +
                                 " --username lan --name 'Lò Thị Lan' --role centre_civil_servant "
                                 "--position 'Công chức Trung tâm' --password-stdin",
                             std::string(kOfficerPassword) + "\n", &out);
    REQUIRE_MESSAGE(rc == 0, out);
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--demo", "--config", Conf(), "--listen", listen});
    REQUIRE_MESSAGE(server->Start(), server->log());
  }
  std::string Conf() const { return dir.File("motcua.conf"); }
  std::string Url(const std::string& path) const { return server->base_url() + path; }
  std::string HttpsUrl(const std::string& path) const {
    return "https://localhost:" + std::to_string(server->https_port()) + path;
  }
  std::string CertFile() const { return dir.File("data/tls/device-cert.pem"); }
  std::unique_ptr<store::Db> Db() const {
    auto db = store::Db::Open(dir.File("data/motcua.db"));
    REQUIRE_MESSAGE(db.ok(), db.status().ToString());
    return std::move(db).value();
  }
};

inline std::string Find(const std::string& body, const std::string& pattern) {
  std::smatch m;
  const std::regex re(pattern);
  if (!std::regex_search(body, m, re)) return "";
  return m[1];
}

// A browser-like client: one cookie jar, optional pinned CA.
struct Browser {
  std::string jar;
  std::string ca_file;
  explicit Browser(const TempDir& dir, const std::string& name = "jar", std::string ca = "")
      : jar(dir.File(name)), ca_file(std::move(ca)) {}
  HttpOptions Opt() const {
    HttpOptions o;
    o.cookie_jar = jar;
    o.ca_file = ca_file;
    return o;
  }
  HttpResult Get(const std::string& url) const { return HttpGet(url, Opt()); }
  HttpResult Post(const std::string& url, const std::string& form) const {
    return HttpPost(url, form, "application/x-www-form-urlencoded", Opt());
  }
  // Loads the login form, then posts it. Returns the POST's result.
  HttpResult Login(const std::string& base, const std::string& user, const std::string& pass) const {
    HttpResult page = Get(base + "/can-bo/dang-nhap");
    const std::string token = Find(page.body, "name=\"login_token\" value=\"([^\"]+)\"");
    return Post(base + "/can-bo/dang-nhap",
                "login_token=" + token + "&username=" + user + "&password=" + pass);
  }
  // The CSRF token of the forms on `url`.
  std::string Csrf(const std::string& url) const {
    return Find(Get(url).body, "name=\"csrf\" value=\"([^\"]+)\"");
  }
  // The session token in the jar (HttpOnly cookies are stored as #HttpOnly_).
  std::string SessionCookie() const {
    std::ifstream in(jar);
    std::string line, token;
    while (std::getline(in, line)) {
      const size_t tab = line.rfind('\t');
      if (line.find("\tmotcua_sid\t") != std::string::npos && tab != std::string::npos)
        token = line.substr(tab + 1);
    }
    return token;
  }
};

}  // namespace motcua::testing
