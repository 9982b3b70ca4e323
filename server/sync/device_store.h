// The device's sync tables (migration 30) and its view of the outbox the
// other modules write. Runs on the sync worker's own connection; each
// method is one statement or one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace motcua::sync {

struct OutboxEntry {
  int64_t seq = 0;
  std::string kind;
  std::string payload_json;
  int64_t created_at = 0;  // the program's clock when written (corrected if known)
  std::string boot_id;
  std::optional<int64_t> clock_offset_ms;  // applied at creation; nullopt = uncorrected
};

struct DeviceAlert {
  int64_t id = 0;
  int64_t at = 0;
  std::string kind;
  std::optional<int64_t> seq;
  std::string message;
};

class DeviceStore {
 public:
  explicit DeviceStore(store::Db& db) : db_(db) {}

  // Records this boot in meta (the outbox trigger stamps entries with it)
  // and returns the clock offset measured earlier in the same boot, if any
  // (the program restarted but the system clock did not reset).
  Result<std::optional<int64_t>> StartBoot(const std::string& boot_id);
  // Saves a measured offset for `boot_id` and lets new entries carry it.
  Status SaveOffset(const std::string& boot_id, int64_t offset_ms, int64_t rtt_ms,
                    int64_t hub_time);
  Result<std::optional<int64_t>> OffsetForBoot(const std::string& boot_id);

  // Pending entries in seq order: at most `limit`, and no more raw payload
  // bytes than `max_bytes` (always at least one).
  Result<std::vector<OutboxEntry>> Pending(int limit, size_t max_bytes);
  Result<int64_t> PendingCount();
  // Marks pending entries with first <= seq <= last sent.
  Status MarkSent(int64_t first, int64_t last, int64_t now_ms);
  // The hub holds less than we thought (restored from a backup): entries
  // after `acked` go back to pending.
  Result<int> Repend(int64_t acked);
  Result<int64_t> MaxSentSeq();
  // The largest seq ever handed out (sqlite_sequence), and raising it.
  Result<int64_t> MaxSeqEver();
  Status RaiseSeq(int64_t to);

  Result<int64_t> MetaInt(const std::string& key, int64_t fallback);
  Status SetMetaInt(const std::string& key, int64_t value);
  Result<std::string> MetaText(const std::string& key);
  Status SetMetaText(const std::string& key, const std::string& value);

  // Alerts are kept once per (kind, seq, message).
  Status AddAlert(const std::string& kind, std::optional<int64_t> seq, const std::string& message,
                  int64_t now_ms);
  Result<std::vector<DeviceAlert>> Alerts(int limit);
  Result<int64_t> AlertCount();

  // Messages from the hub; ids only grow. Returns how many were new.
  Result<int> StoreInbox(int64_t id, const std::string& kind, const std::string& payload_json,
                         int64_t now_ms);
  Result<int64_t> LastInboxId();
  struct InboxRow {
    int64_t id = 0;
    std::string kind;
    std::string payload_json;
  };
  // Messages neither applied nor refused, in id order.
  Result<std::vector<InboxRow>> OpenInbox(int limit);
  // Inside the transaction that applies message `id`: marks it applied and
  // queues {"message", "ok": true} for the hub. kConflict when it was
  // applied or refused before (nothing is written).
  static Status MarkInboxApplied(store::Db& db, int64_t id, const std::string& kind,
                                 int64_t now_ms);
  // In a transaction of its own: keeps the reason and queues
  // {"message", "ok": false, "error"} for the hub.
  Status RefuseInbox(int64_t id, const std::string& kind, const std::string& reason,
                     int64_t now_ms);

 private:
  store::Db& db_;
};

}  // namespace motcua::sync
