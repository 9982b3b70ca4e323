// The back office's other tables (migration 20): the holiday table, posting
// marks and officer-edited settings.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/holidays.h"
#include "store/db.h"

namespace motcua::store {

// ---- holidays --------------------------------------------------------------

Result<std::vector<domain::Holiday>> LoadHolidays(Db& db);
// Inserts or replaces the entry for h.date.
Status UpsertHoliday(Db& db, const domain::Holiday& h, int64_t at, const std::string& by);
// kNotFound when there is no entry on that date.
Status DeleteHoliday(Db& db, const Date& date);
// Inserts the shipped table once per database (meta key "holidays_seeded"),
// so an officer's deletion of a shipped day is never undone. Returns how many
// were inserted (0 when already seeded).
Result<int> SeedHolidaysOnce(Db& db, const std::vector<domain::Holiday>& shipped, int64_t at);

// ---- posting marks ---------------------------------------------------------

struct PostingMark {
  std::string code;
  std::string posted_on;  // ISO date
  int64_t posted_at = 0;
  std::string posted_by;
};
Result<std::map<std::string, PostingMark>> LoadPostingMarks(Db& db);
Status UpsertPostingMark(Db& db, const PostingMark& m);
// kNotFound when the code is not marked.
Status DeletePostingMark(Db& db, const std::string& code);

// ---- settings --------------------------------------------------------------

Result<std::map<std::string, std::string>> LoadSettings(Db& db);
Status PutSetting(Db& db, const std::string& key, const std::string& value, int64_t at,
                  const std::string& by);

// ---- procedures (for reports) ---------------------------------------------

// When each stored procedure last changed (unix ms), by code.
Result<std::map<std::string, int64_t>> ProcedureUpdateTimes(Db& db);

}  // namespace motcua::store
