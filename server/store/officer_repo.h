// Officer accounts (the roster) and their sessions, as stored by migration
// 20. Plain statements over one connection; callers own the transaction when
// several writes must land together (an officer, its audit entry and its
// outbox entry).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace motcua::store {

struct OfficerRow {
  int64_t id = 0;
  std::string username;
  std::string full_name;
  std::string role;  // domain::OfficerRoleKey
  std::string position;
  std::string password;  // stored hash string
  bool active = true;
  std::string added_on;
  int64_t added_at = 0;
  std::string added_by;
  std::optional<std::string> removed_on;
  std::optional<int64_t> removed_at;
  std::optional<std::string> removed_by;
};

struct SessionRow {
  std::string token_hash;
  int64_t officer_id = 0;
  std::string csrf;
  int64_t created_at = 0;
  int64_t last_seen = 0;
  std::string client_ip;
};

// kAlreadyExists when the username or the role is already held by an active
// officer (the partial unique indexes).
Result<int64_t> InsertOfficer(Db& db, const OfficerRow& o);
// Marks an active officer removed. kNotFound if not active.
Status DeactivateOfficer(Db& db, int64_t id, const std::string& on, int64_t at,
                         const std::string& by);
Status SetOfficerPassword(Db& db, int64_t id, const std::string& stored);

Result<std::optional<OfficerRow>> FindActiveOfficer(Db& db, const std::string& username);
Result<std::optional<OfficerRow>> FindOfficerById(Db& db, int64_t id);
Result<std::vector<OfficerRow>> ActiveOfficers(Db& db);
// Every officer ever added, newest change first (the roster's history).
Result<std::vector<OfficerRow>> AllOfficers(Db& db);

Status InsertSession(Db& db, const SessionRow& s);
Result<std::optional<SessionRow>> FindSession(Db& db, const std::string& token_hash);
Status TouchSession(Db& db, const std::string& token_hash, int64_t last_seen);
Status DeleteSession(Db& db, const std::string& token_hash);
// Every session of the officer except `keep_hash` (empty: all of them).
Status DeleteOfficerSessions(Db& db, int64_t officer_id, const std::string& keep_hash = "");
// Removes sessions idle since before `idle_before` or created before
// `created_before`; returns how many.
Result<int> DeleteExpiredSessions(Db& db, int64_t idle_before, int64_t created_before);

}  // namespace motcua::store
