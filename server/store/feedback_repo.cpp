#include "store/feedback_repo.h"

namespace motcua::store {

namespace {

constexpr const char* kFeedbackColumns =
    "id, code, received_at, received_date, boot_id, mono_ms, channel, kind, title, content, "
    "procedure_code, sender_name, sender_address, sender_phone, phone_last4, sender_email, "
    "consent, state, state_since, class, transfer_due, answer_due, answer_rule, answer, "
    "answer_published_at, client_ip_hash, updated_at";

FeedbackRow ReadFeedback(const Statement& st) {
  FeedbackRow f;
  int c = 0;
  f.id = st.Int(c++);
  f.code = st.Text(c++);
  f.received_at = st.Int(c++);
  f.received_date = st.Text(c++);
  f.boot_id = st.Text(c++);
  f.mono_ms = st.Int(c++);
  f.channel = st.Text(c++);
  f.kind = st.Text(c++);
  f.title = st.Text(c++);
  f.content = st.Text(c++);
  f.procedure_code = st.OptText(c++);
  f.sender_name = st.Text(c++);
  f.sender_address = st.Text(c++);
  f.sender_phone = st.Text(c++);
  f.phone_last4 = st.Text(c++);
  f.sender_email = st.OptText(c++);
  f.consent = st.Int(c++) != 0;
  f.state = st.Text(c++);
  f.state_since = st.Text(c++);
  f.klass = st.Text(c++);
  f.transfer_due = st.Text(c++);
  f.answer_due = st.Text(c++);
  f.answer_rule = st.Text(c++);
  f.answer = st.OptText(c++);
  if (!st.IsNull(c)) f.answer_published_at = st.Int(c);
  ++c;
  f.client_ip_hash = st.Text(c++);
  f.updated_at = st.Int(c++);
  return f;
}

domain::AuditEntry ReadAudit(const Statement& st) {
  domain::AuditEntry e;
  e.seq = st.Int(0);
  e.at_ms = st.Int(1);
  e.actor = st.Text(2);
  e.action = st.Text(3);
  e.subject = st.Text(4);
  e.detail_json = st.Text(5);
  e.prev_hash = st.Text(6);
  e.hash = st.Text(7);
  return e;
}

constexpr const char* kAuditColumns =
    "seq, at, actor, action, subject, detail_json, prev_hash, hash";

}  // namespace

Result<int64_t> InsertFeedback(Db& db, const FeedbackRow& f) {
  ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("INSERT INTO feedback(code, received_at, received_date, boot_id, mono_ms, "
                 "channel, kind, title, content, procedure_code, sender_name, sender_address, "
                 "sender_phone, phone_last4, sender_email, consent, state, state_since, class, "
                 "transfer_due, answer_due, answer_rule, answer, answer_published_at, "
                 "client_ip_hash, updated_at) VALUES "
                 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  st.Bind(1, f.code).Bind(2, f.received_at).Bind(3, f.received_date).Bind(4, f.boot_id);
  st.Bind(5, f.mono_ms).Bind(6, f.channel).Bind(7, f.kind).Bind(8, f.title);
  st.Bind(9, f.content).Bind(10, f.procedure_code).Bind(11, f.sender_name);
  st.Bind(12, f.sender_address).Bind(13, f.sender_phone).Bind(14, f.phone_last4);
  st.Bind(15, f.sender_email).Bind(16, f.consent ? 1 : 0).Bind(17, f.state);
  st.Bind(18, f.state_since).Bind(19, f.klass).Bind(20, f.transfer_due);
  st.Bind(21, f.answer_due).Bind(22, f.answer_rule).Bind(23, f.answer);
  if (f.answer_published_at) {
    st.Bind(24, *f.answer_published_at);
  } else {
    st.BindNull(24);
  }
  st.Bind(25, f.client_ip_hash).Bind(26, f.updated_at);
  RETURN_IF_ERROR(st.Run());
  return db.LastInsertRowId();
}

Status InsertAttachment(Db& db, const AttachmentRow& a) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO feedback_attachments(feedback_id, stored_name, "
                              "original_name, kind, size, sha256, created_at) "
                              "VALUES (?,?,?,?,?,?,?)"));
  st.Bind(1, a.feedback_id).Bind(2, a.stored_name).Bind(3, a.original_name).Bind(4, a.kind);
  st.Bind(5, a.size).Bind(6, a.sha256).Bind(7, a.created_at);
  return st.Run();
}

Status InsertFeedbackEvent(Db& db, const FeedbackEventRow& e) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO feedback_events(feedback_id, at, on_date, action, "
                              "state, outcome, public_note, actor) VALUES (?,?,?,?,?,?,?,?)"));
  st.Bind(1, e.feedback_id).Bind(2, e.at).Bind(3, e.on_date).Bind(4, e.action).Bind(5, e.state);
  st.Bind(6, e.outcome).Bind(7, e.public_note).Bind(8, e.actor);
  return st.Run();
}

Result<domain::AuditEntry> AppendAudit(Db& db, domain::AuditEntry e) {
  ASSIGN_OR_RETURN(Statement last, db.Prepare(std::string("SELECT ") + kAuditColumns +
                                              " FROM audit_log ORDER BY seq DESC LIMIT 1"));
  ASSIGN_OR_RETURN(bool has_prev, last.Step());
  std::optional<domain::AuditEntry> prev;
  if (has_prev) prev = ReadAudit(last);
  domain::SealAfter(prev ? &*prev : nullptr, e);
  ASSIGN_OR_RETURN(Statement ins, db.Prepare(std::string("INSERT INTO audit_log(") + kAuditColumns +
                                             ") VALUES (?,?,?,?,?,?,?,?)"));
  ins.Bind(1, e.seq).Bind(2, e.at_ms).Bind(3, e.actor).Bind(4, e.action).Bind(5, e.subject);
  ins.Bind(6, e.detail_json).Bind(7, e.prev_hash).Bind(8, e.hash);
  RETURN_IF_ERROR(ins.Run());
  return e;
}

Result<int64_t> AppendOutbox(Db& db, const std::string& kind, const std::string& payload_json,
                             int64_t created_at) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO outbox(kind, payload_json, created_at) "
                                            "VALUES (?,?,?)"));
  st.Bind(1, kind).Bind(2, payload_json).Bind(3, created_at);
  RETURN_IF_ERROR(st.Run());
  return db.LastInsertRowId();
}

Status MarkFormTokenUsed(Db& db, const std::string& token, int64_t issued_at, int64_t used_at,
                         int64_t feedback_id) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO form_tokens(token, issued_at, used_at, "
                                            "feedback_id) VALUES (?,?,?,?)"));
  st.Bind(1, token).Bind(2, issued_at).Bind(3, used_at).Bind(4, feedback_id);
  return st.Run();
}

Result<std::optional<std::string>> CodeForFormToken(Db& db, const std::string& token) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT f.code FROM form_tokens t JOIN feedback f "
                                            "ON f.id = t.feedback_id WHERE t.token = ?"));
  st.Bind(1, token);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(st.Text(0));
}

Result<std::optional<FeedbackRow>> FindFeedbackByCode(Db& db, const std::string& code) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + kFeedbackColumns +
                                            " FROM feedback WHERE code = ?"));
  st.Bind(1, code);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<FeedbackRow>();
  return std::optional<FeedbackRow>(ReadFeedback(st));
}

Result<std::vector<FeedbackEventRow>> FeedbackEvents(Db& db, int64_t feedback_id) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("SELECT id, feedback_id, at, on_date, action, state, outcome, "
                              "public_note, actor FROM feedback_events WHERE feedback_id = ? "
                              "ORDER BY id"));
  st.Bind(1, feedback_id);
  std::vector<FeedbackEventRow> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    FeedbackEventRow e;
    e.id = st.Int(0);
    e.feedback_id = st.Int(1);
    e.at = st.Int(2);
    e.on_date = st.Text(3);
    e.action = st.OptText(4);
    e.state = st.Text(5);
    e.outcome = st.OptText(6);
    e.public_note = st.Text(7);
    e.actor = st.Text(8);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<AttachmentRow>> FeedbackAttachments(Db& db, int64_t feedback_id) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("SELECT id, feedback_id, stored_name, original_name, kind, size, "
                              "sha256, created_at FROM feedback_attachments "
                              "WHERE feedback_id = ? ORDER BY id"));
  st.Bind(1, feedback_id);
  std::vector<AttachmentRow> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    AttachmentRow a;
    a.id = st.Int(0);
    a.feedback_id = st.Int(1);
    a.stored_name = st.Text(2);
    a.original_name = st.Text(3);
    a.kind = st.Text(4);
    a.size = st.Int(5);
    a.sha256 = st.Text(6);
    a.created_at = st.Int(7);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<std::string>> AllAttachmentNames(Db& db) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT stored_name FROM feedback_attachments"));
  std::vector<std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.Text(0));
  }
  return out;
}

Result<std::vector<domain::AuditEntry>> AuditEntries(Db& db, int64_t from_seq) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + kAuditColumns +
                                            " FROM audit_log WHERE seq >= ? ORDER BY seq"));
  st.Bind(1, from_seq);
  std::vector<domain::AuditEntry> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadAudit(st));
  }
  return out;
}

Result<std::vector<OutboxRow>> OutboxEntries(Db& db, int64_t after_seq, int limit) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("SELECT seq, kind, payload_json, created_at, state, sent_at "
                              "FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"));
  st.Bind(1, after_seq).Bind(2, limit);
  std::vector<OutboxRow> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    OutboxRow o;
    o.seq = st.Int(0);
    o.kind = st.Text(1);
    o.payload_json = st.Text(2);
    o.created_at = st.Int(3);
    o.state = st.Text(4);
    if (!st.IsNull(5)) o.sent_at = st.Int(5);
    out.push_back(std::move(o));
  }
  return out;
}

Result<int64_t> CountFeedback(Db& db) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT COUNT(*) FROM feedback"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<std::string> MetaGetOrInsert(Db& db, const std::string& key, const std::string& fallback) {
  ASSIGN_OR_RETURN(Statement ins,
                   db.Prepare("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)"));
  ins.Bind(1, key).Bind(2, fallback);
  RETURN_IF_ERROR(ins.Run());
  ASSIGN_OR_RETURN(Statement sel, db.Prepare("SELECT value FROM meta WHERE key = ?"));
  sel.Bind(1, key);
  ASSIGN_OR_RETURN(bool row, sel.Step());
  if (!row) return Internal("meta key vanished: " + key);
  return sel.Text(0);
}

}  // namespace motcua::store
