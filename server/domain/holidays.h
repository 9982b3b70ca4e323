// Vietnam's public holidays as shipped data, and the table officers edit.
//
// Bộ luật Lao động 2019 Điều 112 gives 11 paid days: Tết Dương lịch (1/1),
// Tết Âm lịch (5 days, placed by the Prime Minister each year), Giỗ Tổ Hùng
// Vương (10/3 âm lịch), 30/4, 1/5 and Quốc khánh (2/9 plus one adjacent day
// the Prime Minister picks). A holiday on a weekend gives a compensatory day
// on the next working day (Điều 111(3)). On top of that the Government often
// swaps a working day for a Saturday so that civil servants get a longer
// break; the swapped Saturday is then a working day ("ngày làm bù").
// Lunar dates and the Prime Minister's choices move every year, so this table
// can only be a starting point: officers review and edit it (DOMAIN.md).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "domain/calendar.h"

namespace motcua::domain {

enum class HolidayKind {
  kHoliday,        // ngày nghỉ lễ, Tết (including the weekend days inside a Tết block)
  kCompensatory,   // nghỉ bù: the holiday fell on a weekend
  kSwappedDayOff,  // nghỉ hoán đổi: a weekday off, worked back on a Saturday
  kMakeupWorkday,  // ngày làm bù: a weekend day that is a working day
};
const char* HolidayKindKey(HolidayKind k);         // "holiday", "compensatory", "swapped", "makeup"
const char* HolidayKindVietnamese(HolidayKind k);  // "Nghỉ lễ, Tết", "Nghỉ bù", ...
std::optional<HolidayKind> ParseHolidayKindKey(std::string_view key);

// How sure we are of a date.
enum class HolidaySource {
  kDecision,  // a Government decision or letter fixed it (as reported; see holidays.cpp)
  kLaw,       // a solar date the Labour Code fixes, or the compensatory day it implies
  kLunar,     // the law fixes the lunar date; we converted it to the solar calendar
  kEstimate,  // the Government has not decided yet (as far as we know): CHECK AND EDIT
};
const char* HolidaySourceKey(HolidaySource s);         // "decision", "law", "lunar", "estimate"
const char* HolidaySourceVietnamese(HolidaySource s);  // "Theo văn bản của Chính phủ", ...
std::optional<HolidaySource> ParseHolidaySourceKey(std::string_view key);

struct Holiday {
  Date date;
  std::string name;  // Vietnamese, shown to officers: "Tết Nguyên đán Bính Ngọ"
  HolidayKind kind = HolidayKind::kHoliday;
  HolidaySource source = HolidaySource::kLaw;
  std::string basis;  // Vietnamese note on where the date comes from
};

// Holidays, swapped days and make-up Saturdays for 2025–2027, sorted by date.
// Every entry of source kEstimate must be checked against the official plan.
std::vector<Holiday> ShippedHolidays();

// Refuses impossible dates, empty names, a date listed twice, and make-up
// workdays that are not Saturday or Sunday. Messages in Vietnamese.
Status ValidateHolidays(const std::vector<Holiday>& table);

// Every entry except kMakeupWorkday is a day off.
WorkCalendar BuildCalendar(const std::vector<Holiday>& table);

// [{"date":"2026-02-14","name":"...","kind":"holiday","source":"decision","basis":"..."}]
nlohmann::json HolidaysToJson(const std::vector<Holiday>& table);
// Checks types and keys, then ValidateHolidays(); the result is sorted by date.
Result<std::vector<Holiday>> HolidaysFromJson(const nlohmann::json& j);

}  // namespace motcua::domain
