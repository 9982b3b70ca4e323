// Report periods (kỳ báo cáo). The pattern of NĐ 09/2019 (DOMAIN.md
// "Reports"): a report year runs from 15/12 of the previous year to 14/12;
// Q1 15/12–14/3, Q2 15/3–14/6, Q3 15/6–14/9, Q4 15/9–14/12; 6 months
// 15/12–14/6; 9 months 15/12–14/9. Whether TT 01/2020/TT-VPCP keeps this
// pattern is not confirmed [U], so the cut-off day is configurable.
#pragma once

#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace motcua::domain {

// Every period ends on `day` of its last month (3, 6, 9 or 12) and starts the
// day after the previous period's end. `day` is clamped to the month's length,
// so 31 gives calendar quarters (1/1–31/3, ...).
struct ReportCutoff {
  int day = 14;  // 1..31
};
Status ValidateCutoff(const ReportCutoff& cutoff);  // Vietnamese message

enum class PeriodKind {
  kQuarter,     // "2026-q1" .. "2026-q4"
  kSixMonths,   // "2026-h1" (or "2026-6m"): Q1 + Q2
  kNineMonths,  // "2026-9m": Q1 + Q2 + Q3
  kYear,        // "2026-y"
  kCustom,      // "2026-03-01..2026-03-31": an on-demand report (báo cáo đột xuất)
};

struct ReportPeriod {
  PeriodKind kind = PeriodKind::kYear;
  int year = 0;       // the report year (15/12/2025 belongs to 2026); year of `to` for kCustom
  int number = 0;     // 1..4 for quarters, 0 otherwise
  Date from;          // first day, inclusive
  Date to;            // last day, inclusive
  std::string key;    // "2026-q1"
  std::string label;  // "Quý I năm 2026", "6 tháng đầu năm 2026", "Năm 2026", ...

  bool Contains(const Date& d) const { return from <= d && d <= to; }
};

// `number` is the quarter (1..4) for kQuarter and ignored otherwise. Use
// MakeCustomPeriod for kCustom.
Result<ReportPeriod> MakeReportPeriod(PeriodKind kind, int year, int number = 0,
                                      const ReportCutoff& cutoff = {});
// from <= to, at most ten years apart.
Result<ReportPeriod> MakeCustomPeriod(const Date& from, const Date& to);

// Parses the keys above (ASCII, case-insensitive). Vietnamese message if not.
Result<ReportPeriod> ParseReportPeriodKey(std::string_view key, const ReportCutoff& cutoff = {});

// Precondition for both: ValidateCutoff(cutoff).ok().
// The report year a date belongs to: 15/12/2025 -> 2026 with the default cut-off.
int ReportYearOf(const Date& d, const ReportCutoff& cutoff = {});
// The quarter a date belongs to.
ReportPeriod QuarterOf(const Date& d, const ReportCutoff& cutoff = {});

}  // namespace motcua::domain
