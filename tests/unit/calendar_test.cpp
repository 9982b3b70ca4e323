#include "domain/calendar.h"

#include <doctest/doctest.h>

#include "core/clock.h"
#include "domain/holidays.h"

using motcua::Date;
using motcua::SeededRng;
using motcua::domain::BuildCalendar;
using motcua::domain::DeadlineRule;
using motcua::domain::DueDate;
using motcua::domain::Holiday;
using motcua::domain::HolidayKind;
using motcua::domain::HolidaySource;
using motcua::domain::ShippedHolidays;
using motcua::domain::WorkCalendar;

namespace {
Holiday Day(Date d, const char* name, HolidayKind kind = HolidayKind::kHoliday) {
  Holiday h;
  h.date = d;
  h.name = name;
  h.kind = kind;
  return h;
}

const WorkCalendar& Shipped() {
  static const WorkCalendar cal = BuildCalendar(ShippedHolidays());
  return cal;
}
}  // namespace

TEST_CASE("Shipped holiday table is valid, sorted and covers 2025-2027") {
  const auto table = ShippedHolidays();
  CHECK(motcua::domain::ValidateHolidays(table).ok());
  for (size_t i = 1; i < table.size(); ++i) CHECK(table[i - 1].date < table[i].date);
  for (const Holiday& h : table) {
    CHECK(h.date.year >= 2025);
    CHECK(h.date.year <= 2027);
    CHECK_FALSE(h.basis.empty());
  }
  for (int y : {2025, 2026, 2027}) CHECK(Shipped().HasHolidayDataFor(y));
  CHECK_FALSE(Shipped().HasHolidayDataFor(2028));
}

TEST_CASE("Shipped table: weekdays off per year match the official plans") {
  // Count weekdays off (what actually moves deadlines) minus make-up days.
  auto weekdays_off = [](int year) {
    int n = 0;
    for (Date d{year, 1, 1}; d.year == year; d = d.AddDays(1)) {
      if (d.IsoWeekday() <= 5 && !Shipped().IsWorkingDay(d)) ++n;
      if (d.IsoWeekday() >= 6 && Shipped().IsWorkingDay(d)) --n;
    }
    return n;
  };
  // 11 statutory days; 2025: 11 on weekdays, +1 swapped (2/5) -1 make-up (26/4).
  CHECK(weekdays_off(2025) == 11);
  // 2026: Giỗ Tổ on Sunday -> Monday; two swaps, each with a make-up Saturday.
  CHECK(weekdays_off(2026) == 11);
  // 2027 (partly estimated): 1/5 on Saturday -> Monday 3/5.
  CHECK(weekdays_off(2027) == 11);
}

TEST_CASE("Known days of 2025-2027") {
  struct Case {
    Date d;
    bool working;
  };
  const Case cases[] = {
      {{2025, 1, 1}, false},  {{2025, 1, 24}, true},  {{2025, 1, 27}, false},
      {{2025, 2, 3}, true},   {{2025, 4, 7}, false},  {{2025, 4, 26}, true},  // make-up Sat
      {{2025, 5, 2}, false},  {{2025, 9, 1}, false},  {{2025, 9, 3}, true},
      {{2026, 1, 2}, false},  {{2026, 1, 10}, true},  {{2026, 2, 13}, true},
      {{2026, 2, 16}, false}, {{2026, 2, 20}, false}, {{2026, 2, 23}, true},
      {{2026, 4, 27}, false}, {{2026, 4, 28}, true},  {{2026, 8, 22}, true},
      {{2026, 8, 31}, false}, {{2026, 9, 1}, false},  {{2026, 9, 3}, true},
      {{2027, 2, 4}, false},  {{2027, 2, 10}, false}, {{2027, 2, 11}, true},
      {{2027, 4, 16}, false}, {{2027, 5, 3}, false},  {{2027, 9, 3}, false},
      {{2028, 1, 3}, true},   {{2028, 1, 1}, false},  // weekends still count outside the table
  };
  for (const Case& c : cases) {
    CAPTURE(c.d.ToIso());
    CHECK(Shipped().IsWorkingDay(c.d) == c.working);
  }
}

TEST_CASE("Estimated entries are marked as such") {
  int estimates = 0;
  for (const Holiday& h : ShippedHolidays()) {
    if (h.source == HolidaySource::kEstimate) {
      ++estimates;
      CHECK(h.date.year == 2027);
    }
  }
  CHECK(estimates == 8);  // the 7-day Tết block and 3/9/2027
}

TEST_CASE("Working days count from the next working day after receipt") {
  const WorkCalendar& cal = Shipped();
  struct Case {
    Date received;
    int n;
    Date due;
  };
  const Case cases[] = {
      // Received the Friday before Tết Bính Ngọ: 14-22/2 off.
      {{2026, 2, 13}, 5, {2026, 2, 27}},
      {{2026, 2, 13}, 1, {2026, 2, 23}},
      // Received during Tết (online): day 1 is the first day back.
      {{2026, 2, 17}, 1, {2026, 2, 23}},
      // Year end 2025 -> 2026: 1/1 holiday, 2/1 swapped, 3-4/1 weekend.
      {{2025, 12, 31}, 3, {2026, 1, 7}},
      {{2025, 12, 30}, 5, {2026, 1, 8}},
      // The make-up Saturday 10/1/2026 is a working day.
      {{2026, 1, 8}, 2, {2026, 1, 10}},
      // Year end 2026 -> 2027: 1/1/2027 is a Friday.
      {{2026, 12, 30}, 3, {2027, 1, 5}},
      // Tết Ất Tỵ.
      {{2025, 1, 24}, 1, {2025, 2, 3}},
      // Quốc khánh 2026: 29/8-2/9 off.
      {{2026, 8, 28}, 1, {2026, 9, 3}},
      // Zero days: the day itself.
      {{2026, 2, 14}, 0, {2026, 2, 14}},
      // Backwards.
      {{2026, 2, 27}, -5, {2026, 2, 13}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.received.ToIso());
    CAPTURE(c.n);
    CHECK(cal.AddWorkingDays(c.received, c.n) == c.due);
    CHECK(cal.WorkingDaysBetween(c.received, c.due) == c.n);
  }
  CHECK(cal.WorkingDaysBetween(Date{2026, 2, 27}, Date{2026, 2, 13}) == -5);
  CHECK(cal.WorkingDaysBetween(Date{2026, 2, 27}, Date{2026, 2, 27}) == 0);
}

TEST_CASE("AddWorkingDays and WorkingDaysBetween agree on random dates") {
  const WorkCalendar& cal = Shipped();
  SeededRng rng(20260213);
  for (int i = 0; i < 2000; ++i) {
    const Date start = Date{2024, 12, 1}.AddDays(static_cast<int64_t>(rng.Uniform(1200)));
    const int n = static_cast<int>(rng.Uniform(61)) - 30;
    const Date end = cal.AddWorkingDays(start, n);
    CAPTURE(start.ToIso());
    CAPTURE(n);
    if (n >= 0 || cal.IsWorkingDay(start)) CHECK(cal.WorkingDaysBetween(start, end) == n);
    if (n != 0) CHECK(cal.IsWorkingDay(end));
    if (n > 0) CHECK(cal.AddWorkingDays(start, n - 1) < end);
  }
}

TEST_CASE("DueDate: working days and calendar days") {
  const WorkCalendar& cal = Shipped();
  CHECK(DueDate(cal, {2026, 2, 13}, DeadlineRule{5, true}) == Date{2026, 2, 27});
  // Calendar days: 13/2 + 5 = 18/2 (Tết) -> next working day 23/2.
  CHECK(DueDate(cal, {2026, 2, 13}, DeadlineRule{5, false}) == Date{2026, 2, 23});
  // Lands on a working day: unchanged.
  CHECK(DueDate(cal, {2026, 12, 1}, DeadlineRule{10, false}) == Date{2026, 12, 11});
  // Lands on Saturday 12/12/2026 -> Monday 14/12.
  CHECK(DueDate(cal, {2026, 12, 2}, DeadlineRule{10, false}) == Date{2026, 12, 14});
  // Lands on the make-up Saturday 22/8/2026: a working day, so it stays.
  CHECK(DueDate(cal, {2026, 8, 12}, DeadlineRule{10, false}) == Date{2026, 8, 22});
  // The national portal's 20 days, across the 2026 New Year.
  CHECK(DueDate(cal, {2025, 12, 13}, DeadlineRule{20, false}) == Date{2026, 1, 5});
}

TEST_CASE("Deadline rules are validated and described in Vietnamese") {
  using motcua::domain::DescribeDeadline;
  using motcua::domain::ValidateDeadlineRule;
  CHECK(ValidateDeadlineRule({5, true}).ok());
  CHECK(ValidateDeadlineRule({0, false}).ok());
  CHECK_FALSE(ValidateDeadlineRule({-1, true}).ok());
  CHECK_FALSE(ValidateDeadlineRule({100000, true}).ok());
  CHECK(DescribeDeadline({5, true}) == "5 ngày làm việc");
  CHECK(DescribeDeadline({20, false}) == "20 ngày");
}

TEST_CASE("Weekend-only calendar and make-up days") {
  WorkCalendar plain;
  CHECK(plain.IsWorkingDay(Date{2026, 2, 17}));  // no holidays known
  CHECK_FALSE(plain.IsWorkingDay(Date{2026, 2, 14}));
  WorkCalendar c({Date{2026, 3, 2}}, {Date{2026, 3, 7}});
  CHECK_FALSE(c.IsWorkingDay(Date{2026, 3, 2}));
  CHECK(c.IsWorkingDay(Date{2026, 3, 7}));
  CHECK(c.NextWorkingDay(Date{2026, 2, 27}) == Date{2026, 3, 3});
  CHECK(c.SameOrNextWorkingDay(Date{2026, 3, 7}) == Date{2026, 3, 7});
}

TEST_CASE("Holiday table validation and JSON round trip") {
  using motcua::domain::HolidaysFromJson;
  using motcua::domain::HolidaysToJson;
  using motcua::domain::ValidateHolidays;
  auto table = ShippedHolidays();
  auto back = HolidaysFromJson(HolidaysToJson(table));
  REQUIRE(back.ok());
  REQUIRE(back->size() == table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    CHECK(back.value()[i].date == table[i].date);
    CHECK(back.value()[i].name == table[i].name);
    CHECK(back.value()[i].kind == table[i].kind);
    CHECK(back.value()[i].source == table[i].source);
  }

  std::vector<Holiday> dup = {Day({2026, 3, 2}, "A"), Day({2026, 3, 2}, "B")};
  auto st = ValidateHolidays(dup);
  CHECK(st.message() == "Ngày 02/03/2026 được khai báo hai lần trong lịch nghỉ lễ.");
  std::vector<Holiday> weekday_makeup = {Day({2026, 3, 4}, "Làm bù", HolidayKind::kMakeupWorkday)};
  CHECK(ValidateHolidays(weekday_makeup).message() ==
        "Ngày làm bù 04/03/2026 phải là thứ Bảy hoặc Chủ nhật.");
  std::vector<Holiday> unnamed = {Day({2026, 3, 4}, "")};
  CHECK_FALSE(ValidateHolidays(unnamed).ok());

  CHECK_FALSE(HolidaysFromJson(nlohmann::json::object()).ok());
  CHECK_FALSE(
      HolidaysFromJson(nlohmann::json::parse(R"([{"date":"2026-02-30","name":"x"}])")).ok());
  CHECK_FALSE(
      HolidaysFromJson(nlohmann::json::parse(R"([{"date":"2026-03-02","name":"x","kind":"?"}])"))
          .ok());
  auto minimal = HolidaysFromJson(nlohmann::json::parse(R"([{"date":"02/03/2026","name":"x"}])"));
  REQUIRE(minimal.ok());
  CHECK(minimal.value()[0].kind == HolidayKind::kHoliday);
}
