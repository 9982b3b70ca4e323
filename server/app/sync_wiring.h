// Sync inside the running program: on a commune device (sync_hub set) the
// worker that pushes the outbox and pulls bundles; in `motcua hub` the
// device-facing listener and the hub pages. Owned by App.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "catalog/catalog.h"
#include "sync/clock.h"
#include "sync/device.h"
#include "sync/hub.h"
#include "sync/worker.h"
#include "web/office_web.h"
#include "web/sync_api.h"

namespace motcua::app {

class SyncParts {
 public:
  // Nothing starts when the config names neither a hub nor hub mode.
  static Result<std::unique_ptr<SyncParts>> Start(const Config& config, sync::OffsetClock& clock,
                                                  catalog::Catalog& catalog,
                                                  web::OfficeWeb& office);
  ~SyncParts();  // the worker and the listener stop first

  // An officer pressed "sync now" (or SIGUSR1).
  void SyncNow();
  sync::DeviceSync* device() { return device_.get(); }
  sync::Hub* hub() { return hub_.get(); }
  // The device-facing port in hub mode, else 0.
  int hub_port() const { return api_ ? api_->port() : 0; }

 private:
  SyncParts() = default;
  std::unique_ptr<Rng> rng_;
  std::unique_ptr<sync::DeviceSync> device_;
  std::unique_ptr<sync::Hub> hub_;
  std::unique_ptr<web::SyncApi> api_;         // uses hub_
  std::unique_ptr<sync::SyncWorker> worker_;  // uses device_: stops first
};

// This boot of the machine (/proc/sys/kernel/random/boot_id), or "unknown".
std::string ReadBootId();

// Default file names under the data folder when the config leaves them empty.
std::string HubKeyPath(const Config& c);
std::string HubCertPath(const Config& c);
std::string HubCertKeyPath(const Config& c);

}  // namespace motcua::app
