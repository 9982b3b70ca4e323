// Sync fault tests on loopback, in process: the hub's real listener, a
// cutting proxy, the device's real client. Each ends with Agree(): the hub
// and the device agree on every record, none missing, none twice.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "sync/protocol.h"
#include "sync/wire.h"
#include "sync_rig.h"

using namespace motcua::testing;  // NOLINT: test file
using motcua::Code;
using nlohmann::json;

namespace {

// Gives the hub a commune-level catalogue; `rev` changes one name so that a
// new bundle version is issued.
void HubCatalogue(SyncRig& rig, int rev) {
  auto cat = motcua::catalog::Catalog::Open(rig.dir.File("hub.db"), rig.hub_clock, {}).value();
  std::vector<motcua::domain::Procedure> procs;
  for (int i = 0; i < 30; ++i) {
    motcua::domain::Procedure p;
    p.code = "1.00" + std::to_string(1000 + i);
    p.name =
        "Thủ tục số " + std::to_string(i) + (i == 0 ? " (bản " + std::to_string(rev) + ")" : "");
    p.field = "Hộ tịch";
    p.levels = motcua::domain::kLevelCommune;
    p.steps = {"Bước 1: Nộp hồ sơ tại Bộ phận Một cửa.", "Bước 2: Nhận kết quả."};
    procs.push_back(p);
  }
  REQUIRE(cat->Import(procs).ok());
  rig.hub_clock.Advance(1000);  // versions are at least the hub's second
}

int64_t DeviceBundleVersion(SyncRig& rig) {
  return rig.Count(*rig.device_db,
                   "SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM meta "
                   "WHERE key='bundle_version'), 0)");
}

}  // namespace

TEST_CASE("Connections cut after N bytes, either way, for many N: nothing lost, nothing twice") {
  SyncRig rig(/*batch_entries=*/5);
  HubCatalogue(rig, 0);
  std::vector<int64_t> cuts;
  for (int64_t n = 0; n < 1400; n += 13) cuts.push_back(n);
  for (int64_t n : {1500, 2000, 3000, 4000, 6000, 9000, 14000}) cuts.push_back(n);
  int rev = 0;
  int failed_rounds = 0;
  for (auto dir : {CutProxy::Dir::kToServer, CutProxy::Dir::kToClient}) {
    for (int64_t n : cuts) {
      CAPTURE(n);
      CAPTURE(static_cast<int>(dir));
      rig.AddEntries(7);
      if (n % 5 == 0) HubCatalogue(rig, ++rev);  // a bundle to pull in this round too
      rig.proxy.CutAfter(dir, n);
      failed_rounds += rig.device->SyncOnce().ok() ? 0 : 1;
      rig.proxy.NoCut();
      REQUIRE(rig.SyncUntilDone());
      rig.Agree();
      CHECK(DeviceBundleVersion(rig) == rig.hub->CurrentBundle("03646").value()->version);
    }
  }
  CHECK(failed_rounds > 100);  // the cuts did hit
  CHECK(rig.proxy.cuts() > 100);
}

TEST_CASE("Duplicate and out-of-order delivery change nothing") {
  SyncRig rig;
  rig.AddEntries(20);
  REQUIRE(rig.SyncUntilDone());
  rig.AddEntries(10);  // seqs 21..30, not sent yet

  // A replaying middlebox: the device's entries re-sent, shuffled, with
  // duplicates, and a later part (26..30) before the earlier one.
  auto rows = rig.device_db->Prepare(
      "SELECT seq, kind, payload_json, created_at, boot_id FROM outbox ORDER BY seq");
  REQUIRE(rows.ok());
  std::vector<json> all;
  while (rows->Step().value()) {
    all.push_back({{"seq", rows->Int(0)},
                   {"kind", rows->Text(1)},
                   {"created_at", rows->Int(3)},
                   {"boot_id", rows->Text(4)},
                   {"payload", json::parse(rows->Text(2))}});
  }
  REQUIRE(all.size() == 30);
  int64_t nonce = 1000000000;
  auto push = [&](std::vector<json> entries) {
    const std::string body = motcua::sync::Compress(json{{"entries", entries}}.dump()).value();
    ++nonce;
    motcua::sync::HttpTarget t;
    t.tls = false;
    t.host = "127.0.0.1";
    t.port = rig.api->port();
    auto r = motcua::sync::HttpRoundTrip(
        t, *rig.rng, "POST", motcua::sync::kPathPush,
        {{motcua::sync::kHeaderDevice, rig.creds.device.id},
         {motcua::sync::kHeaderNonce, std::to_string(nonce)},
         {motcua::sync::kHeaderSignature,
          motcua::sync::SignRequest(rig.creds.secret, "POST", motcua::sync::kPathPush, body,
                                    rig.creds.device.id, nonce)}},
        body, motcua::sync::kContentTypeZlib);
    REQUIRE(r.ok());
    REQUIRE(r->status == 200);
    return json::parse(r->body);
  };
  std::vector<json> old(all.begin(), all.begin() + 20);
  old.insert(old.end(), all.begin() + 3, all.begin() + 9);
  std::shuffle(old.begin(), old.end(), std::mt19937(7));
  json a = push(old);
  CHECK(a["stored"] == 0);
  CHECK(a["duplicates"] == 26);
  CHECK(a["acked"] == 20);
  json b = push({all[29], all[27], all[25], all[28], all[26], all[27]});
  CHECK(b["stored"] == 5);
  CHECK(b["acked"] == 20);  // 21..25 still missing: not contiguous
  // The device now sends 21..30 (its nonces are behind the middlebox's: the
  // hub tells it where to continue).
  REQUIRE(rig.SyncUntilDone());
  rig.Agree();
  CHECK(rig.hub->Entries(rig.creds.device.id, 0, 1000).value().size() == 30);
}

TEST_CASE("The same seq with other content: 409, alerts on both sides, the hub keeps the first") {
  SyncRig rig;
  rig.AddEntries(10);
  REQUIRE(rig.SyncUntilDone());
  // As after restoring an old backup: seq 4 exists again with other content.
  REQUIRE(rig.device_db
              ->Exec("UPDATE outbox SET payload_json = '{\"code\":\"PA-khac\"}', "
                     "state = 'pending' WHERE seq = 4")
              .ok());
  rig.AddEntries(3);
  auto r = rig.device->SyncOnce();
  REQUIRE(r.ok());
  CHECK(rig.Pending() == 0);
  rig.Agree({4});
  auto kept = rig.hub->Entries(rig.creds.device.id, 3, 1).value();
  REQUIRE(kept.size() == 1);
  CHECK(json::parse(kept[0].payload_json)["code"] == "PA-4");
  auto hub_alerts = rig.hub->Alerts(10).value();
  REQUIRE(hub_alerts.size() == 1);
  CHECK(hub_alerts[0].kind == "conflict");
  CHECK(hub_alerts[0].seq == 4);
  auto dev_alerts = rig.device->GetStatus().alerts;
  REQUIRE(dev_alerts.size() == 1);
  CHECK(dev_alerts[0].kind == "conflict");
  CHECK(dev_alerts[0].seq == 4);
}

TEST_CASE("Requests with a revoked or a wrong device key are refused, nothing changes") {
  SyncRig rig;
  rig.AddEntries(5);
  REQUIRE(rig.SyncUntilDone());
  rig.AddEntries(5);
  const auto before = rig.hub->Entries(rig.creds.device.id, 0, 100).value().size();
  SUBCASE("wrong key") {
    rig.creds.secret = std::string(43, 'x');
    rig.OpenDevice(50, "boot-1");
    auto r = rig.device->SyncOnce();
    CHECK(r.status().code() == Code::kPermissionDenied);
    CHECK(rig.Pending() == 5);
    CHECK(rig.hub->Entries(rig.creds.device.id, 0, 100).value().size() == before);
  }
  SUBCASE("revoked device") {
    REQUIRE(rig.hub->RevokeDevice(rig.creds.device.id).ok());
    auto r = rig.device->SyncOnce();
    CHECK(r.status().code() == Code::kPermissionDenied);
    CHECK(rig.Pending() == 5);
    CHECK(rig.hub->Entries(rig.creds.device.id, 0, 100).value().size() == before);
    CHECK(rig.hub->Devices().value()[0].pending == 5);  // never recorded: still the old report
  }
}

TEST_CASE("A bundle signed by another key is refused over the wire, the catalogue stays") {
  SyncRig rig;
  HubCatalogue(rig, 1);
  REQUIRE(rig.SyncUntilDone());
  const int64_t good = DeviceBundleVersion(rig);
  CHECK(good > 0);
  CHECK(rig.device_catalog->size() == 30);
  // The hub's key is replaced (stolen laptop, mistaken re-generation...):
  // boards holding the old public key refuse what it signs.
  auto other = motcua::crypto::GenerateKeyPair(*rig.rng).value();
  rig.api.reset();
  motcua::sync::HubOptions ho;
  ho.province_private_pem = other.private_pem;
  ho.blob_dir = rig.dir.File("hub-blobs");
  rig.hub = motcua::sync::Hub::Open(rig.dir.File("hub.db"), rig.hub_clock, *rig.rng, ho).value();
  rig.StartApi();
  rig.proxy.SetUpstream(rig.api->port());
  HubCatalogue(rig, 2);
  const int64_t catalogue_version = rig.device_catalog->version();
  REQUIRE(rig.device->SyncOnce().ok());  // the round works; the bundle is refused
  CHECK(DeviceBundleVersion(rig) == good);
  CHECK(rig.device_catalog->version() == catalogue_version);
  auto alerts = rig.device->GetStatus().alerts;
  REQUIRE(!alerts.empty());
  CHECK(alerts[0].kind == "bundle_signature");
  rig.AddEntries(3);
  REQUIRE(rig.SyncUntilDone());
  rig.Agree();
}

TEST_CASE("A device clock off by days is corrected after the first contact") {
  SyncRig rig;
  rig.device_base.Set(rig.hub_clock.NowUnixMs() - 3 * 86400000LL - 4321);  // 3 days behind
  CHECK_FALSE(rig.dclock->certain());
  CHECK(rig.dclock->Today() != rig.hub_clock.Today());
  rig.AddEntries(4);  // made before any contact: device time
  REQUIRE(rig.SyncUntilDone());
  CHECK(rig.dclock->certain());
  CHECK(std::llabs(rig.dclock->NowUnixMs() - rig.hub_clock.NowUnixMs()) < 2000);
  CHECK(rig.dclock->Today() == rig.hub_clock.Today());
  rig.AddEntries(4);  // made after: already in hub time
  REQUIRE(rig.SyncUntilDone());
  rig.Agree();
  const auto first = rig.hub->Entries(rig.creds.device.id, 0, 100).value();
  for (const auto& e : first) {
    CAPTURE(e.seq);
    REQUIRE(e.hub_time.has_value());
    CHECK(std::llabs(*e.hub_time - rig.hub_clock.NowUnixMs()) < 2000);
    if (e.seq <= 4) CHECK(e.created_at < rig.hub_clock.NowUnixMs() - 2 * 86400000LL);
  }
  // The board reboots with its clock 5 days ahead: unknown again until the
  // hub answers; what is written before that is corrected on arrival.
  rig.NewBoot("boot-2", rig.hub_clock.NowUnixMs() + 5 * 86400000LL);
  CHECK_FALSE(rig.dclock->certain());
  rig.AddEntries(2);
  REQUIRE(rig.SyncUntilDone());
  CHECK(rig.dclock->certain());
  rig.Agree();
  const auto later = rig.hub->Entries(rig.creds.device.id, 8, 100).value();
  for (const auto& e : later) {
    CAPTURE(e.seq);
    REQUIRE(e.hub_time.has_value());
    CHECK(e.created_at > rig.hub_clock.NowUnixMs() + 4 * 86400000LL);
    CHECK(std::llabs(*e.hub_time - rig.hub_clock.NowUnixMs()) < 2000);
  }
}

TEST_CASE("Hub messages under cuts, refusals and a crash after apply: each applied once, answered") {
  SyncRig rig(/*batch_entries=*/5);
  REQUIRE(rig.device_db->Exec("CREATE TABLE test_applied(n INTEGER NOT NULL)").ok());
  // The handler applies a message in a transaction of its own connection, as
  // the office workflow does, and runs the commit hook inside it.
  std::map<int, int> calls;
  rig.device->SetInboxHandler("test.step", [&](const motcua::sync::DeviceSync::InboxMessage& m) {
    const int n = json::parse(m.payload_json)["n"].get<int>();
    const int call = ++calls[n];
    if (n == 5 && call == 1) return motcua::Status(Code::kUnavailable, "database busy");
    if (n == 7) return motcua::InvalidArgument("Không thể chuyển từ «A» sang «B».");
    auto txn = motcua::store::Transaction::Begin(*rig.device_db);
    REQUIRE(txn.ok());
    auto ins = rig.device_db->Prepare("INSERT INTO test_applied(n) VALUES (?)");
    REQUIRE(ins.ok());
    ins->Bind(1, static_cast<int64_t>(n));
    REQUIRE(ins->Run().ok());
    REQUIRE(m.commit(*rig.device_db).ok());
    REQUIRE(txn->Commit().ok());
    // A power cut right after the commit: the program never learns it worked.
    if (n == 9 && call == 1) return motcua::Status(Code::kIo, "cut after commit");
    return motcua::Status::Ok();
  });
  for (int n = 1; n <= 20; ++n)
    REQUIRE(rig.hub->SendMessage("03646", "test.step", json({{"n", n}}).dump()).ok());
  // A message of a kind this device does not handle is refused, not retried.
  REQUIRE(rig.hub->SendMessage("03646", "test.unknown", "{}").ok());

  int64_t n = 0;
  for (auto dir : {CutProxy::Dir::kToServer, CutProxy::Dir::kToClient}) {
    for (int64_t at : {0, 200, 700, 1500, 3000}) {
      rig.proxy.CutAfter(dir, at + n++);
      (void)rig.device->SyncOnce();
      rig.proxy.NoCut();
    }
  }
  CHECK(rig.proxy.cuts() >= 2);  // the cuts at 0 and 200 bytes always hit
  // Until every message is closed and every answer is at the hub.
  for (int i = 0; i < 20; ++i) {
    (void)rig.device->SyncOnce();
    if (rig.Count(*rig.device_db,
                  "SELECT COUNT(*) FROM sync_inbox WHERE applied_at IS NULL AND error IS NULL") ==
            0 &&
        rig.Pending() == 0)
      break;
  }
  CHECK(rig.Count(*rig.device_db, "SELECT COUNT(*) FROM sync_inbox") == 21);
  CHECK(rig.Count(*rig.device_db, "SELECT COUNT(*) FROM test_applied") == 19);
  CHECK(rig.Count(*rig.device_db, "SELECT COUNT(DISTINCT n) FROM test_applied") == 19);
  CHECK(calls[5] == 2);  // the busy one: again in a later round
  CHECK(calls[7] == 1);  // a refusal is final
  CHECK(calls[9] == 1);  // applied, so not run again after the "crash"
  CHECK(rig.Count(*rig.device_db, "SELECT COUNT(*) FROM sync_inbox WHERE error IS NOT NULL") == 2);
  CHECK(rig.Count(*rig.device_db, "SELECT COUNT(*) FROM sync_alerts WHERE kind = 'inbox'") >= 2);

  // The hub holds one answer per message: 19 applied, 2 refused with the reason.
  rig.Agree();
  auto hub_db = motcua::store::Db::Open(rig.dir.File("hub.db")).value();
  CHECK(rig.Count(*hub_db, "SELECT COUNT(*) FROM hub_entries WHERE kind = 'inbox.result'") == 21);
  CHECK(rig.Count(*hub_db,
                  "SELECT COUNT(DISTINCT json_extract(payload_json, '$.message')) FROM hub_entries "
                  "WHERE kind = 'inbox.result'") == 21);
  CHECK(rig.Count(*hub_db,
                  "SELECT COUNT(*) FROM hub_entries WHERE kind = 'inbox.result' AND "
                  "json_extract(payload_json, '$.ok') = 0 AND json_extract(payload_json, '$.error') "
                  "LIKE 'Không thể chuyển%'") == 1);
}
