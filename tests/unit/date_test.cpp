#include "core/date.h"

#include <doctest/doctest.h>

using motcua::Date;

TEST_CASE("Date round-trips through day numbers and knows weekdays") {
  Date d{2026, 11, 28};
  CHECK(Date::FromDays(d.ToDays()) == d);
  CHECK(d.IsoWeekday() == 6);  // Saturday
  CHECK(Date{1970, 1, 1}.ToDays() == 0);
  CHECK(Date{2024, 2, 28}.AddDays(1) == Date{2024, 2, 29});
  CHECK(Date{2025, 2, 28}.AddDays(1) == Date{2025, 3, 1});
  CHECK(Date{2025, 12, 31}.AddDays(1) == Date{2026, 1, 1});
}

TEST_CASE("Date parses ISO and Vietnamese forms and rejects impossible dates") {
  CHECK(Date::Parse("2025-07-01") == Date{2025, 7, 1});
  CHECK(Date::Parse("01/07/2025") == Date{2025, 7, 1});
  CHECK(Date::Parse("1/7/2025") == Date{2025, 7, 1});
  CHECK_FALSE(Date::Parse("2025-02-29").has_value());
  CHECK_FALSE(Date::Parse("31/04/2025").has_value());
  CHECK_FALSE(Date::Parse("2025-7-1").has_value());
  CHECK_FALSE(Date::Parse("").has_value());
  CHECK_FALSE(Date::Parse("2025-07-01x").has_value());
  CHECK(Date{2025, 7, 1}.ToVietnamese() == "01/07/2025");
}

TEST_CASE("Vietnam date is UTC+7") {
  // 2026-11-28 17:30 UTC is already 29/11 in Hà Nội.
  int64_t ms = (Date{2026, 11, 28}.ToDays() * 86400 + 17 * 3600 + 30 * 60) * 1000LL;
  CHECK(motcua::VietnamDateAt(ms) == Date{2026, 11, 29});
}
