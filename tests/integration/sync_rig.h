// In-process hub and device for the sync fault tests: the hub's real
// device-facing listener (web::SyncApi, plain HTTP on loopback), a CutProxy
// in between, and a device (DeviceSync with its catalogue) on its own
// database. Entries are written into the device's outbox as the feedback
// module writes them. Agree() is the check every fault test ends with.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "catalog/catalog.h"
#include "crypto/random.h"
#include "crypto/signature.h"
#include "store/db.h"
#include "support/cut_proxy.h"
#include "support/temp_dir.h"
#include "sync/clock.h"
#include "sync/device.h"
#include "sync/hub.h"
#include "sync/hub_store.h"
#include "web/sync_api.h"

namespace motcua::testing {

// The check every fault test ends with: the hub holds every outbox entry of
// the device exactly once with the same content, nothing else, acks all of
// them, and the device has every entry marked sent. `except` lists seqs
// allowed to differ (a deliberate conflict). Returns the number of entries.
inline size_t AgreeOutboxes(store::Db& device_db, store::Db& hub_db, const std::string& device_id,
                            const std::set<int64_t>& except = {}) {
  auto st = device_db.Prepare(
      "SELECT seq, kind, payload_json, created_at, COALESCE(boot_id,''), state FROM outbox "
      "ORDER BY seq");
  REQUIRE(st.ok());
  std::map<int64_t, std::string> device_hashes;
  for (;;) {
    auto row = st->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    const std::string canon = nlohmann::json::parse(st->Text(2)).dump();
    device_hashes[st->Int(0)] = sync::EntryHash(st->Text(1), st->Int(3), st->Text(4), canon);
    CHECK_MESSAGE(st->Text(5) == "sent", "seq " << st->Int(0) << " still " << st->Text(5));
  }
  auto hs =
      hub_db.Prepare("SELECT seq, content_hash FROM hub_entries WHERE device_id = ? ORDER BY seq");
  REQUIRE(hs.ok());
  hs->Bind(1, device_id);
  std::map<int64_t, std::string> hub_hashes;
  for (;;) {
    auto row = hs->Step();
    REQUIRE(row.ok());
    if (!*row) break;
    CHECK_MESSAGE(hub_hashes.count(hs->Int(0)) == 0, "seq " << hs->Int(0) << " twice at the hub");
    hub_hashes[hs->Int(0)] = hs->Text(1);
  }
  CHECK(hub_hashes.size() == device_hashes.size());
  for (const auto& kv : device_hashes) {
    const int64_t seq = kv.first;  // CAPTURE cannot take a structured binding (clang)
    const std::string& hash = kv.second;
    CAPTURE(seq);
    REQUIRE_MESSAGE(hub_hashes.count(seq) == 1, "seq " << seq << " missing at the hub");
    if (!except.count(seq)) CHECK(hub_hashes[seq] == hash);
  }
  auto acked = hub_db.Prepare("SELECT acked_seq FROM hub_devices WHERE id = ?");
  REQUIRE(acked.ok());
  acked->Bind(1, device_id);
  REQUIRE(acked->Step().value());
  CHECK(acked->Int(0) == static_cast<int64_t>(device_hashes.size()));
  return device_hashes.size();
}

struct SyncRig {
  TempDir dir;
  FakeClock hub_clock{1800000000000};
  FakeClock device_base{1800000000000};
  std::unique_ptr<sync::OffsetClock> clock_holder =
      std::make_unique<sync::OffsetClock>(device_base);
  sync::OffsetClock* dclock = clock_holder.get();
  std::unique_ptr<crypto::DrbgRng> rng = crypto::DrbgRng::Create("rig").value();
  crypto::KeyPairPem province = crypto::GenerateKeyPair(*rng).value();
  std::unique_ptr<sync::Hub> hub;
  std::unique_ptr<web::SyncApi> api;
  CutProxy proxy;
  sync::DeviceCredentials creds;
  std::unique_ptr<catalog::Catalog> device_catalog;
  std::unique_ptr<sync::DeviceSync> device;
  std::unique_ptr<store::Db> device_db;  // the "feedback module's" connection
  int next_payload = 0;

  explicit SyncRig(int batch_entries = 50, const std::string& boot_id = "boot-1") {
    sync::HubOptions ho;
    ho.province_private_pem = province.private_pem;
    ho.blob_dir = dir.File("hub-blobs");
    hub = sync::Hub::Open(dir.File("hub.db"), hub_clock, *rng, ho).value();
    creds = hub->AddDevice("03646").value();
    StartApi();
    REQUIRE(proxy.Start(api->port()));
    device_catalog = catalog::Catalog::Open(dir.File("device.db"), *dclock, {}).value();
    OpenDevice(batch_entries, boot_id);
    device_db = store::Db::Open(dir.File("device.db")).value();
  }

  void StartApi(int port = 0) {
    web::SyncApiOptions ao;
    ao.listen = "127.0.0.1:" + std::to_string(port);
    ao.plain_http = true;
    ao.threads = 4;
    api = web::SyncApi::Start(ao, *hub).value();
  }

  void OpenDevice(int batch_entries, const std::string& boot_id) {
    sync::DeviceOptions o;
    o.device_id = creds.device.id;
    o.secret = creds.secret;
    o.hub.tls = false;
    o.hub.host = "127.0.0.1";
    o.hub.port = proxy.port();
    o.hub.timeout_ms = 3000;
    o.province_public_pem = province.public_pem;
    o.boot_id = boot_id;
    o.attachments_dir = dir.File("attachments");
    o.batch_entries = batch_entries;
    device.reset();
    device =
        sync::DeviceSync::Open(dir.File("device.db"), *dclock, *rng, *device_catalog, o).value();
  }

  // The board rebooted: the program starts again with a fresh clock offset
  // (unknown) and the system clock wherever it came up.
  void NewBoot(const std::string& boot_id, int64_t system_time_ms, int batch_entries = 50) {
    device.reset();
    device_catalog.reset();
    device_base.Set(system_time_ms);
    clock_holder = std::make_unique<sync::OffsetClock>(device_base);
    dclock = clock_holder.get();
    device_catalog = catalog::Catalog::Open(dir.File("device.db"), *dclock, {}).value();
    OpenDevice(batch_entries, boot_id);
  }

  // Appends `n` entries to the device's outbox (one transaction each, as
  // the feedback module does), stamped with the device's clock.
  void AddEntries(int n) {
    for (int i = 0; i < n; ++i) {
      nlohmann::json payload = {
          {"code", "PA-" + std::to_string(++next_payload)},
          {"title", "Phản ánh số " + std::to_string(next_payload)},
          {"content", "Thủ tục đăng ký khai sinh bị chậm hơn hạn, đề nghị xã giải quyết. #" +
                          std::to_string(next_payload)}};
      auto st = device_db->Prepare(
          "INSERT INTO outbox(kind, payload_json, created_at) VALUES ('feedback.received', ?, ?)");
      REQUIRE(st.ok());
      st->Bind(1, payload.dump()).Bind(2, dclock->NowUnixMs());
      REQUIRE(st->Run().ok());
    }
  }

  int64_t Count(store::Db& db, const std::string& sql) {
    auto st = db.Prepare(sql);
    REQUIRE(st.ok());
    REQUIRE(st->Step().value());
    return st->Int(0);
  }
  int64_t Pending() {
    return Count(*device_db, "SELECT COUNT(*) FROM outbox WHERE state='pending'");
  }

  // Rounds until nothing is pending (bounded); true when a round succeeded
  // with nothing left.
  bool SyncUntilDone(int max_rounds = 50) {
    for (int i = 0; i < max_rounds; ++i) {
      auto r = device->SyncOnce();
      if (r.ok() && Pending() == 0) return true;
    }
    return false;
  }

  // The check every fault test ends with (see AgreeOutboxes).
  void Agree(const std::set<int64_t>& except = {}) {
    auto hub_db = store::Db::Open(dir.File("hub.db")).value();
    AgreeOutboxes(*device_db, *hub_db, creds.device.id, except);
  }
};

}  // namespace motcua::testing
