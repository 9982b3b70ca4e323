#include "app/app.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/log.h"
#include "domain/holidays.h"
#include "web/catalog_pages.h"
#include "web/feedback_pages.h"

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

namespace {

Result<std::unique_ptr<feedback::FeedbackService>> OpenFeedback(const Config& config,
                                                                const Clock& clock, Rng& rng,
                                                                const catalog::Catalog& cat) {
  feedback::FeedbackOptions o;
  const Config::Feedback& f = config.feedback;
  o.submit_limit = {f.rate_limit, f.rate_window_s * 1000LL};
  o.lookup_limit = {f.lookup_limit, f.lookup_window_s * 1000LL};
  o.deadlines.answer = {f.answer_days, f.answer_working_days};
  o.deadlines.transfer = {f.transfer_days, true};
  // Shipped holiday table until the back office keeps an edited one.
  o.calendar = domain::BuildCalendar(domain::ShippedHolidays());
  o.attachments_dir = config.data_dir + "/attachments";
  o.boot_id = ReadBootId();
  return feedback::FeedbackService::Open(config.db, clock, rng, std::move(o),
                                         [&cat](const std::string& code) {
                                           return cat.Summary(code).has_value();
                                         });
}

}  // namespace

Result<std::unique_ptr<App>> App::Start(const Config& config, const Clock& system_clock) {
  std::unique_ptr<App> app(new App(config, system_clock));
  sync::OffsetClock& clock = app->clock_;
  RETURN_IF_ERROR(EnsureParentDir(config.db));
  RETURN_IF_ERROR(EnsureDir(config.data_dir));

  catalog::CatalogOptions copt;
  copt.public_levels = domain::ParseLevelKeys(config.public_levels);
  ASSIGN_OR_RETURN(app->catalog_, catalog::Catalog::Open(config.db, clock, copt));
  ASSIGN_OR_RETURN(app->feedback_, OpenFeedback(config, clock, app->rng_, *app->catalog_));

  const std::string tdir =
      config.templates_dir.empty() ? FindResourceDir("templates") : config.templates_dir;
  const std::string sdir = config.static_dir.empty() ? FindResourceDir("static") : config.static_dir;
  ASSIGN_OR_RETURN(app->templates_, web::Templates::Load(tdir));
  ASSIGN_OR_RETURN(app->statics_, web::StaticFiles::Load(sdir));

  app->site_ = std::make_unique<web::Site>(*app->templates_, *app->statics_, clock, config.site,
                                           static_cast<size_t>(config.page_cache_kib) * 1024);
  web::RegisterCatalogPages(*app->site_, *app->catalog_);
  web::RegisterFeedbackPages(*app->site_, *app->feedback_, *app->catalog_);

  ASSIGN_OR_RETURN(app->sync_, SyncParts::Start(config, clock, *app->catalog_, *app->site_));

  web::ServerOptions sopt;
  sopt.listen = config.listen;
  sopt.threads = config.threads;
  sopt.keep_alive_timeout_ms = config.keep_alive_ms;
  sopt.request_timeout_ms = config.request_timeout_ms;
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
