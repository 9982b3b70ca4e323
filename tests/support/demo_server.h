// A `motcua serve --demo` (the demo catalogue) on its own database in a
// temporary folder, started when made; integration tests share one per file.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "support/server_process.h"
#include "support/temp_dir.h"

namespace motcua::testing {

struct DemoServer {
  TempDir dir;
  ServerProcess server{{"--demo", "--db", dir.File("demo.db")}};
  DemoServer() { REQUIRE_MESSAGE(server.Start(), server.log()); }
  std::string Url(const std::string& path) const { return server.base_url() + path; }
};

}  // namespace motcua::testing
