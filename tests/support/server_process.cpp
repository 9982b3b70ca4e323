#include "support/server_process.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace motcua::testing {

std::string MotcuaBinary() { return MOTCUA_BINARY; }

ServerProcess::ServerProcess(std::vector<std::string> args, std::map<std::string, std::string> env)
    : args_(std::move(args)), env_(std::move(env)) {
  char tmpl[] = "/tmp/motcua-srv-XXXXXX";
  char* p = mkdtemp(tmpl);
  dir_ = p ? p : "/tmp";
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Kill(SIGKILL);
  std::system(("rm -rf '" + dir_ + "'").c_str());
}

bool ServerProcess::Start(int timeout_ms) {
  const std::string port_file = dir_ + "/port";
  const std::string log_file = dir_ + "/log";
  unlink(port_file.c_str());
  std::vector<std::string> argv_s = {MotcuaBinary(), command_};
  for (const auto& a : args_) argv_s.push_back(a);
  bool has_listen = false;
  for (const auto& a : args_) has_listen |= a == "--listen";
  if (!has_listen) {
    argv_s.push_back("--listen");
    argv_s.push_back("127.0.0.1:0");
  }
  argv_s.push_back("--port-file");
  argv_s.push_back(port_file);
  pid_ = fork();
  if (pid_ == 0) {
    int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& [k, v] : env_) setenv(k.c_str(), v.c_str(), 1);
    // Relative paths (the default data_dir "data", its attachments, which a
    // server empties at start) land in this server's own directory, not one
    // shared by every test running at the same time.
    if (chdir(dir_.c_str()) != 0) _exit(125);
    if (!join_cgroup.empty()) {
      const int cg = open(join_cgroup.c_str(), O_WRONLY);
      const std::string me = std::to_string(getpid());
      if (cg < 0 || write(cg, me.data(), me.size()) != static_cast<ssize_t>(me.size())) _exit(126);
      close(cg);
    }
    std::vector<char*> argv;
    for (auto& s : argv_s) argv.push_back(s.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (pid_ < 0) {  // waitpid(-1) below would wait for any child: stop here
    const int err = errno;
    std::ofstream(log_file, std::ios::app) << "ServerProcess: fork: " << std::strerror(err) << "\n";
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = port;
      if (!(in >> https_port_)) https_port_ = 0;
      return true;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void ServerProcess::Kill(int sig) {
  if (pid_ <= 0) return;
  kill(pid_, sig);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<int> ServerProcess::ports() const {
  std::ifstream in(dir_ + "/port");
  std::vector<int> out;
  int p = 0;
  while (in >> p) out.push_back(p);
  return out;
}

std::string ServerProcess::log() const {
  std::ifstream in(dir_ + "/log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

size_t OnBody(char* p, size_t size, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, size * n);
  return size * n;
}

size_t OnHeader(char* p, size_t size, size_t n, void* ud) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(ud);
  std::string line(p, size * n);
  size_t colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    (*headers)[name] = value;
  }
  return size * n;
}

}  // namespace

HttpResult HttpRequest(const std::string& method, const std::string& url, const std::string& body,
                       const std::string& content_type, const HttpOptions& opt) {
  HttpResult r;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, opt.timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  if (opt.path_as_is) curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  if (!opt.cookie_jar.empty()) {
    curl_easy_setopt(c, CURLOPT_COOKIEFILE, opt.cookie_jar.c_str());
    curl_easy_setopt(c, CURLOPT_COOKIEJAR, opt.cookie_jar.c_str());
  }
  if (!opt.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, opt.ca_file.c_str());
  struct curl_slist* hs = nullptr;
  for (const auto& h : opt.headers) hs = curl_slist_append(hs, h.c_str());
  if (!content_type.empty()) hs = curl_slist_append(hs, ("Content-Type: " + content_type).c_str());
  if (hs) curl_easy_setopt(c, CURLOPT_HTTPHEADER, hs);
  if (opt.head) {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (!body.empty()) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
  }
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) r.error = curl_easy_strerror(rc);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  curl_slist_free_all(hs);
  curl_easy_cleanup(c);
  return r;
}

HttpResult HttpGet(const std::string& url, const HttpOptions& opt) {
  return HttpRequest("GET", url, "", "", opt);
}

HttpResult HttpPost(const std::string& url, const std::string& body,
                    const std::string& content_type, const HttpOptions& opt) {
  return HttpRequest("POST", url, body, content_type, opt);
}

}  // namespace motcua::testing
