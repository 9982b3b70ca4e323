// The running program: builds every part from a Config in dependency order
// and owns them. The HTTP server is declared last so it is destroyed first:
// its worker threads stop before the handlers' state goes away.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "app/sync_wiring.h"
#include "catalog/catalog.h"
#include "core/clock.h"
#include "crypto/tls_front.h"
#include "office/office.h"
#include "feedback/service.h"
#include "web/kiosk_pages.h"
#include "web/server.h"
#include "web/office_web.h"
#include "web/site.h"
#include "web/static_files.h"
#include "web/templates.h"

namespace motcua::app {

class App {
 public:
  // Opens (and migrates) the database, loads templates and static files,
  // registers routes and starts listening.
  static Result<std::unique_ptr<App>> Start(const Config& config, const Clock& clock);
  ~App();

  catalog::Catalog& catalog() { return *catalog_; }
  feedback::FeedbackService& feedback() { return *feedback_; }
  web::Site& site() { return *site_; }
  office::Office& office() { return *office_; }
  // The public HTTP port(s); the loopback port kept for the TLS front is not
  // among them.
  std::vector<int> Ports() const;
  // The HTTPS front's port, 0 when https_listen is off.
  int HttpsPort() const { return front_ ? front_->port() : 0; }
  // Sync with the province hub (device) or the hub's own parts (hub mode).
  SyncParts& sync() { return *sync_; }

 private:
  App(const Config& config, const Clock& clock) : config_(config), clock_(clock) {}

  Config config_;
  // Everything reads time through here: the system clock corrected by the
  // offset the sync worker measures against the hub (boards have no RTC).
  sync::OffsetClock clock_;
  SystemRng rng_;  // getrandom(2): tokens, salts, codes; thread-safe
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<feedback::FeedbackService> feedback_;
  std::unique_ptr<web::Templates> templates_;
  std::unique_ptr<web::StaticFiles> statics_;
  std::unique_ptr<web::Site> site_;
  std::unique_ptr<office::Office> office_;
  std::unique_ptr<web::OfficeWeb> office_web_;
  std::unique_ptr<SyncParts> sync_;  // before the server: its routes live in site_
  std::unique_ptr<web::SyncStatusProvider> kiosk_sync_;  // reads sync_
  std::unique_ptr<web::HttpServer> server_;  // destroyed after the front only
  std::unique_ptr<crypto::TlsFront> front_;  // relays to server_: stops first
};

// Finds templates/ and static/ when the config does not say: next to the
// program in the build tree (build/server/motcua -> ../../) or installed
// (/usr/bin/motcua -> ../share/motcua/).
std::string FindResourceDir(const std::string& name);

// PRAGMA quick_check on an existing database file (a missing one is fine: it
// will be made). kCorrupt, with a message that says to run `motcua restore`,
// when the file is damaged (e.g. by a failing SD card).
Status CheckDatabase(const std::string& db_path);

// Creates the parent directory of a file path if missing.
Status EnsureParentDir(const std::string& file_path);
Status EnsureDir(const std::string& dir);

}  // namespace motcua::app
