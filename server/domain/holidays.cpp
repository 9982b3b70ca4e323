#include "domain/holidays.h"

#include <algorithm>
#include <set>

namespace motcua::domain {

namespace {

// Where each block comes from. The Government's plans are letters of the
// Government Office (Văn phòng Chính phủ) conveying the Prime Minister's
// agreement; we know them from press reports of those letters, not from the
// letters themselves, so officers should still compare with the text.
constexpr char kLaw[] = "Bộ luật Lao động 2019, Điều 112";
constexpr char kLawCompensatory[] = "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù)";
constexpr char kPlan2025[] =
    "Văn bản 8726/VPCP-KGVX ngày 26/11/2024 về nghỉ Tết Âm lịch và các dịp lễ năm 2025";
constexpr char kPlan2026NewYear[] =
    "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 về nghỉ Tết Dương lịch 2026";
constexpr char kPlan2026[] =
    "Ý kiến Thủ tướng do Văn phòng Chính phủ truyền đạt tháng 10/2025 về nghỉ Tết Âm lịch và "
    "Quốc khánh năm 2026";
// Lunar conversions (Giỗ Tổ 10/3, mùng 1 Tết) were computed with Hồ Ngọc Đức's
// new-moon algorithm for UTC+7; for 2025 and 2026 they agree with the press.
constexpr char kLunar[] = "Ngày 10/3 âm lịch, quy đổi sang dương lịch";
constexpr char kEstimate[] =
    "DỰ KIẾN, chưa có văn bản của Chính phủ: cán bộ cần đối chiếu và sửa khi có quyết định";

void Add(std::vector<Holiday>& out, int y, int m, int d, const char* name, HolidayKind kind,
         HolidaySource source, const char* basis) {
  out.push_back(Holiday{Date{y, m, d}, name, kind, source, basis});
}

// Every day of an inclusive block, weekends included, so the table reads like
// the decision ("nghỉ từ thứ Bảy 14/02/2026 đến hết Chủ nhật 22/02/2026").
void AddBlock(std::vector<Holiday>& out, Date from, Date to, const char* name, HolidaySource source,
              const char* basis) {
  for (Date d = from; d <= to; d = d.AddDays(1)) {
    out.push_back(Holiday{d, name, HolidayKind::kHoliday, source, basis});
  }
}

void Add2025(std::vector<Holiday>& h) {
  using K = HolidayKind;
  using S = HolidaySource;
  Add(h, 2025, 1, 1, "Tết Dương lịch", K::kHoliday, S::kLaw, kLaw);
  // Official: Sat 25/1 (26 tháng Chạp Giáp Thìn) to Sun 2/2 (mùng 5 Ất Tỵ);
  // five weekdays plus two weekends, no make-up Saturday.
  AddBlock(h, {2025, 1, 25}, {2025, 2, 2}, "Tết Nguyên đán Ất Tỵ", S::kDecision, kPlan2025);
  Add(h, 2025, 4, 7, "Giỗ Tổ Hùng Vương", K::kHoliday, S::kLunar, kLunar);
  // The extra bridge day: Fri 2/5 swapped with Sat 26/4 (off 30/4–4/5).
  Add(h, 2025, 4, 26, "Làm bù cho ngày nghỉ 02/05/2025", K::kMakeupWorkday, S::kDecision,
      kPlan2025);
  Add(h, 2025, 4, 30, "Ngày Chiến thắng (30/4)", K::kHoliday, S::kLaw, kLaw);
  Add(h, 2025, 5, 1, "Ngày Quốc tế Lao động (1/5)", K::kHoliday, S::kLaw, kLaw);
  Add(h, 2025, 5, 2, "Nghỉ hoán đổi dịp 30/4 – 1/5", K::kSwappedDayOff, S::kDecision, kPlan2025);
  // 2/9 is a Tuesday; the adjacent day chosen is Mon 1/9 (off 30/8–2/9).
  Add(h, 2025, 9, 1, "Quốc khánh (ngày liền kề)", K::kHoliday, S::kDecision, kPlan2025);
  Add(h, 2025, 9, 2, "Quốc khánh (2/9)", K::kHoliday, S::kLaw, kLaw);
}

void Add2026(std::vector<Holiday>& h) {
  using K = HolidayKind;
  using S = HolidaySource;
  Add(h, 2026, 1, 1, "Tết Dương lịch", K::kHoliday, S::kLaw, kLaw);
  // Fri 2/1 swapped with Sat 10/1 (off Thu 1/1 – Sun 4/1).
  Add(h, 2026, 1, 2, "Nghỉ hoán đổi dịp Tết Dương lịch", K::kSwappedDayOff, S::kDecision,
      kPlan2026NewYear);
  Add(h, 2026, 1, 10, "Làm bù cho ngày nghỉ 02/01/2026", K::kMakeupWorkday, S::kDecision,
      kPlan2026NewYear);
  // Official: Sat 14/2 (27 tháng Chạp Ất Tỵ) to Sun 22/2 (mùng 6 Bính Ngọ);
  // mùng 1 is Tue 17/2. Five weekdays plus two weekends, no make-up day.
  AddBlock(h, {2026, 2, 14}, {2026, 2, 22}, "Tết Nguyên đán Bính Ngọ", S::kDecision, kPlan2026);
  // 10/3 Bính Ngọ is Sunday 26/4, so Monday 27/4 is the compensatory day.
  Add(h, 2026, 4, 26, "Giỗ Tổ Hùng Vương", K::kHoliday, S::kLunar, kLunar);
  Add(h, 2026, 4, 27, "Nghỉ bù Giỗ Tổ Hùng Vương", K::kCompensatory, S::kLaw, kLawCompensatory);
  Add(h, 2026, 4, 30, "Ngày Chiến thắng (30/4)", K::kHoliday, S::kLaw, kLaw);
  Add(h, 2026, 5, 1, "Ngày Quốc tế Lao động (1/5)", K::kHoliday, S::kLaw, kLaw);
  // 2/9 is a Wednesday. The plan chose Tue 1/9 as the adjacent day and swapped
  // Mon 31/8 with Sat 22/8, giving Sat 29/8 – Wed 2/9 off.
  Add(h, 2026, 8, 22, "Làm bù cho ngày nghỉ 31/08/2026", K::kMakeupWorkday, S::kDecision,
      kPlan2026);
  Add(h, 2026, 8, 31, "Nghỉ hoán đổi dịp Quốc khánh", K::kSwappedDayOff, S::kDecision, kPlan2026);
  Add(h, 2026, 9, 1, "Quốc khánh (ngày liền kề)", K::kHoliday, S::kDecision, kPlan2026);
  Add(h, 2026, 9, 2, "Quốc khánh (2/9)", K::kHoliday, S::kLaw, kLaw);
}

void Add2027(std::vector<Holiday>& h) {
  using K = HolidayKind;
  using S = HolidaySource;
  Add(h, 2027, 1, 1, "Tết Dương lịch", K::kHoliday, S::kLaw, kLaw);
  // ESTIMATE. Mùng 1 Tết Đinh Mùi is Saturday 6/2/2027 (lunar calendar). The
  // Prime Minister places the 5 statutory days; we copy the 2024 plan, when
  // mùng 1 was also a Saturday (off Thu 8/2 – Wed 14/2/2024): Thu 4/2 – Wed
  // 10/2/2027, 7 days. Check the official plan (usually out in Oct–Nov).
  AddBlock(h, {2027, 2, 4}, {2027, 2, 10}, "Tết Nguyên đán Đinh Mùi (dự kiến)", S::kEstimate,
           kEstimate);
  Add(h, 2027, 4, 16, "Giỗ Tổ Hùng Vương", K::kHoliday, S::kLunar, kLunar);
  Add(h, 2027, 4, 30, "Ngày Chiến thắng (30/4)", K::kHoliday, S::kLaw, kLaw);
  // 1/5 is a Saturday: the compensatory day is Monday 3/5.
  Add(h, 2027, 5, 1, "Ngày Quốc tế Lao động (1/5)", K::kHoliday, S::kLaw, kLaw);
  Add(h, 2027, 5, 3, "Nghỉ bù Ngày Quốc tế Lao động", K::kCompensatory, S::kLaw, kLawCompensatory);
  Add(h, 2027, 9, 2, "Quốc khánh (2/9)", K::kHoliday, S::kLaw, kLaw);
  // ESTIMATE. 2/9 is a Thursday; Fri 3/9 joins the weekend, as in 2021 (also
  // a Thursday).
  Add(h, 2027, 9, 3, "Quốc khánh (ngày liền kề, dự kiến)", K::kHoliday, S::kEstimate, kEstimate);
}

struct KindName {
  HolidayKind kind;
  const char* key;
  const char* vi;
};
constexpr KindName kHolidayKinds[] = {
    {HolidayKind::kHoliday, "holiday", "Nghỉ lễ, Tết"},
    {HolidayKind::kCompensatory, "compensatory", "Nghỉ bù"},
    {HolidayKind::kSwappedDayOff, "swapped", "Nghỉ hoán đổi"},
    {HolidayKind::kMakeupWorkday, "makeup", "Ngày làm bù"},
};

struct SourceName {
  HolidaySource source;
  const char* key;
  const char* vi;
};
constexpr SourceName kSources[] = {
    {HolidaySource::kDecision, "decision", "Theo văn bản của Chính phủ"},
    {HolidaySource::kLaw, "law", "Theo Bộ luật Lao động"},
    {HolidaySource::kLunar, "lunar", "Quy đổi từ âm lịch"},
    {HolidaySource::kEstimate, "estimate", "Dự kiến, cần kiểm tra"},
};

}  // namespace

const char* HolidayKindKey(HolidayKind k) {
  for (const auto& e : kHolidayKinds) {
    if (e.kind == k) return e.key;
  }
  return "";
}
const char* HolidayKindVietnamese(HolidayKind k) {
  for (const auto& e : kHolidayKinds) {
    if (e.kind == k) return e.vi;
  }
  return "";
}
std::optional<HolidayKind> ParseHolidayKindKey(std::string_view key) {
  for (const auto& e : kHolidayKinds) {
    if (key == e.key) return e.kind;
  }
  return std::nullopt;
}
const char* HolidaySourceKey(HolidaySource s) {
  for (const auto& e : kSources) {
    if (e.source == s) return e.key;
  }
  return "";
}
const char* HolidaySourceVietnamese(HolidaySource s) {
  for (const auto& e : kSources) {
    if (e.source == s) return e.vi;
  }
  return "";
}
std::optional<HolidaySource> ParseHolidaySourceKey(std::string_view key) {
  for (const auto& e : kSources) {
    if (key == e.key) return e.source;
  }
  return std::nullopt;
}

std::vector<Holiday> ShippedHolidays() {
  std::vector<Holiday> h;
  Add2025(h);
  Add2026(h);
  Add2027(h);
  std::stable_sort(h.begin(), h.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return h;
}

Status ValidateHolidays(const std::vector<Holiday>& table) {
  std::set<int64_t> seen;
  for (const Holiday& h : table) {
    if (!Date::Valid(h.date.year, h.date.month, h.date.day)) {
      return InvalidArgument("Ngày không hợp lệ trong lịch nghỉ lễ.");
    }
    const std::string when = h.date.ToVietnamese();
    if (h.name.empty()) return InvalidArgument("Ngày " + when + " chưa có tên ngày nghỉ.");
    if (!seen.insert(h.date.ToDays()).second) {
      return InvalidArgument("Ngày " + when + " được khai báo hai lần trong lịch nghỉ lễ.");
    }
    if (h.kind == HolidayKind::kMakeupWorkday && h.date.IsoWeekday() < 6) {
      return InvalidArgument("Ngày làm bù " + when + " phải là thứ Bảy hoặc Chủ nhật.");
    }
  }
  return Status::Ok();
}

WorkCalendar BuildCalendar(const std::vector<Holiday>& table) {
  std::vector<Date> off, makeup;
  for (const Holiday& h : table) {
    (h.kind == HolidayKind::kMakeupWorkday ? makeup : off).push_back(h.date);
  }
  return WorkCalendar(off, makeup);
}

nlohmann::json HolidaysToJson(const std::vector<Holiday>& table) {
  nlohmann::json out = nlohmann::json::array();
  for (const Holiday& h : table) {
    out.push_back({{"date", h.date.ToIso()},
                   {"name", h.name},
                   {"kind", HolidayKindKey(h.kind)},
                   {"source", HolidaySourceKey(h.source)},
                   {"basis", h.basis}});
  }
  return out;
}

Result<std::vector<Holiday>> HolidaysFromJson(const nlohmann::json& j) {
  if (!j.is_array()) return InvalidArgument("Lịch nghỉ lễ phải là một danh sách.");
  std::vector<Holiday> out;
  for (const auto& e : j) {
    if (!e.is_object() || !e.contains("date") || !e["date"].is_string() || !e.contains("name") ||
        !e["name"].is_string()) {
      return InvalidArgument("Mỗi ngày nghỉ cần có ngày (date) và tên (name).");
    }
    Holiday h;
    auto d = Date::Parse(e["date"].get<std::string>());
    if (!d) return InvalidArgument("Ngày không hợp lệ: " + e["date"].get<std::string>());
    h.date = *d;
    h.name = e["name"].get<std::string>();
    if (e.contains("kind")) {
      auto k =
          e["kind"].is_string() ? ParseHolidayKindKey(e["kind"].get<std::string>()) : std::nullopt;
      if (!k) {
        return InvalidArgument("Loại ngày nghỉ không hợp lệ (ngày " + d->ToVietnamese() + ").");
      }
      h.kind = *k;
    }
    if (e.contains("source")) {
      auto s = e["source"].is_string() ? ParseHolidaySourceKey(e["source"].get<std::string>())
                                       : std::nullopt;
      if (!s) {
        return InvalidArgument("Nguồn ngày nghỉ không hợp lệ (ngày " + d->ToVietnamese() + ").");
      }
      h.source = *s;
    }
    if (e.contains("basis") && e["basis"].is_string()) h.basis = e["basis"].get<std::string>();
    out.push_back(std::move(h));
  }
  RETURN_IF_ERROR(ValidateHolidays(out));
  std::stable_sort(out.begin(), out.end(),
                   [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

}  // namespace motcua::domain
