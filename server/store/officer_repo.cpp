#include "store/officer_repo.h"

namespace motcua::store {

namespace {

constexpr const char* kOfficerCols =
    "id, username, full_name, role, position, password, active, added_on, added_at, added_by, "
    "removed_on, removed_at, removed_by";

OfficerRow ReadOfficer(const Statement& st) {
  OfficerRow o;
  o.id = st.Int(0);
  o.username = st.Text(1);
  o.full_name = st.Text(2);
  o.role = st.Text(3);
  o.position = st.Text(4);
  o.password = st.Text(5);
  o.active = st.Int(6) != 0;
  o.added_on = st.Text(7);
  o.added_at = st.Int(8);
  o.added_by = st.Text(9);
  o.removed_on = st.OptText(10);
  if (!st.IsNull(11)) o.removed_at = st.Int(11);
  o.removed_by = st.OptText(12);
  return o;
}

Result<std::vector<OfficerRow>> QueryOfficers(Db& db, const std::string& where_order) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + kOfficerCols +
                                            " FROM officers " + where_order));
  std::vector<OfficerRow> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadOfficer(st));
  }
  return out;
}

}  // namespace

Result<int64_t> InsertOfficer(Db& db, const OfficerRow& o) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO officers(username, full_name, role, position, password, "
                              "active, added_on, added_at, added_by) VALUES (?,?,?,?,?,1,?,?,?)"));
  st.Bind(1, o.username).Bind(2, o.full_name).Bind(3, o.role).Bind(4, o.position);
  st.Bind(5, o.password).Bind(6, o.added_on).Bind(7, o.added_at).Bind(8, o.added_by);
  Status s = st.Run();
  if (!s.ok()) {
    if (s.message().find("UNIQUE") != std::string::npos)
      return Status(Code::kAlreadyExists, "officer username or role already taken");
    return s;
  }
  return db.LastInsertRowId();
}

Status DeactivateOfficer(Db& db, int64_t id, const std::string& on, int64_t at,
                         const std::string& by) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("UPDATE officers SET active = 0, removed_on = ?, removed_at = ?, "
                              "removed_by = ? WHERE id = ? AND active = 1"));
  st.Bind(1, on).Bind(2, at).Bind(3, by).Bind(4, id);
  RETURN_IF_ERROR(st.Run());
  if (db.Changes() == 0) return NotFound("no active officer with id " + std::to_string(id));
  return Status::Ok();
}

Status SetOfficerPassword(Db& db, int64_t id, const std::string& stored) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("UPDATE officers SET password = ? WHERE id = ?"));
  st.Bind(1, stored).Bind(2, id);
  return st.Run();
}

Result<std::optional<OfficerRow>> FindActiveOfficer(Db& db, const std::string& username) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + kOfficerCols +
                                            " FROM officers WHERE username = ? AND active = 1"));
  st.Bind(1, username);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<OfficerRow>();
  return std::optional<OfficerRow>(ReadOfficer(st));
}

Result<std::optional<OfficerRow>> FindOfficerById(Db& db, int64_t id) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare(std::string("SELECT ") + kOfficerCols +
                                            " FROM officers WHERE id = ?"));
  st.Bind(1, id);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<OfficerRow>();
  return std::optional<OfficerRow>(ReadOfficer(st));
}

Result<std::vector<OfficerRow>> ActiveOfficers(Db& db) {
  return QueryOfficers(db, "WHERE active = 1 ORDER BY added_at, id");
}

Result<std::vector<OfficerRow>> AllOfficers(Db& db) {
  return QueryOfficers(db, "ORDER BY MAX(added_at, COALESCE(removed_at, 0)) DESC, id DESC");
}

Status InsertSession(Db& db, const SessionRow& s) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO sessions(token_hash, officer_id, csrf, created_at, "
                              "last_seen, client_ip) VALUES (?,?,?,?,?,?)"));
  st.Bind(1, s.token_hash).Bind(2, s.officer_id).Bind(3, s.csrf).Bind(4, s.created_at);
  st.Bind(5, s.last_seen).Bind(6, s.client_ip);
  return st.Run();
}

Result<std::optional<SessionRow>> FindSession(Db& db, const std::string& token_hash) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("SELECT token_hash, officer_id, csrf, created_at, last_seen, "
                              "client_ip FROM sessions WHERE token_hash = ?"));
  st.Bind(1, token_hash);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<SessionRow>();
  SessionRow s;
  s.token_hash = st.Text(0);
  s.officer_id = st.Int(1);
  s.csrf = st.Text(2);
  s.created_at = st.Int(3);
  s.last_seen = st.Int(4);
  s.client_ip = st.Text(5);
  return std::optional<SessionRow>(std::move(s));
}

Status TouchSession(Db& db, const std::string& token_hash, int64_t last_seen) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("UPDATE sessions SET last_seen = ? WHERE token_hash = ?"));
  st.Bind(1, last_seen).Bind(2, token_hash);
  return st.Run();
}

Status DeleteSession(Db& db, const std::string& token_hash) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("DELETE FROM sessions WHERE token_hash = ?"));
  st.Bind(1, token_hash);
  return st.Run();
}

Status DeleteOfficerSessions(Db& db, int64_t officer_id, const std::string& keep_hash) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("DELETE FROM sessions WHERE officer_id = ? AND token_hash <> ?"));
  st.Bind(1, officer_id).Bind(2, keep_hash);
  return st.Run();
}

Result<int> DeleteExpiredSessions(Db& db, int64_t idle_before, int64_t created_before) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?"));
  st.Bind(1, idle_before).Bind(2, created_before);
  RETURN_IF_ERROR(st.Run());
  return db.Changes();
}

}  // namespace motcua::store
