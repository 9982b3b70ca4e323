#include "web/router.h"

namespace motcua::web {

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

void Router::AddCachedPage(std::string pattern, Handler handler) {
  routes_.push_back({"GET", std::move(pattern), Access::kPublic, std::move(handler), true});
}

namespace {
// Matches "/a/{x}/b" against "/a/42/b"; a {param} takes one non-empty segment.
bool MatchPattern(const std::string& pattern, const std::string& path,
                  std::map<std::string, std::string>* params) {
  size_t pi = 0, si = 0;
  std::map<std::string, std::string> found;
  while (pi < pattern.size() && si <= path.size()) {
    if (pattern[pi] == '{') {
      size_t close = pattern.find('}', pi);
      std::string name = pattern.substr(pi + 1, close - pi - 1);
      size_t end = path.find('/', si);
      if (end == std::string::npos) end = path.size();
      if (end == si) return false;
      found[name] = path.substr(si, end - si);
      si = end;
      pi = close + 1;
    } else {
      if (si >= path.size() || pattern[pi] != path[si]) return false;
      ++pi;
      ++si;
    }
  }
  if (pi != pattern.size() || si != path.size()) return false;
  *params = std::move(found);
  return true;
}
}  // namespace

Router::Match Router::Find(Request& req) const {
  Match m;
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchPattern(r.pattern, req.path, &params)) continue;
    if (r.method != method) {
      m.path_known = true;
      continue;
    }
    req.params = std::move(params);
    m.route = &r;
    return m;
  }
  return m;
}

}  // namespace motcua::web
