#include "sync/device_store.h"

#include <nlohmann/json.hpp>

#include "store/feedback_repo.h"
#include "sync/messages.h"

namespace motcua::sync {

Result<std::optional<int64_t>> DeviceStore::StartBoot(const std::string& boot_id) {
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  RETURN_IF_ERROR(SetMetaText("boot_id", boot_id));
  ASSIGN_OR_RETURN(std::optional<int64_t> offset, OffsetForBoot(boot_id));
  if (offset) {
    RETURN_IF_ERROR(SetMetaInt("clock_offset_ms", *offset));
  } else {
    ASSIGN_OR_RETURN(store::Statement del,
                     db_.Prepare("DELETE FROM meta WHERE key = 'clock_offset_ms'"));
    RETURN_IF_ERROR(del.Run());
  }
  RETURN_IF_ERROR(txn.Commit());
  return offset;
}

Status DeviceStore::SaveOffset(const std::string& boot_id, int64_t offset_ms, int64_t rtt_ms,
                               int64_t hub_time) {
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR REPLACE INTO sync_clock(boot_id, offset_ms, rtt_ms, "
                               "measured_at) VALUES (?,?,?,?)"));
  st.Bind(1, boot_id).Bind(2, offset_ms).Bind(3, rtt_ms).Bind(4, hub_time);
  RETURN_IF_ERROR(st.Run());
  RETURN_IF_ERROR(SetMetaInt("clock_offset_ms", offset_ms));
  return txn.Commit();
}

Result<std::optional<int64_t>> DeviceStore::OffsetForBoot(const std::string& boot_id) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT offset_ms FROM sync_clock WHERE boot_id = ?"));
  st.Bind(1, boot_id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(st.Int(0));
}

Result<std::vector<OutboxEntry>> DeviceStore::Pending(int limit, size_t max_bytes) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT seq, kind, payload_json, created_at, COALESCE(boot_id,''), "
                               "clock_offset_ms FROM outbox WHERE state = 'pending' "
                               "ORDER BY seq LIMIT ?"));
  st.Bind(1, limit);
  std::vector<OutboxEntry> out;
  size_t bytes = 0;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    const size_t size = st.TextView(2).size();
    if (!out.empty() && bytes + size > max_bytes) break;
    bytes += size;
    OutboxEntry e;
    e.seq = st.Int(0);
    e.kind = st.Text(1);
    e.payload_json = st.Text(2);
    e.created_at = st.Int(3);
    e.boot_id = st.Text(4);
    if (!st.IsNull(5)) e.clock_offset_ms = st.Int(5);
    out.push_back(std::move(e));
  }
  return out;
}

Result<int64_t> DeviceStore::PendingCount() {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT COUNT(*) FROM outbox WHERE state = 'pending'"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Status DeviceStore::MarkSent(int64_t first, int64_t last, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("UPDATE outbox SET state = 'sent', sent_at = ? "
                               "WHERE state = 'pending' AND seq BETWEEN ? AND ?"));
  st.Bind(1, now_ms).Bind(2, first).Bind(3, last);
  return st.Run();
}

Result<int> DeviceStore::Repend(int64_t acked) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("UPDATE outbox SET state = 'pending', sent_at = NULL "
                               "WHERE state = 'sent' AND seq > ?"));
  st.Bind(1, acked);
  RETURN_IF_ERROR(st.Run());
  return db_.Changes();
}

Result<int64_t> DeviceStore::MaxSentSeq() {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT COALESCE(MAX(seq), 0) FROM outbox WHERE state = 'sent'"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<int64_t> DeviceStore::MaxSeqEver() {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence "
                               "WHERE name = 'outbox'), 0), COALESCE((SELECT MAX(seq) "
                               "FROM outbox), 0))"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Status DeviceStore::RaiseSeq(int64_t to) {
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  ASSIGN_OR_RETURN(store::Statement up,
                   db_.Prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'outbox' "
                               "AND seq < ?"));
  up.Bind(1, to).Bind(2, to);
  RETURN_IF_ERROR(up.Run());
  ASSIGN_OR_RETURN(store::Statement ins,
                   db_.Prepare("INSERT INTO sqlite_sequence(name, seq) SELECT 'outbox', ? "
                               "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence "
                               "WHERE name = 'outbox')"));
  ins.Bind(1, to);
  RETURN_IF_ERROR(ins.Run());
  return txn.Commit();
}

Result<int64_t> DeviceStore::MetaInt(const std::string& key, int64_t fallback) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?"));
  st.Bind(1, key);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : fallback;
}

Status DeviceStore::SetMetaInt(const std::string& key, int64_t value) {
  return SetMetaText(key, std::to_string(value));
}

Result<std::string> DeviceStore::MetaText(const std::string& key) {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare("SELECT value FROM meta WHERE key = ?"));
  st.Bind(1, key);
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Text(0) : std::string();
}

Status DeviceStore::SetMetaText(const std::string& key, const std::string& value) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"));
  st.Bind(1, key).Bind(2, value);
  return st.Run();
}

Status DeviceStore::AddAlert(const std::string& kind, std::optional<int64_t> seq,
                             const std::string& message, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR IGNORE INTO sync_alerts(at, kind, seq, message) "
                               "VALUES (?,?,?,?)"));
  st.Bind(1, now_ms).Bind(2, kind);
  if (seq) {
    st.Bind(3, *seq);
  } else {
    st.Bind(3, int64_t{0});  // NULLs are all distinct to UNIQUE: 0 keeps one per message
  }
  st.Bind(4, message);
  return st.Run();
}

Result<std::vector<DeviceAlert>> DeviceStore::Alerts(int limit) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT id, at, kind, seq, message FROM sync_alerts "
                               "ORDER BY id DESC LIMIT ?"));
  st.Bind(1, limit);
  std::vector<DeviceAlert> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    DeviceAlert a;
    a.id = st.Int(0);
    a.at = st.Int(1);
    a.kind = st.Text(2);
    if (!st.IsNull(3) && st.Int(3) != 0) a.seq = st.Int(3);
    a.message = st.Text(4);
    out.push_back(std::move(a));
  }
  return out;
}

Result<int64_t> DeviceStore::AlertCount() {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare("SELECT COUNT(*) FROM sync_alerts"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<int> DeviceStore::StoreInbox(int64_t id, const std::string& kind,
                                    const std::string& payload_json, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("INSERT OR IGNORE INTO sync_inbox(id, kind, payload_json, "
                               "received_at) VALUES (?,?,?,?)"));
  st.Bind(1, id).Bind(2, kind).Bind(3, payload_json).Bind(4, now_ms);
  RETURN_IF_ERROR(st.Run());
  return db_.Changes();
}

Result<int64_t> DeviceStore::LastInboxId() {
  ASSIGN_OR_RETURN(store::Statement st, db_.Prepare("SELECT COALESCE(MAX(id), 0) FROM sync_inbox"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<std::vector<DeviceStore::InboxRow>> DeviceStore::OpenInbox(int limit) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db_.Prepare("SELECT id, kind, payload_json FROM sync_inbox WHERE applied_at IS "
                               "NULL AND error IS NULL ORDER BY id LIMIT ?"));
  st.Bind(1, static_cast<int64_t>(limit));
  std::vector<InboxRow> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Text(1), st.Text(2)});
  }
  return out;
}

namespace {

Status CloseInbox(store::Db& db, int64_t id, const std::string& kind,
                  const std::optional<std::string>& error, int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Statement st,
                   db.Prepare(error ? "UPDATE sync_inbox SET error = ? WHERE id = ? AND "
                                      "applied_at IS NULL AND error IS NULL"
                                    : "UPDATE sync_inbox SET applied_at = ? WHERE id = ? AND "
                                      "applied_at IS NULL AND error IS NULL"));
  if (error) {
    st.Bind(1, *error);
  } else {
    st.Bind(1, now_ms);
  }
  st.Bind(2, id);
  RETURN_IF_ERROR(st.Run());
  if (db.Changes() != 1) return Conflict("hub message " + std::to_string(id) + " already handled");
  nlohmann::json result = {{"message", id}, {"kind", kind}, {"ok", !error}};
  if (error) result["error"] = *error;
  ASSIGN_OR_RETURN(int64_t seq, store::AppendOutbox(db, kEntryInboxResult, result.dump(), now_ms));
  (void)seq;
  return Status::Ok();
}

}  // namespace

Status DeviceStore::MarkInboxApplied(store::Db& db, int64_t id, const std::string& kind,
                                     int64_t now_ms) {
  return CloseInbox(db, id, kind, std::nullopt, now_ms);
}

Status DeviceStore::RefuseInbox(int64_t id, const std::string& kind, const std::string& reason,
                                int64_t now_ms) {
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(db_));
  RETURN_IF_ERROR(CloseInbox(db_, id, kind, reason, now_ms));
  return txn.Commit();
}

}  // namespace motcua::sync
