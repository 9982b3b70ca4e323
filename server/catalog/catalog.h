// The catalogue service: what citizens may see (procedures in force today for
// the levels this counter serves), how they find it, and how a new list
// replaces the old one. Thread-safe: handlers call it from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/procedure.h"
#include "store/catalog_repo.h"
#include "store/db.h"

namespace motcua::catalog {

struct CatalogOptions {
  // Which levels (cấp thực hiện) the public pages list. A commune counter
  // shows commune-level procedures; the hub or a benchmark may show all.
  uint32_t public_levels = domain::kLevelCommune;
  // Upper bound on body-text matches considered per search.
  int max_body_hits = 400;
};

struct FieldCount {
  std::string name;
  std::string slug;
  int count = 0;
};

// A summary plus what search and listing need precomputed.
struct Entry {
  store::ProcedureSummary s;
  std::string name_folded;  // FoldForSearch(name), with a leading space
  std::string name_tone;    // ToneKey(name), with a leading space
  std::string field_slug;
};

struct SearchResult {
  std::shared_ptr<const void> keep_alive;  // the snapshot `items` point into
  std::vector<const Entry*> items;  // the requested page
  int total = 0;
  int name_matches = 0;  // how many of `total` matched on the name
  // Set when the query is a procedure code that exists: open it directly.
  std::string direct_code;
};

class Catalog {
 public:
  // Opens its own connection to `db_path` (reads are serialised on it).
  static Result<std::unique_ptr<Catalog>> Open(const std::string& db_path, const Clock& clock,
                                               CatalogOptions options);

  // Reloads the in-memory summaries from the database.
  Status Reload();

  // Replaces or adds procedures in one transaction: all or nothing.
  Result<store::UpsertStats> Import(const std::vector<domain::Procedure>& procs);
  // Replaces the whole list (a signed province bundle) in one transaction:
  // `check` runs first inside it (the caller's version check and record);
  // when it fails nothing changes. See CatalogRepo::ReplaceAll.
  Result<store::UpsertStats> Replace(const std::vector<domain::Procedure>& procs,
                                     const std::function<Status(store::Db&)>& check);

  int64_t version() const;
  // A cheap query on the database connection: is it usable?
  Status Ping() const;
  size_t size() const;  // every stored procedure, any status
  const CatalogOptions& options() const { return options_; }

  // Is this procedure listed as current on `today`?
  bool IsPublic(const store::ProcedureSummary& s, const Date& today) const;

  std::vector<FieldCount> Fields(const Date& today) const;
  struct FieldList {
    std::shared_ptr<const void> keep_alive;  // the snapshot `items` point into
    std::string name;
    std::vector<const Entry*> items;
  };
  // Public procedures of a field (by slug), by name. Empty when unknown.
  FieldList InField(const std::string& slug, const Date& today) const;
  std::optional<store::ProcedureSummary> Summary(const std::string& code) const;
  int PublicCount(const Date& today) const;

  // Ranked public matches: names first (exact diacritics, then phrase, then
  // all words), then matches in the rest of the text. `offset`/`limit` page.
  Result<SearchResult> Search(const std::string& query, const Date& today, int offset,
                              int limit) const;

  Result<std::optional<domain::Procedure>> Get(const std::string& code) const;

  // Snapshot holder; entries stay valid while the caller holds it.
  struct Snapshot {
    int64_t version = 0;
    std::vector<Entry> entries;
    std::unordered_map<std::string, size_t> by_code;
    std::unordered_map<int64_t, size_t> by_rowid;
  };
  std::shared_ptr<const Snapshot> snapshot() const;

 private:
  Catalog(std::unique_ptr<store::Db> db, const Clock& clock, CatalogOptions options)
      : db_(std::move(db)), clock_(clock), options_(options) {}

  mutable std::mutex db_mu_;  // guards db_ (one connection, many threads)
  std::unique_ptr<store::Db> db_;
  const Clock& clock_;
  CatalogOptions options_;
  mutable std::mutex snap_mu_;
  std::shared_ptr<const Snapshot> snap_;
};

}  // namespace motcua::catalog
