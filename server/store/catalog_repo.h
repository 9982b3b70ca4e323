// Procedures as stored: the full record as JSON plus the columns the pages
// filter on, and a folded full-text index for search.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/procedure.h"
#include "store/db.h"

namespace motcua::store {

// What the catalogue keeps in memory for every procedure: enough to list,
// filter and rank names without touching the full text.
struct ProcedureSummary {
  int64_t rowid = 0;
  std::string code;
  std::string name;
  std::string field;
  uint32_t levels = 0;
  domain::PostingStatus status = domain::PostingStatus::kInForce;
  std::optional<Date> effective_from;
  std::optional<Date> effective_until;
  std::string replaced_by;
  std::string decision;
  // False once a signed province bundle no longer lists it (kept, never current).
  bool listed = true;

  bool InForceOn(const Date& day) const;
};

struct UpsertStats {
  int added = 0;
  int changed = 0;
  int unchanged = 0;
};

class CatalogRepo {
 public:
  explicit CatalogRepo(Db& db) : db_(db) {}

  // Inserts or replaces each procedure by code; a record equal to the stored
  // one is left untouched, so re-importing a file changes nothing. Runs in
  // the caller's transaction. Bumps the catalogue version when anything changed.
  Result<UpsertStats> Upsert(const std::vector<domain::Procedure>& procs, int64_t now_ms);
  // Makes the stored list equal `procs` (a province bundle): upserts them and
  // marks every other stored procedure unlisted (kept for links, never shown
  // as current); a listed-again one is marked listed. Runs in the caller's
  // transaction; `changed` counts the re-marked ones too.
  Result<UpsertStats> ReplaceAll(const std::vector<domain::Procedure>& procs, int64_t now_ms);

  Result<std::optional<domain::Procedure>> Get(const std::string& code);
  Result<std::vector<ProcedureSummary>> LoadSummaries();
  // Rowids whose folded body matches every prefix term (one-letter terms as
  // whole words), in catalogue order: unranked, so FTS5 stops at `limit`
  // instead of scoring every match (3x less CPU; names are ranked anyway).
  Result<std::vector<int64_t>> SearchBody(const std::vector<std::string>& folded_words, int limit);

  Result<int64_t> Version();
  Result<int64_t> Count();

 private:
  Db& db_;
};

// The text the body index holds for a procedure (folded, without the name).
std::string FoldedBody(const domain::Procedure& p);

}  // namespace motcua::store
