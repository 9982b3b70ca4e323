// Files under static/, read once at start and served from memory: no path
// ever reaches the file system, so nothing can escape the folder.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "web/http.h"

namespace motcua::web {

class StaticFiles {
 public:
  // Reads every regular file below `dir` (one level of subfolders), at most
  // `max_total_bytes` in all.
  static Result<std::unique_ptr<StaticFiles>> Load(const std::string& dir,
                                                   size_t max_total_bytes = 8 << 20);
  // `path` is the part after "/static/". nullopt when unknown.
  std::optional<Response> Serve(const std::string& path, const Request& req) const;
  size_t count() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzip_body;  // null when not worth it
    std::string etag;
  };
  std::map<std::string, File> files_;
};

// gzip (RFC 1952) of `data` at the best compression; empty on failure.
std::string Gzip(const std::string& data);

}  // namespace motcua::web
