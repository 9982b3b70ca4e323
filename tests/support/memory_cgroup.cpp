#include "support/memory_cgroup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace motcua::testing {

namespace {

bool WriteFile(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  return static_cast<bool>(out);
}

int64_t ReadNumber(const std::string& path) {
  std::ifstream in(path);
  int64_t n = -1;
  if (!(in >> n)) return -1;
  return n;
}

// "key value" lines (memory.events, memory.oom_control).
int64_t ReadKey(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string k;
  int64_t v;
  while (in >> k >> v)
    if (k == key) return v;
  return 0;
}

// This process's path in the hierarchy whose controller list contains
// `controller` ("" for the v2 unified line "0::/path").
std::string OwnPath(const std::string& controller) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string ctrls = line.substr(a + 1, b - a - 1);
    bool match = controller.empty() ? ctrls.empty() : false;
    std::stringstream ss(ctrls);
    std::string c;
    while (!controller.empty() && std::getline(ss, c, ','))
      if (c == controller) match = true;
    if (match) return line.substr(b + 1);
  }
  return "";
}

bool IsDir(const std::string& p) {
  struct stat sb;
  return stat(p.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode);
}

}  // namespace

std::unique_ptr<MemoryCgroup> MemoryCgroup::Create(int64_t limit_bytes, std::string* why_not) {
  const std::string name = "/motcua-memtest-" + std::to_string(getpid());
  const std::string limit = std::to_string(limit_bytes);
  // cgroup v1: the memory controller's own hierarchy.
  const std::string v1 = OwnPath("memory");
  if (!v1.empty() && IsDir("/sys/fs/cgroup/memory")) {
    std::string dir = "/sys/fs/cgroup/memory" + (v1 == "/" ? "" : v1) + name;
    if (mkdir(dir.c_str(), 0755) == 0 || IsDir(dir)) {
      std::unique_ptr<MemoryCgroup> g(new MemoryCgroup(dir, false));
      if (WriteFile(dir + "/memory.limit_in_bytes", limit)) {
        WriteFile(dir + "/memory.memsw.limit_in_bytes", limit);  // absent without swap accounting
        return g;
      }
      *why_not = "cannot set " + dir + "/memory.limit_in_bytes";
      return nullptr;
    }
    *why_not = "cannot create " + dir;
  }
  // cgroup v2: only where memory is delegated to our group's children.
  const std::string v2 = OwnPath("");
  for (const char* root : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
    const std::string parent = std::string(root) + (v2 == "/" ? "" : v2);
    std::ifstream ctl(parent + "/cgroup.subtree_control");
    std::string ctrls((std::istreambuf_iterator<char>(ctl)), std::istreambuf_iterator<char>());
    if (ctrls.find("memory") == std::string::npos) continue;
    const std::string dir = parent + name;
    if (mkdir(dir.c_str(), 0755) != 0 && !IsDir(dir)) continue;
    std::unique_ptr<MemoryCgroup> g(new MemoryCgroup(dir, true));
    if (WriteFile(dir + "/memory.max", limit)) {
      WriteFile(dir + "/memory.swap.max", "0");
      return g;
    }
  }
  if (why_not->empty()) *why_not = "no writable memory cgroup (not root, or not delegated)";
  return nullptr;
}

MemoryCgroup::~MemoryCgroup() {
  // The group can go once its processes have exited; they may take a moment.
  for (int i = 0; i < 100 && rmdir(dir_.c_str()) != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

int64_t MemoryCgroup::UsageBytes() const {
  return ReadNumber(dir_ + (v2_ ? "/memory.current" : "/memory.usage_in_bytes"));
}

int64_t MemoryCgroup::PeakBytes() const {
  return ReadNumber(dir_ + (v2_ ? "/memory.peak" : "/memory.max_usage_in_bytes"));
}

int64_t MemoryCgroup::OomKills() const {
  return v2_ ? ReadKey(dir_ + "/memory.events", "oom_kill")
             : ReadKey(dir_ + "/memory.oom_control", "oom_kill");
}

}  // namespace motcua::testing
