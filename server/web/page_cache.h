// Whole rendered pages, keyed by what they depend on (path, query, catalogue
// version, today's date). The common path then costs about what a static
// file costs. Bounded in bytes; cleared when the catalogue changes.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "web/http.h"

namespace motcua::web {

class PageCache {
 public:
  explicit PageCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The cached response (sharing its bytes), or nullopt.
  std::optional<Response> Get(const std::string& key) const;
  // Stores `resp` with a gzip body added; returns what to send.
  Response Put(const std::string& key, Response resp);
  void Clear();
  size_t bytes() const;
  size_t entries() const;

 private:
  size_t max_bytes_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Response> map_;  // bodies in shared_*
  size_t bytes_ = 0;
};

}  // namespace motcua::web
