// The route table: method, pattern ("/thu-tuc/{code}"), who may call it, and
// the handler. Unknown paths and wrong methods are answered here, never by
// civetweb's file serving.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "web/http.h"

namespace motcua::web {

enum class Access {
  kPublic,   // anyone
  kOfficer,  // a logged-in focal officer (checked before the handler runs)
};

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Access access;
  Handler handler;
  // GET routes whose handler honours Request::cache_only (whole-page cache).
  bool page_cached = false;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);
  // A public GET page served from the whole-page cache: its handler returns
  // Response::NotCached() for a cache_only request it has no cached page for.
  void AddCachedPage(std::string pattern, Handler handler);

  struct Match {
    const Route* route = nullptr;
    bool path_known = false;  // the path exists for some other method (405)
  };
  // Fills req.params on a match.
  Match Find(Request& req) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace motcua::web
