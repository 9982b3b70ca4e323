#include "domain/report_period.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace motcua::domain {

namespace {

// Years for which every period date is a valid Date (Date::Valid: 1900..9999;
// Q1 of year Y starts in December of Y-1).
constexpr int kMinYear = 1901;
constexpr int kMaxYear = 9999;

// The last day of a period ending in `month` of `year`.
Date CutoffDate(int year, int month, const ReportCutoff& c) {
  return Date{year, month, std::min(c.day, Date::DaysInMonth(year, month))};
}

// End of quarter q (0..4) of report year `year`; q == 0 is the end of the
// previous year's Q4.
Date QuarterEnd(int year, int q, const ReportCutoff& c) {
  return q == 0 ? CutoffDate(year - 1, 12, c) : CutoffDate(year, 3 * q, c);
}

const char* Roman(int q) {
  static const char* kRoman[] = {"", "I", "II", "III", "IV"};
  return kRoman[q];
}

Status BadKey(std::string_view key) {
  return InvalidArgument("Kỳ báo cáo không hợp lệ: «" + std::string(key) +
                         "». Ví dụ: 2026-q1, 2026-h1, 2026-9m, 2026-y.");
}

bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Status ValidateCutoff(const ReportCutoff& cutoff) {
  if (cutoff.day < 1 || cutoff.day > 31) {
    return InvalidArgument("Ngày chốt số liệu báo cáo phải từ 1 đến 31.");
  }
  return Status::Ok();
}

Result<ReportPeriod> MakeReportPeriod(PeriodKind kind, int year, int number,
                                      const ReportCutoff& cutoff) {
  RETURN_IF_ERROR(ValidateCutoff(cutoff));
  if (year < kMinYear || year > kMaxYear) {
    return InvalidArgument("Năm báo cáo không hợp lệ: " + std::to_string(year) + ".");
  }
  ReportPeriod p;
  p.kind = kind;
  p.year = year;
  const std::string y = std::to_string(year);
  int first_q = 1, last_q = 4;
  switch (kind) {
    case PeriodKind::kQuarter:
      if (number < 1 || number > 4) {
        return InvalidArgument("Quý phải từ I đến IV (1 đến 4).");
      }
      first_q = last_q = number;
      p.number = number;
      p.key = y + "-q" + std::to_string(number);
      p.label = std::string("Quý ") + Roman(number) + " năm " + y;
      break;
    case PeriodKind::kSixMonths:
      last_q = 2;
      p.key = y + "-h1";
      p.label = "6 tháng đầu năm " + y;
      break;
    case PeriodKind::kNineMonths:
      last_q = 3;
      p.key = y + "-9m";
      p.label = "9 tháng đầu năm " + y;
      break;
    case PeriodKind::kYear:
      p.key = y + "-y";
      p.label = "Năm " + y;
      break;
    case PeriodKind::kCustom:
      return InvalidArgument("Kỳ báo cáo đột xuất cần ngày bắt đầu và ngày kết thúc.");
  }
  p.from = QuarterEnd(year, first_q - 1, cutoff).AddDays(1);
  p.to = QuarterEnd(year, last_q, cutoff);
  return p;
}

Result<ReportPeriod> MakeCustomPeriod(const Date& from, const Date& to) {
  if (to < from) {
    return InvalidArgument("Ngày kết thúc kỳ báo cáo (" + to.ToVietnamese() +
                           ") trước ngày bắt đầu (" + from.ToVietnamese() + ").");
  }
  if (to.ToDays() - from.ToDays() > 3660) {
    return InvalidArgument("Kỳ báo cáo đột xuất dài quá 10 năm.");
  }
  ReportPeriod p;
  p.kind = PeriodKind::kCustom;
  p.year = to.year;
  p.from = from;
  p.to = to;
  p.key = from.ToIso() + ".." + to.ToIso();
  p.label = "Từ ngày " + from.ToVietnamese() + " đến ngày " + to.ToVietnamese();
  return p;
}

Result<ReportPeriod> ParseReportPeriodKey(std::string_view key, const ReportCutoff& cutoff) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (const size_t dots = k.find(".."); dots != std::string::npos) {
    auto from = Date::Parse(std::string_view(k).substr(0, dots));
    auto to = Date::Parse(std::string_view(k).substr(dots + 2));
    if (!from || !to) return BadKey(key);
    return MakeCustomPeriod(*from, *to);
  }
  const size_t dash = k.find('-');
  if (dash == std::string::npos) return BadKey(key);
  int year = 0;
  if (!ParseInt(std::string_view(k).substr(0, dash), year)) return BadKey(key);
  const std::string_view rest = std::string_view(k).substr(dash + 1);
  if (rest == "h1" || rest == "6m") {
    return MakeReportPeriod(PeriodKind::kSixMonths, year, 0, cutoff);
  }
  if (rest == "9m") return MakeReportPeriod(PeriodKind::kNineMonths, year, 0, cutoff);
  if (rest == "y") return MakeReportPeriod(PeriodKind::kYear, year, 0, cutoff);
  if (rest.size() == 2 && rest[0] == 'q' && rest[1] >= '1' && rest[1] <= '4') {
    return MakeReportPeriod(PeriodKind::kQuarter, year, rest[1] - '0', cutoff);
  }
  return BadKey(key);
}

int ReportYearOf(const Date& d, const ReportCutoff& cutoff) {
  return d > CutoffDate(d.year, 12, cutoff) ? d.year + 1 : d.year;
}

ReportPeriod QuarterOf(const Date& d, const ReportCutoff& cutoff) {
  const int year = ReportYearOf(d, cutoff);
  int q = 1;
  while (q < 4 && d > QuarterEnd(year, q, cutoff)) ++q;
  // Cannot fail for a valid cut-off and a year in range; an invalid cut-off
  // falls back to the default rather than returning a half-built period.
  auto p = MakeReportPeriod(PeriodKind::kQuarter, year, q,
                            ValidateCutoff(cutoff).ok() ? cutoff : ReportCutoff{});
  return p.ok() ? p.value() : ReportPeriod{};
}

}  // namespace motcua::domain
