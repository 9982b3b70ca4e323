#include "sync/device.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "store/migrations.h"
#include "sync/protocol.h"
#include "sync/wire.h"

namespace motcua::sync {

using nlohmann::json;

namespace {
// Nonces are reserved on disk in blocks, so a crash never reuses one and
// a round costs no extra write.
constexpr int64_t kNonceBlock = 1000;
}  // namespace

std::string CommuneOfDevice(const std::string& device_id) {
  return device_id.substr(0, device_id.find('-'));
}

Result<std::unique_ptr<DeviceSync>> DeviceSync::Open(const std::string& db_path, OffsetClock& clock,
                                                     Rng& rng, catalog::Catalog& catalog,
                                                     DeviceOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(db_path));
  RETURN_IF_ERROR(store::Migrate(*db));
  std::unique_ptr<DeviceSync> d(
      new DeviceSync(std::move(db), clock, rng, catalog, std::move(options)));
  RETURN_IF_ERROR(d->Init());
  return d;
}

Status DeviceSync::Init() {
  ASSIGN_OR_RETURN(std::optional<int64_t> offset, store_.StartBoot(options_.boot_id));
  if (offset) {
    clock_.SetOffset(*offset);
    log::Info("sync: clock offset " + std::to_string(*offset) +
              " ms kept from earlier in this boot");
  }
  ASSIGN_OR_RETURN(int64_t reserved, store_.MetaInt("sync_nonce_reserved", 0));
  next_nonce_ = reserved + 1;
  reserved_nonce_ = next_nonce_ + kNonceBlock;
  RETURN_IF_ERROR(store_.SetMetaInt("sync_nonce_reserved", reserved_nonce_));
  std::lock_guard<std::mutex> lock(status_mu_);
  status_.enabled = true;
  status_.device_id = options_.device_id;
  status_.hub = (options_.hub.tls ? "https://" : "http://") + options_.hub.host + ":" +
                std::to_string(options_.hub.port);
  return Status::Ok();
}

Result<int64_t> DeviceSync::NextNonce() {
  if (next_nonce_ >= reserved_nonce_) {
    reserved_nonce_ = next_nonce_ + kNonceBlock;
    RETURN_IF_ERROR(store_.SetMetaInt("sync_nonce_reserved", reserved_nonce_));
  }
  return next_nonce_++;
}

void DeviceSync::Alert(const std::string& kind, std::optional<int64_t> seq,
                       const std::string& message) {
  log::Error("sync alert (" + kind + "): " + message);
  Status st = store_.AddAlert(kind, seq, message, clock_.NowUnixMs());
  if (!st.ok()) log::Error("sync: cannot record alert: " + st.ToString());
}

void DeviceSync::SetInboxHandler(const std::string& kind, InboxHandler h) {
  handlers_[kind] = std::move(h);
}

Result<HttpReply> DeviceSync::Call(const std::string& method, const std::string& target,
                                   const std::string& body, const std::string& content_type,
                                   RoundReport* report) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    ASSIGN_OR_RETURN(int64_t nonce, NextNonce());
    std::vector<std::pair<std::string, std::string>> headers = {
        {kHeaderDevice, options_.device_id},
        {kHeaderNonce, std::to_string(nonce)},
        {kHeaderSignature,
         SignRequest(options_.secret, method, target, body, options_.device_id, nonce)}};
    ASSIGN_OR_RETURN(HttpReply r, HttpRoundTrip(options_.hub, rng_, method, target, headers, body,
                                                content_type));
    report->bytes_sent += r.bytes_sent;
    report->bytes_received += r.bytes_received;
    if (r.status == 401) {
      json j = json::parse(r.body, nullptr, false);
      if (attempt == 0 && j.is_object() && j.value("error", "") == "stale_nonce" &&
          j.contains("last_nonce") && j["last_nonce"].is_number_integer()) {
        // Our reservation was lost (a database restored from a backup): the
        // hub, whose signature check passed, says where to continue.
        next_nonce_ = j["last_nonce"].get<int64_t>() + 1;
        reserved_nonce_ = next_nonce_;
        log::Warn("sync: nonce behind the hub's; continuing from " + std::to_string(next_nonce_));
        continue;
      }
      return Status(Code::kPermissionDenied, "hub refused this device (401): " + r.body);
    }
    if (r.status == 403) {
      return Status(Code::kPermissionDenied, "hub says this device is revoked (403)");
    }
    if (r.status >= 500) {
      return Status(Code::kUnavailable,
                    "hub answered " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
    }
    return r;
  }
  return Status(Code::kPermissionDenied, "hub refused the nonce twice");
}

Result<DeviceSync::HelloReply> DeviceSync::Hello(RoundReport* report) {
  ASSIGN_OR_RETURN(int64_t pending, store_.PendingCount());
  ASSIGN_OR_RETURN(int64_t alerts, store_.AlertCount());
  ASSIGN_OR_RETURN(int64_t bundle_version, store_.MetaInt("bundle_version", 0));
  json body = {{"boot_id", options_.boot_id},
               {"device_time", clock_.base().NowUnixMs()},
               {"clock_offset_ms", clock_.certain() ? json(clock_.offset()) : json(nullptr)},
               {"pending", pending},
               {"catalogue_version", catalog_.version()},
               {"bundle_version", bundle_version},
               {"alerts", alerts},
               {"app_version", options_.app_version}};
  ASSIGN_OR_RETURN(HttpReply r, Call("POST", kPathHello, body.dump(), "application/json", report));
  const int64_t received = clock_.base().NowUnixMs();
  json j = json::parse(r.body, nullptr, false);
  if (r.status != 200 || !j.is_object() || !j.contains("hub_time") ||
      !j["hub_time"].is_number_integer()) {
    return Status(Code::kUnavailable, "bad hello reply (" + std::to_string(r.status) + ")");
  }
  // The hub read its clock somewhere in the exchange: assume the middle.
  const int64_t hub_time = j["hub_time"].get<int64_t>();
  const int64_t offset = hub_time - (received - r.exchange_ms / 2);
  const bool was_certain = clock_.certain();
  const int64_t old = clock_.offset();
  clock_.SetOffset(offset);
  RETURN_IF_ERROR(store_.SaveOffset(options_.boot_id, offset, r.exchange_ms, hub_time));
  if (!was_certain || std::llabs(offset - old) > 60000) {
    log::Info("sync: clock offset to the hub " + std::to_string(offset) + " ms (round trip " +
              std::to_string(r.exchange_ms) + " ms)");
  }
  HelloReply h;
  h.acked = j.value("acked", int64_t{0});
  h.bundle_version = j.value("bundle_version", int64_t{0});
  h.inbox_last = j.value("inbox_last", int64_t{0});
  return h;
}

Result<RoundReport> DeviceSync::SyncOnce() {
  RoundReport report;
  {
    std::lock_guard<std::mutex> lock(status_mu_);
    status_.last_attempt = clock_.NowUnixMs();
  }
  auto run = [&]() -> motcua::Status {
    ASSIGN_OR_RETURN(HelloReply h, Hello(&report));
    // The hub holds less than we marked sent: it was restored from a
    // backup. Send those again (the hub keeps each seq once anyway).
    ASSIGN_OR_RETURN(int64_t max_sent, store_.MaxSentSeq());
    if (h.acked < max_sent) {
      ASSIGN_OR_RETURN(int n, store_.Repend(h.acked));
      Alert("hub_behind", std::nullopt,
            "hub holds entries up to " + std::to_string(h.acked) + ", we had sent up to " +
                std::to_string(max_sent) + "; " + std::to_string(n) + " queued again");
    }
    ASSIGN_OR_RETURN(int64_t max_ever, store_.MaxSeqEver());
    if (h.acked > max_ever) {
      // We lost entries the hub has (restored from an older backup): new
      // entries must not reuse their numbers.
      RETURN_IF_ERROR(store_.RaiseSeq(h.acked));
      Alert("hub_ahead", std::nullopt,
            "hub holds entries up to " + std::to_string(h.acked) + " but this device only up to " +
                std::to_string(max_ever) + " (restored from a backup?)");
    }
    report.acked = h.acked;
    RETURN_IF_ERROR(PushAll(&report));
    ASSIGN_OR_RETURN(int64_t have_bundle, store_.MetaInt("bundle_version", 0));
    if (h.bundle_version > have_bundle) RETURN_IF_ERROR(PullBundle(&report));
    ASSIGN_OR_RETURN(int64_t have_inbox, store_.LastInboxId());
    if (h.inbox_last > have_inbox) RETURN_IF_ERROR(PullInbox(have_inbox, &report));
    // Messages stored in this round or left open by an earlier one; their
    // results go to the hub in the same round.
    ASSIGN_OR_RETURN(bool wrote, ProcessInbox());
    if (wrote) RETURN_IF_ERROR(PushAll(&report));
    return motcua::Status::Ok();
  };
  motcua::Status st = run();
  std::lock_guard<std::mutex> lock(status_mu_);
  if (!st.ok()) {
    status_.last_error = st.message();
    return st;
  }
  status_.last_success = clock_.NowUnixMs();
  status_.last_error.clear();
  return report;
}

void DeviceSync::NoteSchedule(int failures, int64_t next_attempt) {
  std::lock_guard<std::mutex> lock(status_mu_);
  status_.failures = failures;
  status_.next_attempt = next_attempt;
}

SyncStatus DeviceSync::GetStatus() {
  SyncStatus s;
  {
    std::lock_guard<std::mutex> lock(status_mu_);
    s = status_;
  }
  s.clock_certain = clock_.certain();
  s.clock_offset_ms = clock_.offset();
  // Read on the worker's connection from another thread would race it: a
  // short-lived read connection would do, but the counts come from the
  // shared database file, so open one per call.
  auto db = store::Db::Open(db_->path());
  if (db.ok()) {
    DeviceStore ro(**db);
    if (auto n = ro.PendingCount(); n.ok()) s.pending = *n;
    if (auto v = ro.MetaInt("bundle_version", 0); v.ok()) s.bundle_version = *v;
    if (auto v = ro.MetaInt("bundle_issued_at", 0); v.ok()) s.bundle_issued_at = *v;
    if (auto a = ro.Alerts(20); a.ok()) s.alerts = std::move(a).value();
  }
  return s;
}

}  // namespace motcua::sync
