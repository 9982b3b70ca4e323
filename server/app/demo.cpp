#include "app/demo.h"

#include <cstddef>
#include <string_view>

#include "domain/procedure_json.h"

namespace motcua::app {

extern const unsigned char kDemoProcedures[];
extern const size_t kDemoProceduresSize;

Result<std::vector<domain::Procedure>> DemoProcedures() {
  std::string_view all(reinterpret_cast<const char*>(kDemoProcedures), kDemoProceduresSize);
  std::vector<domain::Procedure> out;
  size_t i = 0;
  int line = 0;
  while (i < all.size()) {
    size_t nl = all.find('\n', i);
    if (nl == std::string_view::npos) nl = all.size();
    ++line;
    std::string_view l = all.substr(i, nl - i);
    i = nl + 1;
    if (l.find_first_not_of(" \r\t") == std::string_view::npos) continue;
    auto p = domain::ProcedureFromJsonString(l);
    if (!p.ok()) return Internal("demo catalogue line " + std::to_string(line) + ": " +
                                 p.status().message());
    out.push_back(std::move(p).value());
  }
  return out;
}

}  // namespace motcua::app
