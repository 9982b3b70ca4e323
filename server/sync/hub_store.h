// The hub's tables (migration 30): registered devices, the entries they
// pushed (each (device, seq) exactly once), alerts, bundles, messages to
// communes and attachment blobs. Methods that write open their own
// transaction unless they say otherwise; the caller serialises access to
// the connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace motcua::sync {

struct DeviceRecord {
  std::string id;  // "03646-1"
  std::string commune;
  std::string secret;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
  int64_t last_nonce = 0;
  int64_t acked_seq = 0;
  std::optional<int64_t> last_contact;
  std::optional<int64_t> clock_offset_ms;  // hub minus device
  std::string boot_id;
  std::optional<int64_t> pending;
  std::optional<int64_t> catalogue_version;
  std::optional<int64_t> bundle_version;
  std::optional<int64_t> alerts;
  std::string app_version;
};

// The columns of hub_devices in the order ReadDevice reads them (with the
// secret: callers that show a device clear it).
extern const char kDeviceColumns[];
DeviceRecord ReadDevice(const store::Statement& st);

// What a device reports on each hello.
struct DeviceReport {
  std::string boot_id;
  std::optional<int64_t> clock_offset_ms;
  int64_t pending = 0;
  int64_t catalogue_version = 0;
  int64_t bundle_version = 0;
  int64_t alerts = 0;
  std::string app_version;
};

struct IncomingEntry {
  int64_t seq = 0;
  std::string kind;
  int64_t created_at = 0;
  std::string boot_id;
  std::optional<int64_t> hub_time;  // created_at on the hub's clock, when the device knows it
  std::string payload_json;         // canonical (parsed and dumped by the hub)
  std::string content_hash;         // EntryHash(...)
  std::vector<std::string> blobs;   // sha256 hex of attachment files it needs
};

// SHA-256 hex over what makes an entry: kind, device time, boot and payload.
std::string EntryHash(const std::string& kind, int64_t created_at, const std::string& boot_id,
                      const std::string& payload_json);

struct PushOutcome {
  int64_t acked = 0;  // highest contiguous seq held after this push
  int stored = 0;
  int duplicates = 0;
  std::vector<int64_t> conflicts;          // same seq, other content: refused
  std::vector<std::string> missing_blobs;  // entries needing these were not stored
};

struct StoredEntry {
  std::string device_id;
  int64_t seq = 0;
  std::string kind;
  int64_t created_at = 0;
  std::string boot_id;
  std::optional<int64_t> hub_time;
  std::string content_hash;
  std::string payload_json;
  int64_t received_at = 0;
};

struct HubAlert {
  int64_t id = 0;
  int64_t at = 0;
  std::string device_id;
  std::string kind;
  std::optional<int64_t> seq;
  std::string detail;
};

struct StoredBundle {
  std::string commune;
  int64_t version = 0;
  int64_t issued_at = 0;
  std::string content_hash;
  int64_t catalogue_version = 0;
  int64_t procedures = 0;
  std::string signed_file;
};

struct HubMessage {
  int64_t id = 0;
  std::string commune;
  std::string kind;
  std::string payload_json;
  int64_t created_at = 0;
};

class HubStore {
 public:
  explicit HubStore(store::Db& db) : db_(db) {}

  // Registers a device for `commune` under the next free id "<commune>-<n>".
  Result<DeviceRecord> AddDevice(const std::string& commune, const std::string& secret,
                                 int64_t now_ms);
  // kNotFound for an unknown id; revoking twice keeps the first time.
  Status RevokeDevice(const std::string& id, int64_t now_ms);
  Result<std::optional<DeviceRecord>> FindDevice(const std::string& id);
  Result<std::vector<DeviceRecord>> Devices();

  // Raises the device's last nonce to `nonce` when it is greater; false
  // (nothing changed) otherwise. Atomic on its own.
  Result<bool> UseNonce(const std::string& id, int64_t nonce);
  Status RecordContact(const std::string& id, const DeviceReport& r, int64_t now_ms);

  // Stores a batch in one transaction: each new (device, seq) once, equal
  // resends counted as duplicates, other content refused and alerted; then
  // advances the device's contiguous ack.
  Result<PushOutcome> StoreEntries(const std::string& device_id,
                                   const std::vector<IncomingEntry>& entries, int64_t now_ms);
  Result<std::vector<StoredEntry>> Entries(const std::string& device_id, int64_t after_seq,
                                           int limit);
  Result<int64_t> CountEntries(const std::string& device_id);

  // Inside the caller's transaction or on its own.
  Status AddAlert(const std::string& device_id, const std::string& kind, std::optional<int64_t> seq,
                  const std::string& detail, const std::string& content_hash,
                  const std::optional<std::string>& payload, int64_t now_ms);
  Result<std::vector<HubAlert>> Alerts(int limit);

  Result<std::optional<StoredBundle>> Bundle(const std::string& commune);
  // Inside the caller's transaction.
  Status PutBundle(const StoredBundle& b);

  Result<int64_t> AddMessage(const std::string& commune, const std::string& kind,
                             const std::string& payload_json, int64_t now_ms);
  Result<std::vector<HubMessage>> Messages(const std::string& commune, int64_t after_id, int limit);
  Result<int64_t> LastMessageId(const std::string& commune);

  Result<bool> HasBlob(const std::string& sha256);
  Status AddBlob(const std::string& sha256, int64_t size, int64_t now_ms);

 private:
  store::Db& db_;
};

}  // namespace motcua::sync
