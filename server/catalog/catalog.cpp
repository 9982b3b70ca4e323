#include "catalog/catalog.h"

#include <algorithm>

#include "store/migrations.h"
#include "text/fold.h"

namespace motcua::catalog {

Result<std::unique_ptr<Catalog>> Catalog::Open(const std::string& db_path, const Clock& clock,
                                               CatalogOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(db_path));
  RETURN_IF_ERROR(store::Migrate(*db));
  std::unique_ptr<Catalog> c(new Catalog(std::move(db), clock, options));
  RETURN_IF_ERROR(c->Reload());
  return c;
}

Status Catalog::Reload() {
  auto snap = std::make_shared<Snapshot>();
  {
    std::lock_guard<std::mutex> lock(db_mu_);
    store::CatalogRepo repo(*db_);
    ASSIGN_OR_RETURN(snap->version, repo.Version());
    ASSIGN_OR_RETURN(std::vector<store::ProcedureSummary> all, repo.LoadSummaries());
    snap->entries.reserve(all.size());
    for (auto& s : all) {
      Entry e;
      e.name_folded = " " + text::FoldForSearch(s.name);
      e.name_tone = " " + text::ToneKey(s.name);
      e.field_slug = text::Slugify(s.field.empty() ? "Khác" : s.field);
      e.s = std::move(s);
      snap->entries.push_back(std::move(e));
    }
  }
  for (size_t i = 0; i < snap->entries.size(); ++i) {
    snap->by_code[snap->entries[i].s.code] = i;
    snap->by_rowid[snap->entries[i].s.rowid] = i;
  }
  std::lock_guard<std::mutex> lock(snap_mu_);
  snap_ = std::move(snap);
  return Status::Ok();
}

std::shared_ptr<const Catalog::Snapshot> Catalog::snapshot() const {
  std::lock_guard<std::mutex> lock(snap_mu_);
  return snap_;
}

Result<store::UpsertStats> Catalog::Import(const std::vector<domain::Procedure>& procs) {
  store::UpsertStats stats;
  {
    std::lock_guard<std::mutex> lock(db_mu_);
    ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
    store::CatalogRepo repo(*db_);
    ASSIGN_OR_RETURN(stats, repo.Upsert(procs, clock_.NowUnixMs()));
    RETURN_IF_ERROR(txn.Commit());
  }
  RETURN_IF_ERROR(Reload());
  return stats;
}

Result<store::UpsertStats> Catalog::Replace(const std::vector<domain::Procedure>& procs,
                                           const std::function<Status(store::Db&)>& check) {
  store::UpsertStats stats;
  {
    std::lock_guard<std::mutex> lock(db_mu_);
    ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
    RETURN_IF_ERROR(check(*db_));
    store::CatalogRepo repo(*db_);
    ASSIGN_OR_RETURN(stats, repo.ReplaceAll(procs, clock_.NowUnixMs()));
    RETURN_IF_ERROR(txn.Commit());
  }
  RETURN_IF_ERROR(Reload());
  return stats;
}

Status Catalog::Ping() const {
  std::lock_guard<std::mutex> lock(db_mu_);
  store::CatalogRepo repo(*db_);
  return repo.Count().status();
}

int64_t Catalog::version() const { return snapshot()->version; }
size_t Catalog::size() const { return snapshot()->entries.size(); }

bool Catalog::IsPublic(const store::ProcedureSummary& s, const Date& today) const {
  return (s.levels & options_.public_levels) != 0 && s.InForceOn(today);
}

int Catalog::PublicCount(const Date& today) const {
  auto snap = snapshot();
  int n = 0;
  for (const Entry& e : snap->entries) n += IsPublic(e.s, today) ? 1 : 0;
  return n;
}

std::vector<FieldCount> Catalog::Fields(const Date& today) const {
  auto snap = snapshot();
  std::unordered_map<std::string, size_t> index;
  std::vector<FieldCount> out;
  for (const Entry& e : snap->entries) {
    if (!IsPublic(e.s, today)) continue;
    auto it = index.find(e.field_slug);
    if (it == index.end()) {
      index[e.field_slug] = out.size();
      out.push_back({e.s.field.empty() ? "Khác" : e.s.field, e.field_slug, 1});
    } else {
      ++out[it->second].count;
    }
  }
  std::sort(out.begin(), out.end(),
            [](const FieldCount& a, const FieldCount& b) { return a.slug < b.slug; });
  return out;
}

Catalog::FieldList Catalog::InField(const std::string& slug, const Date& today) const {
  auto snap = snapshot();
  FieldList out;
  out.keep_alive = snap;
  for (const Entry& e : snap->entries) {
    if (e.field_slug != slug || !IsPublic(e.s, today)) continue;
    if (out.name.empty()) out.name = e.s.field.empty() ? "Khác" : e.s.field;
    out.items.push_back(&e);
  }
  std::sort(out.items.begin(), out.items.end(),
            [](const Entry* a, const Entry* b) { return a->name_folded < b->name_folded; });
  return out;
}

std::optional<store::ProcedureSummary> Catalog::Summary(const std::string& code) const {
  auto snap = snapshot();
  auto it = snap->by_code.find(code);
  if (it == snap->by_code.end()) return std::nullopt;
  return snap->entries[it->second].s;
}

Result<std::optional<domain::Procedure>> Catalog::Get(const std::string& code) const {
  std::lock_guard<std::mutex> lock(db_mu_);
  store::CatalogRepo repo(*db_);
  return repo.Get(code);
}

namespace {

// Position of `needle` (given with its leading space) in `hay` at a word
// start, or npos. Names are stored with a leading space for this.
size_t FindWordPrefix(const std::string& hay, const std::string& spaced_needle) {
  return hay.find(spaced_needle);
}

// Like FindWordPrefix, but `needle` must also end at a word boundary.
bool HasWholeWords(const std::string& hay, const std::string& needle) {
  const std::string n = " " + needle;
  for (size_t pos = hay.find(n); pos != std::string::npos; pos = hay.find(n, pos + 1)) {
    const size_t end = pos + n.size();
    if (end == hay.size() || hay[end] == ' ') return true;
  }
  return false;
}

struct Scored {
  const Entry* e;
  int score;
  size_t pos;
};

}  // namespace

Result<SearchResult> Catalog::Search(const std::string& query, const Date& today, int offset,
                                     int limit) const {
  SearchResult r;
  auto snap = snapshot();
  r.keep_alive = snap;
  // A code typed in (or pasted with spaces) opens that procedure directly.
  std::string trimmed;
  for (char c : query)
    if (c != ' ' && c != '\t') trimmed.push_back(c);
  if (domain::LooksLikeProcedureCode(trimmed) && snap->by_code.count(trimmed)) {
    r.direct_code = trimmed;
    return r;
  }
  const std::string folded = text::FoldForSearch(query);
  const std::vector<std::string> words = text::Words(folded);
  if (words.empty()) return r;
  const std::string tone = text::ToneKey(query);
  const std::vector<std::string> tone_words = text::Words(tone);
  const bool has_marks = tone != folded;  // the citizen typed diacritics
  // Needles with their leading space, built once per query, not per name.
  std::vector<std::string> spaced;
  for (const std::string& w : words) spaced.push_back(" " + w);
  const std::string spaced_phrase = " " + folded;

  std::vector<Scored> names;
  std::vector<bool> taken(snap->entries.size(), false);
  for (size_t i = 0; i < snap->entries.size(); ++i) {
    const Entry& e = snap->entries[i];
    if (!IsPublic(e.s, today)) continue;
    bool all = true;
    for (const std::string& w : spaced) {
      if (FindWordPrefix(e.name_folded, w) == std::string::npos) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    int score = 100;
    size_t pos = FindWordPrefix(e.name_folded, spaced_phrase);
    if (pos != std::string::npos) score += 50;  // the words in order, as a phrase
    if (pos == 0) score += 10;                  // the name starts with it
    if (has_marks) {
      // Tone keys end each word with its tone mark, so only whole words can
      // tell "ca" from "cá".
      if (HasWholeWords(e.name_tone, tone)) score += 40;
      for (const std::string& tw : tone_words)
        if (HasWholeWords(e.name_tone, tw)) score += 5;
    }
    names.push_back({&e, score, pos == std::string::npos ? 1000 : pos});
    taken[i] = true;
  }
  std::stable_sort(names.begin(), names.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.pos != b.pos) return a.pos < b.pos;
    if (a.e->s.name.size() != b.e->s.name.size()) return a.e->s.name.size() < b.e->s.name.size();
    return a.e->s.code < b.e->s.code;
  });

  std::vector<int64_t> body_rowids;
  {
    std::lock_guard<std::mutex> lock(db_mu_);
    store::CatalogRepo repo(*db_);
    ASSIGN_OR_RETURN(body_rowids, repo.SearchBody(words, options_.max_body_hits));
  }
  std::vector<const Entry*> all;
  all.reserve(names.size() + body_rowids.size());
  for (const Scored& s : names) all.push_back(s.e);
  for (int64_t rowid : body_rowids) {
    auto it = snap->by_rowid.find(rowid);
    if (it == snap->by_rowid.end() || taken[it->second]) continue;
    const Entry& e = snap->entries[it->second];
    if (!IsPublic(e.s, today)) continue;
    taken[it->second] = true;
    all.push_back(&e);
  }
  r.total = static_cast<int>(all.size());
  r.name_matches = static_cast<int>(names.size());
  if (offset < 0) offset = 0;
  for (int i = offset; i < r.total && i < offset + limit; ++i) r.items.push_back(all[i]);
  return r;
}

}  // namespace motcua::catalog
