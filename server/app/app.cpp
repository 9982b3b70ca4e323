#include "app/app.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/log.h"
#include "store/db.h"
#include "web/catalog_pages.h"

namespace motcua::app {

std::string FindResourceDir(const std::string& name) {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return name;
  buf[n] = '\0';
  std::string exe_dir(buf);
  exe_dir = exe_dir.substr(0, exe_dir.rfind('/'));
  const std::string candidates[] = {exe_dir + "/../../" + name, exe_dir + "/../" + name,
                                    exe_dir + "/../share/motcua/" + name, name};
  for (const std::string& c : candidates) {
    struct stat sb;
    if (stat(c.c_str(), &sb) == 0 && S_ISDIR(sb.st_mode)) return c;
  }
  return name;
}

Status EnsureDir(const std::string& dir) {
  if (dir.empty() || dir == ".") return Status::Ok();
  struct stat sb;
  if (stat(dir.c_str(), &sb) == 0) {
    return S_ISDIR(sb.st_mode) ? Status::Ok() : IoError(dir + " exists and is not a directory");
  }
  size_t slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) RETURN_IF_ERROR(EnsureDir(dir.substr(0, slash)));
  if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST)
    return IoError("cannot create " + dir + ": " + std::strerror(errno));
  return Status::Ok();
}

Status EnsureParentDir(const std::string& file_path) {
  size_t slash = file_path.rfind('/');
  if (slash == std::string::npos) return Status::Ok();
  return EnsureDir(file_path.substr(0, slash));
}

Status CheckDatabase(const std::string& db_path) {
  struct stat sb;
  if (stat(db_path.c_str(), &sb) != 0) return Status::Ok();  // a new database
  Status st;
  {
    auto db = store::Db::Open(db_path);
    st = db.ok() ? (*db)->QuickCheck() : db.status();
  }
  if (st.code() != Code::kCorrupt) return st;
  return Corrupt("the database " + db_path + " is damaged (" + st.message() +
                 "); motcua will not serve from it. Stop here and restore the newest good "
                 "backup: motcua restore --db " + db_path +
                 " BACKUP_FILE (nightly backups are in the data folder's backups/), then start "
                 "motcua again.");
}

Result<std::unique_ptr<App>> App::Start(const Config& config, const Clock& clock) {
  std::unique_ptr<App> app(new App(config, clock));
  RETURN_IF_ERROR(EnsureParentDir(config.db));
  RETURN_IF_ERROR(EnsureDir(config.data_dir));
  // After a power cut: never serve (or write) from a damaged file.
  RETURN_IF_ERROR(CheckDatabase(config.db));

  catalog::CatalogOptions copt;
  copt.public_levels = domain::ParseLevelKeys(config.public_levels);
  ASSIGN_OR_RETURN(app->catalog_, catalog::Catalog::Open(config.db, clock, copt));

  const std::string tdir =
      config.templates_dir.empty() ? FindResourceDir("templates") : config.templates_dir;
  const std::string sdir = config.static_dir.empty() ? FindResourceDir("static") : config.static_dir;
  ASSIGN_OR_RETURN(app->templates_, web::Templates::Load(tdir));
  ASSIGN_OR_RETURN(app->statics_, web::StaticFiles::Load(sdir));

  app->site_ = std::make_unique<web::Site>(*app->templates_, *app->statics_, clock, config.site,
                                           static_cast<size_t>(config.page_cache_kib) * 1024);
  web::RegisterCatalogPages(*app->site_, *app->catalog_);

  web::ServerOptions sopt;
  sopt.listen = config.listen;
  sopt.threads = config.threads;
  sopt.keep_alive_timeout_ms = config.keep_alive_ms;
  sopt.request_timeout_ms = config.request_timeout_ms;
  sopt.public_front = config.public_front;
  sopt.max_connections = config.max_connections;
  sopt.max_connections_per_ip = config.max_connections_per_ip;
  web::Site* site = app->site_.get();
  ASSIGN_OR_RETURN(app->server_,
                   web::HttpServer::Start(sopt, [site](web::Request& req) {
                     return site->Handle(req);
                   }));
  log::Info("serving " + std::to_string(app->catalog_->size()) + " procedures (catalogue version " +
            std::to_string(app->catalog_->version()) + ") on " + config.listen);
  return app;
}

App::~App() { server_.reset(); }

}  // namespace motcua::app
