#include "sync/hub_store.h"

#include <algorithm>
#include <set>

#include "crypto/hash.h"

namespace motcua::sync {

const char kDeviceColumns[] =
    "id, commune, secret, created_at, revoked_at, last_nonce, acked_seq, last_contact, "
    "clock_offset_ms, COALESCE(boot_id,''), pending, catalogue_version, bundle_version, alerts, "
    "COALESCE(app_version,'')";

DeviceRecord ReadDevice(const store::Statement& st) {
  DeviceRecord d;
  d.id = st.Text(0);
  d.commune = st.Text(1);
  d.secret = st.Text(2);
  d.created_at = st.Int(3);
  d.revoked_at = st.OptInt(4);
  d.last_nonce = st.Int(5);
  d.acked_seq = st.Int(6);
  d.last_contact = st.OptInt(7);
  d.clock_offset_ms = st.OptInt(8);
  d.boot_id = st.Text(9);
  d.pending = st.OptInt(10);
  d.catalogue_version = st.OptInt(11);
  d.bundle_version = st.OptInt(12);
  d.alerts = st.OptInt(13);
  d.app_version = st.Text(14);
  return d;
}

namespace {

store::Statement& BindOpt(store::Statement& st, int i, const std::optional<int64_t>& v) {
  return v ? st.Bind(i, *v) : st.BindNull(i);
}

}  // namespace

std::string EntryHash(const std::string& kind, int64_t created_at, const std::string& boot_id,
                      const std::string& payload_json) {
  std::string s = kind;
  s.push_back('\n');
  s += std::to_string(created_at);
  s.push_back('\n');
  s += boot_id;
  s.push_back('\n');
  s += payload_json;
  return crypto::Sha256Hex(s);
}

Result<DeviceRecord> HubStore::AddDevice(const std::string& commune, const std::string& secret,
                                         int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  ASSIGN_OR_RETURN(store::Statement n,
                   db_.Prepare("SELECT COUNT(*) FROM hub_devices WHERE commune = ?"));
  n.Bind(1, commune);
  ASSIGN_OR_RETURN(bool row, n.Step());
  int64_t next = (row ? n.Int(0) : 0) + 1;
  DeviceRecord d;
  d.commune = commune;
  d.secret = secret;
  d.created_at = now_ms;
  ASSIGN_OR_RETURN(store::Statement ins,
                   db_.Prepare("INSERT INTO hub_devices(id, commune, secret, created_at) "
                               "VALUES (?,?,?,?)"));
  for (;; ++next) {  // ids are never reused, even if a row was removed by hand
    d.id = commune + "-" + std::to_string(next);
    ASSIGN_OR_RETURN(std::optional<DeviceRecord> existing, FindDevice(d.id));
    if (!existing) break;
  }
  ins.Bind(1, d.id).Bind(2, d.commune).Bind(3, d.secret).Bind(4, d.created_at);
  RETURN_IF_ERROR(ins.Run());
  RETURN_IF_ERROR(txn.Commit());
  return d;
}

Status HubStore::RevokeDevice(const std::string& id, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("UPDATE hub_devices SET revoked_at = COALESCE(revoked_at, ?) "
                               "WHERE id = ?"));
  st.Bind(1, now_ms).Bind(2, id);
  RETURN_IF_ERROR(st.Run());
  if (db_.Changes() == 0) return NotFound("no device " + id);
  return Status::Ok();
}

Result<std::optional<DeviceRecord>> HubStore::FindDevice(const std::string& id) {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare(std::string("SELECT ") + kDeviceColumns +
                                                    " FROM hub_devices WHERE id = ?"));
  st.Bind(1, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<DeviceRecord>();
  return std::optional<DeviceRecord>(ReadDevice(st));
}

Result<std::vector<DeviceRecord>> HubStore::Devices() {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare(std::string("SELECT ") + kDeviceColumns +
                                                    " FROM hub_devices ORDER BY commune, id"));
  std::vector<DeviceRecord> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadDevice(st));
  }
  return out;
}

Result<bool> HubStore::UseNonce(const std::string& id, int64_t nonce) {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare("UPDATE hub_devices SET last_nonce = ? "
                                                    "WHERE id = ? AND last_nonce < ?"));
  st.Bind(1, nonce).Bind(2, id).Bind(3, nonce);
  RETURN_IF_ERROR(st.Run());
  return db_.Changes() == 1;
}

Status HubStore::RecordContact(const std::string& id, const DeviceReport& r, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("UPDATE hub_devices SET last_contact = ?, clock_offset_ms = ?, "
                               "boot_id = ?, pending = ?, catalogue_version = ?, "
                               "bundle_version = ?, alerts = ?, app_version = ? WHERE id = ?"));
  st.Bind(1, now_ms);
  BindOpt(st, 2, r.clock_offset_ms);
  st.Bind(3, r.boot_id).Bind(4, r.pending).Bind(5, r.catalogue_version);
  st.Bind(6, r.bundle_version).Bind(7, r.alerts).Bind(8, r.app_version).Bind(9, id);
  return st.Run();
}

Result<PushOutcome> HubStore::StoreEntries(const std::string& device_id,
                                           const std::vector<IncomingEntry>& entries,
                                           int64_t now_ms) {
  PushOutcome out;
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  ASSIGN_OR_RETURN(store::Statement get,
                   db_.Prepare("SELECT content_hash, hub_time FROM hub_entries "
                               "WHERE device_id = ? AND seq = ?"));
  ASSIGN_OR_RETURN(store::Statement ins,
                   db_.Prepare("INSERT INTO hub_entries(device_id, seq, kind, created_at, "
                               "boot_id, hub_time, content_hash, payload_json, received_at) "
                               "VALUES (?,?,?,?,?,?,?,?,?)"));
  ASSIGN_OR_RETURN(store::Statement fix_time,
                   db_.Prepare("UPDATE hub_entries SET hub_time = ? WHERE device_id = ? AND "
                               "seq = ? AND hub_time IS NULL"));
  ASSIGN_OR_RETURN(store::Statement blob, db_.Prepare("SELECT 1 FROM hub_blobs WHERE sha256 = ?"));
  std::set<std::string> missing;
  for (const IncomingEntry& e : entries) {
    get.Reset();
    get.Bind(1, device_id).Bind(2, e.seq);
    ASSIGN_OR_RETURN(bool exists, get.Step());
    if (exists) {
      if (get.Text(0) == e.content_hash) {
        ++out.duplicates;
        if (get.IsNull(1) && e.hub_time) {  // the device has learnt its clock since
          fix_time.Reset();
          fix_time.Bind(1, *e.hub_time).Bind(2, device_id).Bind(3, e.seq);
          RETURN_IF_ERROR(fix_time.Run());
        }
      } else {
        out.conflicts.push_back(e.seq);
        RETURN_IF_ERROR(AddAlert(device_id, "conflict", e.seq,
                                 "seq " + std::to_string(e.seq) + " resent with other content",
                                 e.content_hash, e.payload_json, now_ms));
      }
      continue;
    }
    bool blobs_ok = true;
    for (const std::string& b : e.blobs) {
      blob.Reset();
      blob.Bind(1, b);
      ASSIGN_OR_RETURN(bool have, blob.Step());
      if (!have) {
        blobs_ok = false;
        missing.insert(b);
      }
    }
    if (!blobs_ok) continue;
    ins.Reset();
    ins.Bind(1, device_id).Bind(2, e.seq).Bind(3, e.kind).Bind(4, e.created_at).Bind(5, e.boot_id);
    BindOpt(ins, 6, e.hub_time);
    ins.Bind(7, e.content_hash).Bind(8, e.payload_json).Bind(9, now_ms);
    RETURN_IF_ERROR(ins.Run());
    ++out.stored;
  }
  // The highest contiguous seq held: walk up from the last known one.
  ASSIGN_OR_RETURN(store::Statement acked,
                   db_.Prepare("SELECT acked_seq FROM hub_devices WHERE id = ?"));
  acked.Bind(1, device_id);
  ASSIGN_OR_RETURN(bool have_dev, acked.Step());
  if (!have_dev) return NotFound("no device " + device_id);
  int64_t a = acked.Int(0);
  ASSIGN_OR_RETURN(store::Statement next,
                   db_.Prepare("SELECT seq FROM hub_entries WHERE device_id = ? AND seq > ? "
                               "ORDER BY seq LIMIT 1000"));
  for (bool more = true; more;) {
    more = false;
    next.Reset();
    next.Bind(1, device_id).Bind(2, a);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, next.Step());
      if (!row || next.Int(0) != a + 1) break;
      ++a;
      more = true;
    }
  }
  ASSIGN_OR_RETURN(store::Statement up,
                   db_.Prepare("UPDATE hub_devices SET acked_seq = ? WHERE id = ?"));
  up.Bind(1, a).Bind(2, device_id);
  RETURN_IF_ERROR(up.Run());
  RETURN_IF_ERROR(txn.Commit());
  out.acked = a;
  out.missing_blobs.assign(missing.begin(), missing.end());
  return out;
}

Result<std::vector<StoredEntry>> HubStore::Entries(const std::string& device_id, int64_t after_seq,
                                                   int limit) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT device_id, seq, kind, created_at, boot_id, hub_time, "
                               "content_hash, payload_json, received_at FROM hub_entries "
                               "WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?"));
  st.Bind(1, device_id).Bind(2, after_seq).Bind(3, limit);
  std::vector<StoredEntry> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    StoredEntry e;
    e.device_id = st.Text(0);
    e.seq = st.Int(1);
    e.kind = st.Text(2);
    e.created_at = st.Int(3);
    e.boot_id = st.Text(4);
    e.hub_time = st.OptInt(5);
    e.content_hash = st.Text(6);
    e.payload_json = st.Text(7);
    e.received_at = st.Int(8);
    out.push_back(std::move(e));
  }
  return out;
}

Result<int64_t> HubStore::CountEntries(const std::string& device_id) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT COUNT(*) FROM hub_entries WHERE device_id = ?"));
  st.Bind(1, device_id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Status HubStore::AddAlert(const std::string& device_id, const std::string& kind,
                          std::optional<int64_t> seq, const std::string& detail,
                          const std::string& content_hash,
                          const std::optional<std::string>& payload, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR IGNORE INTO hub_alerts(at, device_id, kind, seq, "
                               "detail, content_hash, payload_json) VALUES (?,?,?,?,?,?,?)"));
  st.Bind(1, now_ms).Bind(2, device_id).Bind(3, kind);
  BindOpt(st, 4, seq);
  st.Bind(5, detail).Bind(6, content_hash).Bind(7, payload);
  return st.Run();
}

Result<std::vector<HubAlert>> HubStore::Alerts(int limit) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT id, at, device_id, kind, seq, detail FROM hub_alerts "
                               "ORDER BY id DESC LIMIT ?"));
  st.Bind(1, limit);
  std::vector<HubAlert> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Int(1), st.Text(2), st.Text(3), st.OptInt(4), st.Text(5)});
  }
  return out;
}

Result<std::optional<StoredBundle>> HubStore::Bundle(const std::string& commune) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT commune, version, issued_at, content_hash, "
                               "catalogue_version, procedures, signed FROM hub_bundles "
                               "WHERE commune = ?"));
  st.Bind(1, commune);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<StoredBundle>();
  StoredBundle b;
  b.commune = st.Text(0);
  b.version = st.Int(1);
  b.issued_at = st.Int(2);
  b.content_hash = st.Text(3);
  b.catalogue_version = st.Int(4);
  b.procedures = st.Int(5);
  b.signed_file = st.Text(6);
  return std::optional<StoredBundle>(std::move(b));
}

Status HubStore::PutBundle(const StoredBundle& b) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR REPLACE INTO hub_bundles(commune, version, issued_at, "
                               "content_hash, catalogue_version, procedures, signed) "
                               "VALUES (?,?,?,?,?,?,?)"));
  st.Bind(1, b.commune).Bind(2, b.version).Bind(3, b.issued_at).Bind(4, b.content_hash);
  st.Bind(5, b.catalogue_version).Bind(6, b.procedures);
  st.BindBlob(7, b.signed_file.data(), b.signed_file.size());
  return st.Run();
}

Result<int64_t> HubStore::AddMessage(const std::string& commune, const std::string& kind,
                                     const std::string& payload_json, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT INTO hub_messages(commune, kind, payload_json, "
                               "created_at) VALUES (?,?,?,?)"));
  st.Bind(1, commune).Bind(2, kind).Bind(3, payload_json).Bind(4, now_ms);
  RETURN_IF_ERROR(st.Run());
  return db_.LastInsertRowId();
}

Result<std::vector<HubMessage>> HubStore::Messages(const std::string& commune, int64_t after_id,
                                                   int limit) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT id, commune, kind, payload_json, created_at FROM "
                               "hub_messages WHERE commune = ? AND id > ? ORDER BY id LIMIT ?"));
  st.Bind(1, commune).Bind(2, after_id).Bind(3, limit);
  std::vector<HubMessage> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Int(4)});
  }
  return out;
}

Result<int64_t> HubStore::LastMessageId(const std::string& commune) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT COALESCE(MAX(id), 0) FROM hub_messages WHERE commune = ?"));
  st.Bind(1, commune);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<bool> HubStore::HasBlob(const std::string& sha256) {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare("SELECT 1 FROM hub_blobs WHERE sha256 = ?"));
  st.Bind(1, sha256);
  return st.Step();
}

Status HubStore::AddBlob(const std::string& sha256, int64_t size, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR IGNORE INTO hub_blobs(sha256, size, received_at) "
                               "VALUES (?,?,?)"));
  st.Bind(1, sha256).Bind(2, size).Bind(3, now_ms);
  return st.Run();
}

}  // namespace motcua::sync
