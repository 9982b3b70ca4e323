// Small string checks shared by the tests.
#pragma once

#include <string>

namespace motcua::testing {

// True when `needle` occurs in `hay` (a page, a log, a command's output).
inline bool Contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

}  // namespace motcua::testing
