#include <cstdio>

#include "app/cli_commands.h"

namespace motcua::app {

// Replaced once the importers land.
int Import(const std::string&, const std::string&, const std::vector<std::string>&) {
  std::fprintf(stderr, "motcua: import is not available in this build\n");
  return 2;
}

}  // namespace motcua::app
