// Versioned schema migrations. Each step runs once, in order, inside its own
// transaction, and records itself in schema_migrations; an existing database
// file is upgraded in place without losing data.
#pragma once

#include <vector>

#include "store/db.h"

namespace motcua::store {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// All migrations, ascending by version. Never edit a shipped migration: add one.
const std::vector<Migration>& AllMigrations();

// Brings `db` to the newest version. Refuses a database newer than this
// program knows (a downgrade would silently ignore data).
Status Migrate(Db& db);
// Applies migrations up to and including `version` only (tests of upgrades).
Status MigrateTo(Db& db, int version);
Result<int> SchemaVersion(Db& db);

}  // namespace motcua::store
