#include "app/sync_wiring.h"

#include <fstream>

#include "core/log.h"
#include "core/version.h"
#include "crypto/random.h"
#include "sync/files.h"
#include "sync/keys.h"
#include "sync/messages.h"
#include "web/sync_pages.h"

namespace motcua::app {

std::string ReadBootId() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (!(in >> id) || id.empty()) return "unknown";
  return id;
}

std::string HubKeyPath(const Config& c) {
  return c.sync.hub_key_file.empty() ? c.data_dir + "/province-key.pem" : c.sync.hub_key_file;
}
std::string HubCertPath(const Config& c) {
  return c.sync.hub_tls_cert_file.empty() ? c.data_dir + "/hub-cert.pem" : c.sync.hub_tls_cert_file;
}
std::string HubCertKeyPath(const Config& c) {
  return c.sync.hub_tls_key_file.empty() ? c.data_dir + "/hub-cert-key.pem"
                                         : c.sync.hub_tls_key_file;
}

Result<std::unique_ptr<SyncParts>> SyncParts::Start(const Config& config, sync::OffsetClock& clock,
                                                    catalog::Catalog& catalog,
                                                    web::OfficeWeb& office) {
  std::unique_ptr<SyncParts> p(new SyncParts());
  const sync::SyncConfig& sc = config.sync;
  if (!sc.hub_mode && sc.hub.empty()) {
    web::RegisterDeviceSyncPages(office, nullptr, nullptr, clock);
    return p;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<crypto::DrbgRng> drbg, crypto::DrbgRng::Create("motcua-sync"));
  p->rng_ = std::move(drbg);

  if (sc.hub_mode) {
    sync::HubOptions ho;
    ho.blob_dir = config.data_dir + "/hub-blobs";
    auto key = sync::ReadFile(HubKeyPath(config));
    if (key.ok()) {
      ho.province_private_pem = *key;
    } else {
      log::Warn("hub: no province key at " + HubKeyPath(config) +
                " (motcua hub key generate): no bundles will be issued");
    }
    ASSIGN_OR_RETURN(p->hub_, sync::Hub::Open(config.db, clock, *p->rng_, ho));
    web::SyncApiOptions ao;
    ao.listen = sc.hub_listen;
    ao.plain_http = sc.hub_plain_http;
    if (!ao.plain_http) {
      ASSIGN_OR_RETURN(sync::TlsMaterial tls,
                       sync::LoadOrMakeHubCert(HubCertPath(config), HubCertKeyPath(config),
                                               sc.hub_tls_names, clock.NowUnixMs(), *p->rng_));
      ao.cert_pem = tls.cert_pem;
      ao.key_pem = tls.key_pem;
      ao.front_secret = crypto::RandomToken(*p->rng_);
      log::Info("hub: TLS certificate " + tls.fingerprint);
    }
    ASSIGN_OR_RETURN(p->api_, web::SyncApi::Start(ao, *p->hub_));
    web::RegisterHubPages(office, *p->hub_);
    return p;
  }

  ASSIGN_OR_RETURN(sync::HubAddress addr, sync::ParseHubUrl(sc.hub));
  sync::DeviceOptions d;
  d.device_id = sc.device_id;
  d.secret = sc.device_secret;
  d.hub.tls = addr.tls;
  d.hub.host = addr.host;
  d.hub.port = addr.port;
  d.hub.server_name = sc.hub_server_name;
  d.hub.timeout_ms = sc.timeout_ms;
  if (addr.tls) {
    ASSIGN_OR_RETURN(d.hub.trusted_pem, sync::ReadFile(sc.hub_cert_file));
  }
  ASSIGN_OR_RETURN(d.province_public_pem, sync::ReadFile(sc.province_key_file));
  d.boot_id = ReadBootId();
  d.attachments_dir = config.data_dir + "/attachments";
  d.batch_entries = sc.batch_entries;
  d.batch_bytes = static_cast<size_t>(sc.batch_bytes);
  d.app_version = kVersion;
  ASSIGN_OR_RETURN(p->device_, sync::DeviceSync::Open(config.db, clock, *p->rng_, catalog, d));
  // A step of the feedback workflow a province officer decided on the hub:
  // through the same state machine, transaction and audit as a local one.
  office::Office& off = office.office();
  p->device_->SetInboxHandler(sync::kMessageFeedbackAction,
                              [&off](const sync::DeviceSync::InboxMessage& m) -> Status {
                                ASSIGN_OR_RETURN(sync::FeedbackActionMessage a,
                                                 sync::ParseFeedbackAction(m.payload_json));
                                office::Actor by;
                                by.username = "province:" + a.by;
                                by.full_name = a.by_name;
                                office::ActOptions opts;
                                opts.expect_state = a.from_state;
                                opts.also = m.commit;
                                return off.Act(a.code, a.input, by, opts).status();
                              });
  sync::WorkerOptions wo;
  wo.interval_ms = sc.interval_s * 1000LL;
  wo.backoff_min_ms = sc.backoff_min_ms;
  wo.backoff_max_ms = sc.backoff_max_ms;
  p->worker_ = std::make_unique<sync::SyncWorker>(*p->device_, clock, *p->rng_, wo);
  web::RegisterDeviceSyncPages(office, p->device_.get(), p->worker_.get(), clock);
  p->worker_->Start();
  log::Info("sync: device " + sc.device_id + " syncs with " + sc.hub);
  return p;
}

SyncParts::~SyncParts() {
  worker_.reset();
  api_.reset();
}

void SyncParts::SyncNow() {
  if (worker_) worker_->SyncNow();
}

}  // namespace motcua::app
