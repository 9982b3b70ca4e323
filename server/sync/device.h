// The commune device's side of sync: one round talks to the hub (hello,
// push the outbox in seq order, pull a newer signed bundle, pull messages)
// and keeps the clock offset. The worker (worker.h) decides when to run a
// round; this class does one. Not thread-safe: one worker thread calls
// SyncOnce; Status() may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "core/status.h"
#include "store/db.h"
#include "sync/clock.h"
#include "sync/device_store.h"
#include "sync/http_client.h"

namespace motcua::sync {

struct DeviceOptions {
  std::string device_id;  // "03646-1"
  std::string secret;
  HttpTarget hub;
  std::string province_public_pem;
  std::string boot_id;          // /proc/sys/kernel/random/boot_id
  std::string attachments_dir;  // where payloads' "attachments" files are
  int batch_entries = 500;
  size_t batch_bytes = 2 * 1024 * 1024;
  std::string app_version;
};

// The commune a device id belongs to ("03646-1" -> "03646").
std::string CommuneOfDevice(const std::string& device_id);

struct RoundReport {
  int pushed = 0;     // entries the hub confirmed in this round
  int64_t acked = 0;  // the hub's highest contiguous seq
  bool bundle_applied = false;
  int messages = 0;       // new messages from the hub
  size_t bytes_sent = 0;  // HTTP bytes on the wire (before TLS)
  size_t bytes_received = 0;
  size_t raw_json_bytes = 0;  // the pushed entries as uncompressed JSON
};

// What officers see on the sync page.
struct SyncStatus {
  bool enabled = false;
  std::string device_id;
  std::string hub;
  int64_t last_attempt = 0;  // program clock, ms; 0 = never
  int64_t last_success = 0;
  std::string last_error;    // English, for logs and the technical detail line
  int failures = 0;          // consecutive
  int64_t next_attempt = 0;  // program clock, ms
  bool clock_certain = false;
  int64_t clock_offset_ms = 0;
  int64_t pending = 0;
  int64_t bundle_version = 0;
  int64_t bundle_issued_at = 0;
  std::vector<DeviceAlert> alerts;
};

class DeviceSync {
 public:
  // `catalog` receives verified bundles (its Replace runs the version check
  // in the same transaction). Opens its own connection to `db_path`.
  static Result<std::unique_ptr<DeviceSync>> Open(const std::string& db_path, OffsetClock& clock,
                                                  Rng& rng, catalog::Catalog& catalog,
                                                  DeviceOptions options);

  // One round. kUnavailable when the hub cannot be reached (the worker backs
  // off); kPermissionDenied when it refuses this device.
  Result<RoundReport> SyncOnce();

  // Applies a bundle file (as the hub sends it, before zlib): signature,
  // commune and a version newer than the one held, then the catalogue is
  // replaced in one transaction. Refusals are logged and alerted; nothing
  // changes. Public for tests and the fault suite.
  Status ApplyBundle(const std::string& file);

  // A message from the hub (sync/messages.h), handed to the handler of its
  // kind in id order. The handler must run `commit` inside the transaction
  // that applies the message: it marks the message applied and queues the
  // result for the hub, so a message takes effect exactly once, also across
  // a power cut (commit fails with kConflict when it already did). A refusal
  // (kInvalidArgument, kNotFound, kConflict, kAlreadyExists) is final: kept
  // with its reason, alerted and reported to the hub. Any other error leaves
  // the message for the next round.
  struct InboxMessage {
    int64_t id = 0;
    std::string kind;
    std::string payload_json;
    std::function<Status(store::Db&)> commit;
  };
  using InboxHandler = std::function<Status(const InboxMessage&)>;
  void SetInboxHandler(const std::string& kind, InboxHandler h);

  SyncStatus GetStatus();
  void NoteSchedule(int failures, int64_t next_attempt);

 private:
  DeviceSync(std::unique_ptr<store::Db> db, OffsetClock& clock, Rng& rng, catalog::Catalog& catalog,
             DeviceOptions options)
      : db_(std::move(db)),
        store_(*db_),
        clock_(clock),
        rng_(rng),
        catalog_(catalog),
        options_(std::move(options)),
        commune_(CommuneOfDevice(options_.device_id)) {}

  Status Init();
  // A signed request; retries once after a stale-nonce answer.
  Result<HttpReply> Call(const std::string& method, const std::string& target,
                         const std::string& body, const std::string& content_type,
                         RoundReport* report);
  Result<int64_t> NextNonce();
  struct HelloReply {
    int64_t acked = 0;
    int64_t bundle_version = 0;
    int64_t inbox_last = 0;
  };
  Result<HelloReply> Hello(RoundReport* report);
  Status PushAll(RoundReport* report);
  Status UploadBlobs(const std::vector<std::string>& missing,
                     const std::map<std::string, std::string>& paths, RoundReport* report);
  Status PullBundle(RoundReport* report);
  Status PullInbox(int64_t after, RoundReport* report);
  // Applies stored messages not yet applied or refused; true when any outbox
  // entry was written (the round then pushes again).
  Result<bool> ProcessInbox();
  void Alert(const std::string& kind, std::optional<int64_t> seq, const std::string& message);

  std::unique_ptr<store::Db> db_;
  DeviceStore store_;
  OffsetClock& clock_;
  Rng& rng_;
  catalog::Catalog& catalog_;
  DeviceOptions options_;
  std::string commune_;
  int64_t next_nonce_ = 0;
  int64_t reserved_nonce_ = 0;
  std::map<std::string, InboxHandler> handlers_;

  std::mutex status_mu_;
  SyncStatus status_;
};

}  // namespace motcua::sync
