// Civil dates (proleptic Gregorian) without time zones. Vietnam keeps UTC+7
// all year, so "today" at the counter is the UTC date of (now + 7 h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // Days since 1970-01-01 (negative before).
  int64_t ToDays() const;
  static Date FromDays(int64_t days);
  Date AddDays(int64_t n) const { return FromDays(ToDays() + n); }
  // 1 = Monday ... 7 = Sunday (ISO 8601).
  int IsoWeekday() const;

  std::string ToIso() const;         // 2026-03-15
  std::string ToVietnamese() const;  // 15/03/2026

  // Accepts "YYYY-MM-DD", "DD/MM/YYYY" and "D/M/YYYY"; rejects impossible dates.
  static std::optional<Date> Parse(std::string_view s);
  static bool Valid(int y, int m, int d);
  static int DaysInMonth(int y, int m);

  friend bool operator==(const Date& a, const Date& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
  }
  friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
  friend bool operator<(const Date& a, const Date& b) { return a.ToDays() < b.ToDays(); }
  friend bool operator<=(const Date& a, const Date& b) { return !(b < a); }
  friend bool operator>(const Date& a, const Date& b) { return b < a; }
  friend bool operator>=(const Date& a, const Date& b) { return !(a < b); }
};

// Vietnam's offset from UTC, in seconds.
inline constexpr int64_t kVietnamUtcOffsetSeconds = 7 * 3600;

// The Vietnamese civil date at a Unix time in milliseconds.
Date VietnamDateAt(int64_t unix_ms);

}  // namespace motcua
