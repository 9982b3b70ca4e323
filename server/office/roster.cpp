// The roster of focal officers (seed decision Điều 2, 7): at most three, one
// per role; each change recorded with date and author, and queued for the
// province centre.
#include "office/office.h"
#include "text/fold.h"

namespace motcua::office {

namespace {

// Trimmed NFC text of at most `max` bytes; `what` names the field.
Result<std::string> CleanText(std::string_view raw, size_t max, const char* what, bool required) {
  auto nfc = text::ToNfc(raw);
  if (!nfc) return InvalidArgument(std::string(what) + " có ký tự không hợp lệ.");
  std::string s = *nfc;
  const size_t a = s.find_first_not_of(" \t\r\n");
  s = a == std::string::npos ? "" : s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
  if (required && s.empty()) return InvalidArgument(std::string("Vui lòng nhập ") + what + ".");
  if (s.size() > max) return InvalidArgument(std::string(what) + " quá dài.");
  return s;
}

nlohmann::json RosterPayload(const store::OfficerRow& o, const std::string& change,
                             const std::string& on, const Actor& by) {
  return {{"change", change},    {"on", on},
          {"officer_id", o.id},  {"full_name", o.full_name},
          {"role", o.role},      {"position", o.position},
          {"by", by.AuditName()}};
}

}  // namespace

Result<int64_t> Office::AddOfficer(const NewOfficer& in, const Actor& by) {
  ASSIGN_OR_RETURN(std::string username, NormalizeUsername(in.username));
  ASSIGN_OR_RETURN(std::string full_name, CleanText(in.full_name, 120, "họ và tên", true));
  ASSIGN_OR_RETURN(std::string position, CleanText(in.position, 200, "chức vụ", false));
  RETURN_IF_ERROR(CheckPasswordRules(in.password));
  // PBKDF2 outside the lock: it takes a tenth of a second or more.
  ASSIGN_OR_RETURN(std::string hash,
                   crypto::HashPassword(in.password, options_.pbkdf2_iterations, rng_));

  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  ASSIGN_OR_RETURN(std::vector<store::OfficerRow> rows, store::ActiveOfficers(*db_));
  std::vector<domain::Officer> active;
  for (const auto& r : rows) {
    if (r.username == username)
      return InvalidArgument("Tên đăng nhập «" + username + "» đã có người dùng. Hãy chọn tên khác.");
    active.push_back({std::to_string(r.id), r.full_name,
                      domain::ParseOfficerRoleKey(r.role).value_or(in.role), r.position});
  }
  // Seed decision Điều 2: at most three, one per role.
  RETURN_IF_ERROR(domain::CheckCanAdd(active, in.role));
  store::OfficerRow row;
  row.username = username;
  row.full_name = full_name;
  row.role = domain::OfficerRoleKey(in.role);
  row.position = position;
  row.password = hash;
  row.added_at = clock_.NowUnixMs();
  row.added_on = clock_.Today().ToIso();
  row.added_by = by.AuditName();
  ASSIGN_OR_RETURN(row.id, store::InsertOfficer(*db_, row));
  RETURN_IF_ERROR(Journal(*db_, clock_, by, "roster.add", "officer:" + username,
                          {{"full_name", full_name}, {"role", row.role}, {"position", position}}));
  // Seed decision Điều 7: the province centre hears of every change.
  RETURN_IF_ERROR(
      QueueForProvince(*db_, clock_, "roster.change", RosterPayload(row, "add", row.added_on, by)));
  RETURN_IF_ERROR(txn.Commit());
  return row.id;
}

Status Office::RemoveOfficer(int64_t officer_id, const Actor& by) {
  if (officer_id == by.officer_id) {
    return InvalidArgument("Không thể tự cho thôi chính mình. Hãy nhờ cán bộ đầu mối khác thực hiện.");
  }
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  ASSIGN_OR_RETURN(std::optional<store::OfficerRow> o, store::FindOfficerById(*db_, officer_id));
  if (!o || !o->active) return NotFound("Không có cán bộ này trong danh sách hiện tại.");
  const std::string on = clock_.Today().ToIso();
  RETURN_IF_ERROR(
      store::DeactivateOfficer(*db_, officer_id, on, clock_.NowUnixMs(), by.AuditName()));
  RETURN_IF_ERROR(store::DeleteOfficerSessions(*db_, officer_id));
  RETURN_IF_ERROR(Journal(*db_, clock_, by, "roster.remove", "officer:" + o->username,
                          {{"full_name", o->full_name}, {"role", o->role}}));
  RETURN_IF_ERROR(
      QueueForProvince(*db_, clock_, "roster.change", RosterPayload(*o, "remove", on, by)));
  return txn.Commit();
}

Result<std::vector<store::OfficerRow>> Office::Roster() {
  std::lock_guard<std::mutex> lock(mu_);
  return store::ActiveOfficers(*db_);
}

Result<std::vector<store::OfficerRow>> Office::RosterHistory() {
  std::lock_guard<std::mutex> lock(mu_);
  return store::AllOfficers(*db_);
}

}  // namespace motcua::office
