// Starts the real `motcua` binary on a free loopback port and stops it; the
// integration tests talk to it over real HTTP (libcurl).
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace motcua::testing {

class ServerProcess {
 public:
  // `args` follow "motcua serve"; --listen 127.0.0.1:0 and --port-file are added.
  // It runs in a directory of its own: relative paths (data_dir "data") land there.
  explicit ServerProcess(std::vector<std::string> args, std::map<std::string, std::string> env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The command run instead of "serve" (e.g. "hub").
  void set_command(std::string command) { command_ = std::move(command); }
  // Starts and waits (up to timeout_ms) until the port file appears. False on failure.
  bool Start(int timeout_ms = 10000);
  void Kill(int sig = SIGKILL);  // hard stop (power cut)
  void Signal(int sig) const { if (pid_ > 0) kill(pid_, sig); }  // e.g. SIGUSR1, no wait
  int Stop();                    // SIGTERM and wait; returns the exit status
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // The HTTPS front's port (second line of the port file), 0 when off.
  int https_port() const { return https_port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const;  // stderr+stdout so far
  pid_t pid() const { return pid_; }

  // A cgroup.procs file the server joins before it starts (a memory limit
  // from its first allocation on); empty: none.
  std::string join_cgroup;
  // Every port in the port file: HTTP, HTTPS (0 when off), then in
  // `motcua hub` the port devices connect to.
  std::vector<int> ports() const;

 private:
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::string command_ = "serve";
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int https_port_ = 0;
};

struct HttpResult {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names, last value wins
  std::string error;                           // transport error, if any
};

struct HttpOptions {
  std::vector<std::string> headers;  // "Name: value"
  bool path_as_is = false;
  long timeout_ms = 10000;
  std::string cookie_jar;  // file; empty = no cookies kept
  std::string ca_file;     // for HTTPS
  bool head = false;
};

HttpResult HttpGet(const std::string& url, const HttpOptions& opt = {});
HttpResult HttpPost(const std::string& url, const std::string& body,
                    const std::string& content_type, const HttpOptions& opt = {});
HttpResult HttpRequest(const std::string& method, const std::string& url, const std::string& body,
                       const std::string& content_type, const HttpOptions& opt = {});

// Path of the motcua binary under test (set by CMake).
std::string MotcuaBinary();

}  // namespace motcua::testing
