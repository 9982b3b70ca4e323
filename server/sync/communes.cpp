#include "sync/communes.h"

#include <cstdlib>

#include "core/log.h"

namespace motcua::sync {

extern const char kCommunesCsv[];

namespace {

std::vector<Commune> Parse() {
  std::vector<Commune> out;
  std::string_view text(kCommunesCsv);
  bool header_seen = false;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {  // "code,kind,name"
      header_seen = true;
      continue;
    }
    size_t a = line.find(','), b = line.find(',', a + 1);
    if (a == std::string_view::npos || b == std::string_view::npos) {
      // The file is part of the program: a bad line is a build mistake.
      log::Error("communes.csv: bad line: " + std::string(line));
      std::abort();
    }
    out.push_back({std::string(line.substr(0, a)), std::string(line.substr(a + 1, b - a - 1)),
                   std::string(line.substr(b + 1))});
  }
  return out;
}

}  // namespace

const std::vector<Commune>& SonLaCommunes() {
  static const std::vector<Commune> kAll = Parse();
  return kAll;
}

const Commune* FindCommune(std::string_view code) {
  for (const Commune& c : SonLaCommunes()) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

}  // namespace motcua::sync
