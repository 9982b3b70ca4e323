#include "app/app.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "app/device_cert.h"
#include "crypto/random.h"
#include "core/log.h"
#include "domain/holidays.h"
#include "store/db.h"
#include "web/catalog_pages.h"
#include "web/feedback_pages.h"
#include "web/kiosk_pages.h"
#include "web/public_url.h"

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
                                                                const catalog::Catalog& cat,
                                                                const domain::WorkCalendar& cal) {
  feedback::FeedbackOptions o;
  const Config::Feedback& f = config.feedback;
  o.submit_limit = {f.rate_limit, f.rate_window_s * 1000LL};
  o.lookup_limit = {f.lookup_limit, f.lookup_window_s * 1000LL};
  o.deadlines = FeedbackDeadlinesOf(config);
  // The officers' holiday table as it stands at start-up.
  o.calendar = cal;
  o.attachments_dir = config.data_dir + "/attachments";
  o.boot_id = ReadBootId();
  return feedback::FeedbackService::Open(config.db, clock, rng, std::move(o),
                                         [&cat](const std::string& code) {
                                           return cat.Summary(code).has_value();
                                         });
}

}  // namespace

namespace {

// The kiosk badge's view of the sync worker: the last time the hub answered
// (already on the hub-corrected clock) and the signed bundle's version.
class KioskSyncStatus final : public web::SyncStatusProvider {
 public:
  // Set before the server starts; read from request threads afterwards.
  explicit KioskSyncStatus(const std::unique_ptr<SyncParts>* parts) : parts_(parts) {}
  web::SyncStatus Current() const override {
    web::SyncStatus out;
    sync::DeviceSync* device = *parts_ ? (*parts_)->device() : nullptr;
    if (device == nullptr) return out;
    sync::SyncStatus s = device->GetStatus();
    if (s.last_success > 0) out.last_sync_unix_ms = s.last_success;
    if (s.bundle_version > 0) out.bundle_version = std::to_string(s.bundle_version);
    return out;
  }

 private:
  const std::unique_ptr<SyncParts>* parts_;
};

}  // namespace

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

Result<std::unique_ptr<App>> App::Start(const Config& config, const Clock& system_clock) {
  std::unique_ptr<App> app(new App(config, system_clock));
  sync::OffsetClock& clock = app->clock_;
  RETURN_IF_ERROR(EnsureParentDir(config.db));
  RETURN_IF_ERROR(EnsureDir(config.data_dir));
  // After a power cut: never serve (or write) from a damaged file.
  RETURN_IF_ERROR(CheckDatabase(config.db));

  catalog::CatalogOptions copt;
  copt.public_levels = domain::ParseLevelKeys(config.public_levels);
  ASSIGN_OR_RETURN(app->catalog_, catalog::Catalog::Open(config.db, clock, copt));
  // The back office first: its holiday table is the calendar deadlines count on.
  office::OfficeOptions oopt;
  oopt.pbkdf2_iterations = config.pbkdf2_iterations;
  oopt.session_idle_ms = config.session_idle_minutes * 60LL * 1000;
  oopt.session_absolute_ms = config.session_absolute_hours * 3600LL * 1000;
  oopt.deadlines = FeedbackDeadlinesOf(config);
  oopt.cutoff.day = config.report_cutoff_day;
  oopt.attachments_dir = config.data_dir + "/attachments";
  ASSIGN_OR_RETURN(app->office_, office::Office::Open(config.db, clock, app->rng_, oopt));
  ASSIGN_OR_RETURN(app->feedback_, OpenFeedback(config, clock, app->rng_, *app->catalog_,
                                                *app->office_->Calendar()));

  const std::string tdir =
      config.templates_dir.empty() ? FindResourceDir("templates") : config.templates_dir;
  const std::string sdir = config.static_dir.empty() ? FindResourceDir("static") : config.static_dir;
  ASSIGN_OR_RETURN(app->templates_, web::Templates::Load(tdir));
  ASSIGN_OR_RETURN(app->statics_, web::StaticFiles::Load(sdir));

  web::SiteInfo info = config.site;
  if (info.public_url.empty()) info.public_url = web::DefaultPublicUrl(config.listen);
  app->site_ = std::make_unique<web::Site>(*app->templates_, *app->statics_, clock, info,
                                           static_cast<size_t>(config.page_cache_kib) * 1024);
  web::RegisterCatalogPages(*app->site_, *app->catalog_);
  web::RegisterFeedbackPages(*app->site_, *app->feedback_, *app->catalog_);
  web::KioskOptions kopt;
  kopt.idle_seconds = config.kiosk_idle_seconds;
  app->kiosk_sync_ = std::make_unique<KioskSyncStatus>(&app->sync_);
  kopt.sync = app->kiosk_sync_.get();
  web::RegisterKioskPages(*app->site_, *app->catalog_, kopt);

  // The back office (issue 4).
  web::OfficeWebOptions wopt;
  std::optional<DeviceCert> cert;
  if (!config.https_listen.empty()) {
    ASSIGN_OR_RETURN(cert, LoadOrMakeDeviceCert(config, clock, app->rng_));
    wopt.cert_fingerprint = cert->fingerprint;
  }
  app->office_web_ = std::make_unique<web::OfficeWeb>(*app->site_, *app->office_, *app->catalog_,
                                                      wopt);
  app->office_web_->Register();

  ASSIGN_OR_RETURN(app->sync_, SyncParts::Start(config, clock, *app->catalog_, *app->office_web_));

  web::ServerOptions sopt;
  sopt.listen = config.listen;
  // The TLS front relays to a loopback-only listener: civetweb's own with the
  // public front, else one added here, so it works whatever `listen` names.
  if (cert && !config.public_front) sopt.listen += ",127.0.0.1:0";
  sopt.threads = config.threads;
  sopt.keep_alive_timeout_ms = config.keep_alive_ms;
  sopt.request_timeout_ms = config.request_timeout_ms;
  if (cert) sopt.front_secret = crypto::RandomToken(app->rng_);
  sopt.public_front = config.public_front;
  sopt.max_connections = config.max_connections;
  sopt.max_connections_per_ip = config.max_connections_per_ip;
  web::Site* site = app->site_.get();
  // Cached pages and static files are answered by the public front itself.
  sopt.cached_dispatch = [site](web::Request& req) { return site->HandleFromCache(req); };
  ASSIGN_OR_RETURN(app->server_,
                   web::HttpServer::Start(sopt, [site](web::Request& req) {
                     return site->Handle(req);
                   }));
  if (cert) {
    const std::vector<int> ports = app->server_->Ports();
    crypto::TlsFrontOptions fopt;
    fopt.front.listen = {config.https_listen};
    fopt.cert_pem = cert->cert_pem;
    fopt.key_pem = cert->key_pem;
    fopt.front.backend_host = "127.0.0.1";
    fopt.front.backend_port = config.public_front ? app->server_->BackendPort() : ports.back();
    fopt.front.shared_secret = sopt.front_secret;
    app->front_ = std::make_unique<crypto::TlsFront>();
    RETURN_IF_ERROR(app->front_->Start(fopt));
    app->office_web_->SetHttpsPort(app->front_->port());
    log::Info("officers' HTTPS on port " + std::to_string(app->front_->port()) + " (" +
              config.https_listen + "), certificate " + cert->fingerprint);
  }
  log::Info("serving " + std::to_string(app->catalog_->size()) + " procedures (catalogue version " +
            std::to_string(app->catalog_->version()) + ") on " + config.listen);
  return app;
}

std::vector<int> App::Ports() const {
  std::vector<int> ports = server_->Ports();
  // The TLS front's loopback listener (the public front keeps civetweb's apart).
  if (front_ && !config_.public_front && !ports.empty()) ports.pop_back();
  return ports;
}

App::~App() {
  front_.reset();
  server_.reset();
}

}  // namespace motcua::app
