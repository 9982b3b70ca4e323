// The province hub's side of sync: authenticates device requests, stores
// pushed entries exactly once, issues signed procedure bundles per commune
// and hands out messages for communes. Transport-neutral: web/sync_api.cpp
// turns HTTP requests into HubRequest values. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/db.h"
#include "sync/hub_store.h"

namespace motcua::sync {

struct HubOptions {
  // The province's private key (PEM); empty = no bundles are issued.
  std::string province_private_pem;
  // Attachment files pushed by devices land here, named by SHA-256.
  std::string blob_dir = "data/hub-blobs";
  // Bundles carry the hub catalogue's procedures at these levels.
  uint32_t bundle_levels = 1u << 2;              // domain::kLevelCommune
  size_t max_inflated_bytes = 64 * 1024 * 1024;  // a push body after zlib
  size_t max_entries = 5000;                     // per push
  int max_messages = 200;                        // per inbox answer
};

struct HubRequest {
  std::string method;
  std::string target;     // path and query string as sent (what was signed)
  std::string device;     // X-Sync-Device
  std::string nonce;      // X-Sync-Nonce
  std::string signature;  // X-Sync-Signature
  std::string body;
};

struct HubResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  int64_t hub_time = 0;  // sent as X-Sync-Hub-Time
};

struct DeviceCredentials {
  DeviceRecord device;
  std::string secret;
};

class Hub {
 public:
  // Opens its own connection to `db_path` (migrating it).
  static Result<std::unique_ptr<Hub>> Open(const std::string& db_path, const Clock& clock, Rng& rng,
                                           HubOptions options);

  HubResponse Handle(const HubRequest& req);

  // ---- administration (CLI and hub pages) ----
  // Registers a device for a commune of the shipped list with a fresh secret.
  Result<DeviceCredentials> AddDevice(const std::string& commune);
  Status RevokeDevice(const std::string& id);
  Result<std::vector<DeviceRecord>> Devices();
  // The commune's newest bundle, issuing a new version first when the hub's
  // catalogue changed since. kUnavailable without a key or procedures.
  Result<StoredBundle> EnsureBundle(const std::string& commune);
  Result<std::optional<StoredBundle>> CurrentBundle(const std::string& commune);
  Result<int64_t> SendMessage(const std::string& commune, const std::string& kind,
                              const std::string& payload_json);
  Result<std::vector<HubAlert>> Alerts(int limit);
  Result<std::vector<StoredEntry>> Entries(const std::string& device_id, int64_t after_seq,
                                           int limit);
  bool has_key() const { return !options_.province_private_pem.empty(); }

  // Runs `f` with the hub's connection, serialised with everything else
  // (read-only views for pages).
  template <typename F>
  auto WithDb(F f) {
    std::lock_guard<std::mutex> lock(mu_);
    return f(*db_);
  }

 private:
  Hub(std::unique_ptr<store::Db> db, const Clock& clock, Rng& rng, HubOptions options)
      : db_(std::move(db)), store_(*db_), clock_(clock), rng_(rng), options_(std::move(options)) {}

  HubResponse Hello(const DeviceRecord& d, const HubRequest& req);
  HubResponse Push(const DeviceRecord& d, const HubRequest& req);
  HubResponse GetBundle(const DeviceRecord& d);
  HubResponse Inbox(const DeviceRecord& d, const HubRequest& req);
  HubResponse PutBlob(const DeviceRecord& d, const HubRequest& req, const std::string& sha);
  Result<StoredBundle> EnsureBundleLocked(const std::string& commune);
  HubResponse Json(int status, const std::string& body) const;
  HubResponse Error(int status, const std::string& error) const;

  std::mutex mu_;  // one connection, many server threads
  std::unique_ptr<store::Db> db_;
  HubStore store_;
  const Clock& clock_;
  Rng& rng_;
  HubOptions options_;
};

}  // namespace motcua::sync
