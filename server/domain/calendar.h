// The working-day calendar that every legal time limit is counted on.
//
// Working days are Monday to Friday, minus public holidays and days off that
// the Government swaps in ("nghỉ bù", "hoán đổi"), plus the Saturdays it asks
// civil servants to work in exchange ("ngày làm bù"). The calendar knows only
// dates; the table of holidays comes from holidays.h or from the officers'
// edited copy in the database.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace motcua::domain {

class WorkCalendar {
 public:
  // Weekends only: no holidays known.
  WorkCalendar() = default;
  // `days_off` are weekdays (or any day) off; `makeup_workdays` are weekend
  // days that are worked. A date in both lists is a day off.
  explicit WorkCalendar(const std::vector<Date>& days_off,
                        const std::vector<Date>& makeup_workdays = {});

  bool IsWorkingDay(const Date& d) const;

  // The first working day strictly after `d`.
  Date NextWorkingDay(const Date& d) const;
  // `d` itself when it is a working day, else the next working day.
  Date SameOrNextWorkingDay(const Date& d) const;

  // Vietnamese practice: a time limit of n working days starts on the first
  // working day after the day of receipt, so the result is the n-th working day
  // strictly after `start` (whether or not `start` itself is a working day).
  // n == 0 returns `start`; n < 0 returns the |n|-th working day strictly
  // before `start`. Cost is linear in n.
  Date AddWorkingDays(const Date& start, int n) const;

  // Working days d with from < d <= to; negative (and symmetric) when to < from.
  // So WorkingDaysBetween(s, AddWorkingDays(s, n)) == n for every n >= 0, and
  // for n < 0 too when s is a working day.
  int WorkingDaysBetween(const Date& from, const Date& to) const;

  // True when the holiday table has at least one entry in `year`. Outside the
  // covered years only weekends are known, and due dates may be too early: the
  // officers' screen should warn (e.g. "Chưa có lịch nghỉ lễ năm 2028").
  bool HasHolidayDataFor(int year) const { return years_.count(year) > 0; }

 private:
  std::set<int64_t> days_off_;         // Date::ToDays()
  std::set<int64_t> makeup_workdays_;  // Date::ToDays()
  std::set<int> years_;
};

// A time limit as the law or the province states it: "5 ngày làm việc" or
// "20 ngày" (calendar days).
struct DeadlineRule {
  int days = 0;
  bool working_days = true;
  friend bool operator==(const DeadlineRule& a, const DeadlineRule& b) {
    return a.days == b.days && a.working_days == b.working_days;
  }
};

// Largest time limit accepted from configuration (about five years): keeps the
// day-by-day counting bounded.
inline constexpr int kMaxDeadlineDays = 1830;

// Refuses negative or absurd limits, in Vietnamese (officers edit these).
Status ValidateDeadlineRule(const DeadlineRule& rule);

// "5 ngày làm việc" / "20 ngày".
std::string DescribeDeadline(const DeadlineRule& rule);

// The last day of the time limit for something received on `received`.
// - Working days: AddWorkingDays(received, days).
// - Calendar days: the day after receipt is day 1, so received + days; if that
//   date is not a working day the limit moves to the next working day, when
//   the office is open again (Bộ luật Dân sự 2015 Điều 147(2) starts a period
//   the day after the event; Điều 148(5) moves an end that falls on a weekend
//   or holiday to the next working day).
// Precondition: ValidateDeadlineRule(rule).ok().
Date DueDate(const WorkCalendar& cal, const Date& received, const DeadlineRule& rule);

}  // namespace motcua::domain
