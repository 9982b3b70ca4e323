#include "core/date.h"

#include <cstdio>

namespace motcua {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t Date::ToDays() const {
  int64_t y = year;
  const unsigned m = static_cast<unsigned>(month);
  const unsigned d = static_cast<unsigned>(day);
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date Date::FromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::IsoWeekday() const {
  const int64_t z = ToDays();  // 1970-01-01 was a Thursday (4)
  const int64_t w = ((z % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(w) + 1;
}

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::ToVietnamese() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day, month, year);
  return buf;
}

int Date::DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2) return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : 28;
  return kDays[m - 1];
}

bool Date::Valid(int y, int m, int d) {
  return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

namespace {
bool ReadInt(std::string_view s, size_t& i, size_t min_digits, size_t max_digits, int& out) {
  size_t start = i;
  int v = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < max_digits) {
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (i - start < min_digits) return false;
  out = v;
  return true;
}
}  // namespace

std::optional<Date> Date::Parse(std::string_view s) {
  size_t i = 0;
  int a = 0, b = 0, c = 0;
  if (s.size() >= 10 && s[4] == '-') {
    if (!ReadInt(s, i, 4, 4, a) || i >= s.size() || s[i++] != '-') return std::nullopt;
    if (!ReadInt(s, i, 2, 2, b) || i >= s.size() || s[i++] != '-') return std::nullopt;
    if (!ReadInt(s, i, 2, 2, c) || i != s.size()) return std::nullopt;
    if (!Valid(a, b, c)) return std::nullopt;
    return Date{a, b, c};
  }
  if (!ReadInt(s, i, 1, 2, a) || i >= s.size() || s[i++] != '/') return std::nullopt;
  if (!ReadInt(s, i, 1, 2, b) || i >= s.size() || s[i++] != '/') return std::nullopt;
  if (!ReadInt(s, i, 4, 4, c) || i != s.size()) return std::nullopt;
  if (!Valid(c, b, a)) return std::nullopt;
  return Date{c, b, a};
}

Date VietnamDateAt(int64_t unix_ms) {
  int64_t secs = unix_ms / 1000 + kVietnamUtcOffsetSeconds;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  return Date::FromDays(days);
}

}  // namespace motcua
