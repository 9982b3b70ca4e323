#include "store/catalog_repo.h"

#include "domain/procedure_json.h"
#include "text/fold.h"

namespace motcua::store {

bool ProcedureSummary::InForceOn(const Date& day) const {
  return listed && domain::InForceOn(status, effective_from, effective_until, day);
}

std::string FoldedBody(const domain::Procedure& p) {
  std::string b;
  auto add = [&b](const std::string& s) {
    if (s.empty()) return;
    b += text::FoldForSearch(s);
    b.push_back(' ');
  };
  add(p.code);
  add(p.field);
  add(p.applicants);
  add(p.agency);
  for (const auto& s : p.steps) add(s);
  for (const auto& c : p.channels) {
    add(c.kind);
    add(c.fee);
    add(c.description);
  }
  add(p.channels_text);
  for (const auto& x : p.papers) add(x.name);
  add(p.papers_text);
  add(p.conditions);
  add(p.result);
  for (const auto& d : p.legal_docs) {
    add(d.name);
    add(d.number);
  }
  add(p.legal_basis_text);
  return b;
}

namespace {
std::optional<std::string> DateText(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return d->ToIso();
}
}  // namespace

Result<UpsertStats> CatalogRepo::Upsert(const std::vector<domain::Procedure>& procs,
                                        int64_t now_ms) {
  UpsertStats stats;
  ASSIGN_OR_RETURN(Statement get, db_.Prepare("SELECT rowid, doc FROM procedures WHERE code = ?"));
  ASSIGN_OR_RETURN(
      Statement ins,
      db_.Prepare("INSERT INTO procedures(code, name, field, levels, status, effective_from, "
                  "effective_until, replaced_by, decision, doc, name_folded, updated_at) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                  "ON CONFLICT(code) DO UPDATE SET name=excluded.name, field=excluded.field, "
                  "levels=excluded.levels, status=excluded.status, "
                  "effective_from=excluded.effective_from, effective_until=excluded.effective_until, "
                  "replaced_by=excluded.replaced_by, decision=excluded.decision, doc=excluded.doc, "
                  "name_folded=excluded.name_folded, updated_at=excluded.updated_at"));
  ASSIGN_OR_RETURN(Statement del_fts, db_.Prepare("DELETE FROM procedures_fts WHERE rowid = ?"));
  ASSIGN_OR_RETURN(Statement ins_fts,
                   db_.Prepare("INSERT INTO procedures_fts(rowid, name, body) VALUES (?,?,?)"));
  for (const domain::Procedure& p : procs) {
    const std::string doc = domain::ToJsonString(p);
    get.Reset();
    get.Bind(1, p.code);
    ASSIGN_OR_RETURN(bool exists, get.Step());
    if (exists && get.TextView(1) == doc) {
      ++stats.unchanged;
      continue;
    }
    ins.Reset();
    ins.Bind(1, p.code).Bind(2, p.name).Bind(3, p.field).Bind(4, static_cast<int64_t>(p.levels));
    ins.Bind(5, domain::StatusKey(p.status)).Bind(6, DateText(p.effective_from));
    ins.Bind(7, DateText(p.effective_until)).Bind(8, p.replaced_by).Bind(9, p.decision);
    ins.Bind(10, doc).Bind(11, text::FoldForSearch(p.name)).Bind(12, now_ms);
    RETURN_IF_ERROR(ins.Run());
    get.Reset();
    get.Bind(1, p.code);
    ASSIGN_OR_RETURN(bool found, get.Step());
    if (!found) return Internal("procedure vanished after upsert: " + p.code);
    const int64_t rowid = get.Int(0);
    del_fts.Reset();
    del_fts.Bind(1, rowid);
    RETURN_IF_ERROR(del_fts.Run());
    ins_fts.Reset();
    ins_fts.Bind(1, rowid).Bind(2, text::FoldForSearch(p.name)).Bind(3, FoldedBody(p));
    RETURN_IF_ERROR(ins_fts.Run());
    if (exists) {
      ++stats.changed;
    } else {
      ++stats.added;
    }
  }
  if (stats.added + stats.changed > 0) {
    RETURN_IF_ERROR(db_.Exec(
        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version'"));
  }
  return stats;
}

Result<UpsertStats> CatalogRepo::ReplaceAll(const std::vector<domain::Procedure>& procs,
                                            int64_t now_ms) {
  ASSIGN_OR_RETURN(UpsertStats stats, Upsert(procs, now_ms));
  RETURN_IF_ERROR(db_.Exec("CREATE TEMP TABLE IF NOT EXISTS listed_codes(code TEXT PRIMARY KEY);"
                           "DELETE FROM temp.listed_codes"));
  ASSIGN_OR_RETURN(Statement add, db_.Prepare("INSERT OR IGNORE INTO temp.listed_codes VALUES (?)"));
  for (const domain::Procedure& p : procs) {
    add.Reset();
    add.Bind(1, p.code);
    RETURN_IF_ERROR(add.Run());
  }
  ASSIGN_OR_RETURN(Statement mark,
                   db_.Prepare("UPDATE procedures SET listed = (code IN temp.listed_codes), "
                               "updated_at = ? WHERE listed != (code IN temp.listed_codes)"));
  mark.Bind(1, now_ms);
  RETURN_IF_ERROR(mark.Run());
  const int remarked = db_.Changes();
  RETURN_IF_ERROR(db_.Exec("DELETE FROM temp.listed_codes"));
  if (remarked > 0) {
    stats.changed += remarked;
    if (stats.added + stats.changed == remarked) {  // Upsert did not bump it
      RETURN_IF_ERROR(db_.Exec(
          "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version'"));
    }
  }
  return stats;
}

Result<std::optional<domain::Procedure>> CatalogRepo::Get(const std::string& code) {
  ASSIGN_OR_RETURN(Statement st, db_.Prepare("SELECT doc FROM procedures WHERE code = ?"));
  st.Bind(1, code);
  ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<domain::Procedure>();
  auto p = domain::ProcedureFromJsonString(st.TextView(0));
  if (!p.ok()) return Corrupt("stored procedure " + code + ": " + p.status().message());
  return std::optional<domain::Procedure>(std::move(p).value());
}

Result<std::vector<ProcedureSummary>> CatalogRepo::LoadSummaries() {
  ASSIGN_OR_RETURN(Statement st,
                   db_.Prepare("SELECT rowid, code, name, field, levels, status, effective_from, "
                               "effective_until, COALESCE(replaced_by,''), decision, listed "
                               "FROM procedures ORDER BY code"));
  std::vector<ProcedureSummary> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    ProcedureSummary s;
    s.rowid = st.Int(0);
    s.code = st.Text(1);
    s.name = st.Text(2);
    s.field = st.Text(3);
    s.levels = static_cast<uint32_t>(st.Int(4));
    auto status = domain::ParseStatusKey(st.TextView(5));
    if (!status) return Corrupt("procedure " + s.code + " has unknown status");
    s.status = *status;
    if (!st.IsNull(6)) s.effective_from = Date::Parse(st.TextView(6));
    if (!st.IsNull(7)) s.effective_until = Date::Parse(st.TextView(7));
    s.replaced_by = st.Text(8);
    s.decision = st.Text(9);
    s.listed = st.Int(10) != 0;
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<int64_t>> CatalogRepo::SearchBody(const std::vector<std::string>& words,
                                                     int limit) {
  std::string match;
  for (const std::string& w : words) {
    // Folded words are [a-z0-9 non-ASCII letters]; quote each so FTS syntax
    // characters can never appear unquoted.
    if (!match.empty()) match += " AND ";
    // A one-letter prefix would match nearly every row: take it as a word.
    match += "body:\"" + w + (w.size() > 1 ? "\"*" : "\"");
  }
  std::vector<int64_t> out;
  if (match.empty()) return out;
  ASSIGN_OR_RETURN(Statement st,
                   db_.Prepare("SELECT rowid FROM procedures_fts WHERE procedures_fts MATCH ? "
                               "LIMIT ?"));
  st.Bind(1, match).Bind(2, limit);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.Int(0));
  }
  return out;
}

Result<int64_t> CatalogRepo::Version() {
  ASSIGN_OR_RETURN(Statement st,
                   db_.Prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key='catalogue_version'"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

Result<int64_t> CatalogRepo::Count() {
  ASSIGN_OR_RETURN(Statement st, db_.Prepare("SELECT COUNT(*) FROM procedures"));
  ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.Int(0) : 0;
}

}  // namespace motcua::store
