#include "domain/calendar.h"

#include <cstdlib>

namespace motcua::domain {

WorkCalendar::WorkCalendar(const std::vector<Date>& days_off,
                           const std::vector<Date>& makeup_workdays) {
  for (const Date& d : days_off) {
    days_off_.insert(d.ToDays());
    years_.insert(d.year);
  }
  for (const Date& d : makeup_workdays) {
    makeup_workdays_.insert(d.ToDays());
    years_.insert(d.year);
  }
}

bool WorkCalendar::IsWorkingDay(const Date& d) const {
  const int64_t n = d.ToDays();
  // ValidateHolidays() refuses a date listed both ways; should one get here
  // anyway, the day off wins (the office is most likely closed).
  if (days_off_.count(n)) return false;
  if (makeup_workdays_.count(n)) return true;
  return d.IsoWeekday() <= 5;
}

Date WorkCalendar::NextWorkingDay(const Date& d) const {
  Date x = d.AddDays(1);
  while (!IsWorkingDay(x)) x = x.AddDays(1);
  return x;
}

Date WorkCalendar::SameOrNextWorkingDay(const Date& d) const {
  return IsWorkingDay(d) ? d : NextWorkingDay(d);
}

Date WorkCalendar::AddWorkingDays(const Date& start, int n) const {
  const int step = n >= 0 ? 1 : -1;
  int left = std::abs(n);
  Date x = start;
  while (left > 0) {
    x = x.AddDays(step);
    if (IsWorkingDay(x)) --left;
  }
  return x;
}

int WorkCalendar::WorkingDaysBetween(const Date& from, const Date& to) const {
  if (to < from) return -WorkingDaysBetween(to, from);
  int count = 0;
  for (int64_t n = from.ToDays() + 1; n <= to.ToDays(); ++n) {
    if (IsWorkingDay(Date::FromDays(n))) ++count;
  }
  return count;
}

Status ValidateDeadlineRule(const DeadlineRule& rule) {
  if (rule.days < 0) return InvalidArgument("Thời hạn không được là số âm.");
  if (rule.days > kMaxDeadlineDays) {
    return InvalidArgument("Thời hạn quá dài (tối đa " + std::to_string(kMaxDeadlineDays) +
                           " ngày).");
  }
  return Status::Ok();
}

std::string DescribeDeadline(const DeadlineRule& rule) {
  return std::to_string(rule.days) + (rule.working_days ? " ngày làm việc" : " ngày");
}

Date DueDate(const WorkCalendar& cal, const Date& received, const DeadlineRule& rule) {
  if (rule.working_days) return cal.AddWorkingDays(received, rule.days);
  return cal.SameOrNextWorkingDay(received.AddDays(rule.days));
}

}  // namespace motcua::domain
