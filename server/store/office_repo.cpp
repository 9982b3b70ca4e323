#include "store/office_repo.h"

namespace motcua::store {

Result<std::vector<domain::Holiday>> LoadHolidays(Db& db) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT date, name, kind, source, basis FROM holidays "
                                            "ORDER BY date"));
  std::vector<domain::Holiday> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    domain::Holiday h;
    auto d = Date::Parse(st.TextView(0));
    auto kind = domain::ParseHolidayKindKey(st.TextView(2));
    auto source = domain::ParseHolidaySourceKey(st.TextView(3));
    if (!d || !kind || !source) return Corrupt("holidays: bad row dated " + st.Text(0));
    h.date = *d;
    h.name = st.Text(1);
    h.kind = *kind;
    h.source = *source;
    h.basis = st.Text(4);
    out.push_back(std::move(h));
  }
  return out;
}

Status UpsertHoliday(Db& db, const domain::Holiday& h, int64_t at, const std::string& by) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO holidays(date, name, kind, source, basis, updated_at, "
                              "updated_by) VALUES (?,?,?,?,?,?,?) ON CONFLICT(date) DO UPDATE SET "
                              "name=excluded.name, kind=excluded.kind, source=excluded.source, "
                              "basis=excluded.basis, updated_at=excluded.updated_at, "
                              "updated_by=excluded.updated_by"));
  st.Bind(1, h.date.ToIso()).Bind(2, h.name).Bind(3, domain::HolidayKindKey(h.kind));
  st.Bind(4, domain::HolidaySourceKey(h.source)).Bind(5, h.basis).Bind(6, at).Bind(7, by);
  return st.Run();
}

Status DeleteHoliday(Db& db, const Date& date) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("DELETE FROM holidays WHERE date = ?"));
  st.Bind(1, date.ToIso());
  RETURN_IF_ERROR(st.Run());
  if (db.Changes() == 0) return NotFound("no holiday on " + date.ToIso());
  return Status::Ok();
}

Result<int> SeedHolidaysOnce(Db& db, const std::vector<domain::Holiday>& shipped, int64_t at) {
  ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(db));
  ASSIGN_OR_RETURN(Statement q, db.Prepare("SELECT 1 FROM meta WHERE key = 'holidays_seeded'"));
  ASSIGN_OR_RETURN(bool seeded, q.Step());
  if (seeded) return 0;
  for (const domain::Holiday& h : shipped) RETURN_IF_ERROR(UpsertHoliday(db, h, at, "motcua"));
  ASSIGN_OR_RETURN(Statement mark,
                   db.Prepare("INSERT INTO meta(key, value) VALUES ('holidays_seeded', ?)"));
  mark.Bind(1, std::to_string(at));
  RETURN_IF_ERROR(mark.Run());
  RETURN_IF_ERROR(txn.Commit());
  return static_cast<int>(shipped.size());
}

Result<std::map<std::string, PostingMark>> LoadPostingMarks(Db& db) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT code, posted_on, posted_at, posted_by FROM "
                                            "posting_marks"));
  std::map<std::string, PostingMark> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    PostingMark m{st.Text(0), st.Text(1), st.Int(2), st.Text(3)};
    out.emplace(m.code, m);
  }
  return out;
}

Status UpsertPostingMark(Db& db, const PostingMark& m) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO posting_marks(code, posted_on, posted_at, posted_by) "
                              "VALUES (?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
                              "posted_on=excluded.posted_on, posted_at=excluded.posted_at, "
                              "posted_by=excluded.posted_by"));
  st.Bind(1, m.code).Bind(2, m.posted_on).Bind(3, m.posted_at).Bind(4, m.posted_by);
  return st.Run();
}

Status DeletePostingMark(Db& db, const std::string& code) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("DELETE FROM posting_marks WHERE code = ?"));
  st.Bind(1, code);
  RETURN_IF_ERROR(st.Run());
  if (db.Changes() == 0) return NotFound("procedure " + code + " is not marked posted");
  return Status::Ok();
}

Result<std::map<std::string, std::string>> LoadSettings(Db& db) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT key, value FROM office_settings"));
  std::map<std::string, std::string> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out[st.Text(0)] = st.Text(1);
  }
  return out;
}

Status PutSetting(Db& db, const std::string& key, const std::string& value, int64_t at,
                  const std::string& by) {
  ASSIGN_OR_RETURN(Statement st,
                   db.Prepare("INSERT INTO office_settings(key, value, updated_at, updated_by) "
                              "VALUES (?,?,?,?) ON CONFLICT(key) DO UPDATE SET "
                              "value=excluded.value, updated_at=excluded.updated_at, "
                              "updated_by=excluded.updated_by"));
  st.Bind(1, key).Bind(2, value).Bind(3, at).Bind(4, by);
  return st.Run();
}

Result<std::map<std::string, int64_t>> ProcedureUpdateTimes(Db& db) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT code, updated_at FROM procedures"));
  std::map<std::string, int64_t> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out[st.Text(0)] = st.Int(1);
  }
  return out;
}

}  // namespace motcua::store
