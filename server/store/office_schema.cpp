#include "store/office_schema.h"

namespace motcua::store {

const char* const kOfficeSchemaV20 = R"sql(
-- Focal officers (cán bộ đầu mối, seed decision Điều 2): accounts and the
-- roster in one table. A removed officer keeps the row with active = 0, so
-- the roster's history (date and author of each change) stays readable.
CREATE TABLE officers(
  id          INTEGER PRIMARY KEY,
  username    TEXT NOT NULL,            -- lower-case ASCII login name
  full_name   TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('commune_leader', 'centre_leader',
                                            'centre_civil_servant')),
  position    TEXT NOT NULL DEFAULT '',
  password    TEXT NOT NULL,            -- crypto/password.h stored string
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  added_on    TEXT NOT NULL,            -- Vietnam date
  added_at    INTEGER NOT NULL,         -- unix ms
  added_by    TEXT NOT NULL,
  removed_on  TEXT,
  removed_at  INTEGER,
  removed_by  TEXT
);
CREATE UNIQUE INDEX officers_username ON officers(username) WHERE active = 1;
-- Seed Điều 2: one holder per role. The service checks first (with a clear
-- message); this index is the backstop against a race.
CREATE UNIQUE INDEX officers_one_per_role ON officers(role) WHERE active = 1;

-- Logged-in sessions. Only a hash of the cookie's token is stored, so a
-- copy of the database does not let anyone in.
CREATE TABLE sessions(
  token_hash  TEXT PRIMARY KEY,         -- SHA-256 hex of the token
  officer_id  INTEGER NOT NULL REFERENCES officers(id),
  csrf        TEXT NOT NULL,            -- the token every form of this session carries
  created_at  INTEGER NOT NULL,         -- unix ms: absolute expiry counts from here
  last_seen   INTEGER NOT NULL,         -- unix ms: idle expiry counts from here
  client_ip   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_officer ON sessions(officer_id);

-- The holiday table the working-day calendar is built from; seeded once from
-- domain/holidays.h, then edited by officers.
CREATE TABLE holidays(
  date        TEXT PRIMARY KEY,         -- ISO
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,            -- HolidayKindKey
  source      TEXT NOT NULL,            -- HolidaySourceKey
  basis       TEXT NOT NULL DEFAULT '',
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
);

-- Posting check (niêm yết, seed Điều 4.4.b): which procedures are posted at
-- the counter, since when and by whom.
CREATE TABLE posting_marks(
  code        TEXT PRIMARY KEY,         -- procedures.code
  posted_on   TEXT NOT NULL,
  posted_at   INTEGER NOT NULL,
  posted_by   TEXT NOT NULL
);

-- Settings officers edit in the app (the public contact block, NĐ 20/2008
-- Điều 10); they override the config file's values.
CREATE TABLE office_settings(
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT NOT NULL
);
)sql";

}  // namespace motcua::store
