#include "web/static_files.h"

#include <dirent.h>
#include <sys/stat.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace motcua::web {

std::string Gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out;
  out.resize(deflateBound(&zs, data.size()) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

namespace {

std::string ContentType(const std::string& name) {
  auto ends = [&](const char* ext) {
    size_t n = std::char_traits<char>::length(ext);
    return name.size() >= n && name.compare(name.size() - n, n, ext) == 0;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".json") || ends(".webmanifest")) return "application/manifest+json";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool Compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type == "image/svg+xml" ||
         type == "application/manifest+json";
}

Status ReadDir(const std::string& root, const std::string& rel, int depth,
               std::map<std::string, std::string>* out, size_t* total, size_t max_total) {
  DIR* d = opendir((root + "/" + rel).c_str());
  if (!d) return IoError("cannot open static directory " + root + "/" + rel);
  Status st;
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] == '.') continue;
    std::string relpath = rel.empty() ? name : rel + "/" + name;
    struct stat sb;
    if (stat((root + "/" + relpath).c_str(), &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode)) {
      if (depth > 0) st = ReadDir(root, relpath, depth - 1, out, total, max_total);
      if (!st.ok()) break;
      continue;
    }
    if (!S_ISREG(sb.st_mode)) continue;
    std::ifstream in(root + "/" + relpath, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    *total += ss.str().size();
    if (*total > max_total) {
      st = Status(Code::kResourceExhausted, "static files exceed the size limit");
      break;
    }
    (*out)[relpath] = ss.str();
  }
  closedir(d);
  return st;
}

}  // namespace

Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(const std::string& dir,
                                                       size_t max_total_bytes) {
  std::map<std::string, std::string> raw;
  size_t total = 0;
  RETURN_IF_ERROR(ReadDir(dir, "", 1, &raw, &total, max_total_bytes));
  auto sf = std::unique_ptr<StaticFiles>(new StaticFiles());
  for (auto& [path, body] : raw) {
    File f;
    f.content_type = ContentType(path);
    char etag[32];
    std::snprintf(etag, sizeof etag, "\"%08lx\"",
                  static_cast<unsigned long>(crc32(0, reinterpret_cast<const Bytef*>(body.data()),
                                                   static_cast<uInt>(body.size()))));
    f.etag = etag;
    if (Compressible(f.content_type) && body.size() > 512)
      f.gzip_body = std::make_shared<const std::string>(Gzip(body));
    f.body = std::make_shared<const std::string>(std::move(body));
    sf->files_[path] = std::move(f);
  }
  return sf;
}

std::optional<Response> StaticFiles::Serve(const std::string& path, const Request& req) const {
  auto it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  Response r;
  r.content_type = f.content_type;
  r.cache_control = "public, max-age=86400";
  r.headers.emplace_back("ETag", f.etag);
  if (req.Header("if-none-match") == f.etag) {
    r.status = 304;
    return r;
  }
  r.shared_body = f.body;
  r.shared_gzip = f.gzip_body;
  return r;
}

}  // namespace motcua::web
