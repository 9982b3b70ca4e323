// The motcua binary under test run as an operator runs it: a command line,
// its exit status and what it printed.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "support/server_process.h"

namespace motcua::testing {

struct CliRun {
  int code = -1;    // exit status; -1 when the program did not exit normally
  std::string out;  // stdout and stderr
};

// Runs `motcua <args>` through the shell (quote arguments in `args`).
inline CliRun Motcua(const std::string& args) {
  CliRun r;
  FILE* p = popen((MotcuaBinary() + " " + args + " 2>&1").c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace motcua::testing
