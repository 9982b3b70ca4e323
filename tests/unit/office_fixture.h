// A back office over a fresh database with a hand-set clock, for the
// office_*_test.cpp files.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "office/office.h"
#include "store/db.h"
#include "support/temp_dir.h"

namespace motcua::testing {

struct OfficeFixture {
  TempDir dir;
  FakeClock clock;
  SeededRng rng{42};
  std::unique_ptr<office::Office> office;
  office::Actor cli{0, "cli:test", "", ""};

  explicit OfficeFixture(office::OfficeOptions opt = Fast()) {
    clock.SetDate({2026, 3, 2});  // a Monday, 07:00 in Vietnam
    auto o = office::Office::Open(DbPath(), clock, rng, opt);
    REQUIRE_MESSAGE(o.ok(), o.status().ToString());
    office = std::move(o).value();
  }

  static office::OfficeOptions Fast() {
    office::OfficeOptions o;
    o.pbkdf2_iterations = 1000;  // the floor; the cost is measured elsewhere
    return o;
  }
  std::string DbPath() const { return dir.File("motcua.db"); }
  std::unique_ptr<store::Db> Db() const {
    auto db = store::Db::Open(DbPath());
    REQUIRE(db.ok());
    return std::move(db).value();
  }

  int64_t AddOfficer(const std::string& username, domain::OfficerRole role,
                     const std::string& password = "mat-khau-dai-123") {
    office::NewOfficer n{username, "Cán bộ " + username, role, "", password};
    auto id = office->AddOfficer(n, cli);
    REQUIRE_MESSAGE(id.ok(), id.status().ToString());
    return *id;
  }
};

}  // namespace motcua::testing
