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
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Access access, Handler handler);

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
