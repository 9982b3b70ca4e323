// A memory cgroup with a hard limit for one test: made under this process's
// own cgroup (cgroup v1 memory controller, or v2 where it is delegated),
// removed when the object goes. Needs root or a delegated cgroup; Create
// says why not otherwise, so the test can skip.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace motcua::testing {

class MemoryCgroup {
 public:
  // A new group limited to `limit_bytes` of memory (swap included where the
  // kernel accounts it). Null, with `why_not` set, when it cannot be made.
  static std::unique_ptr<MemoryCgroup> Create(int64_t limit_bytes, std::string* why_not);
  ~MemoryCgroup();
  MemoryCgroup(const MemoryCgroup&) = delete;
  MemoryCgroup& operator=(const MemoryCgroup&) = delete;

  // Write a pid here to put the process in the group (ServerProcess::join_cgroup).
  std::string procs_file() const { return dir_ + "/cgroup.procs"; }
  const std::string& dir() const { return dir_; }
  bool v2() const { return v2_; }
  int64_t UsageBytes() const;  // now, page cache included
  int64_t PeakBytes() const;   // highest since creation (-1 if the kernel does not say)
  int64_t OomKills() const;    // processes the limit killed

 private:
  MemoryCgroup(std::string dir, bool v2) : dir_(std::move(dir)), v2_(v2) {}
  std::string dir_;
  bool v2_;
};

}  // namespace motcua::testing
