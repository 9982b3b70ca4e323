// Channels (cách thức thực hiện) of the portal format. The portal flattens a
// four-column table into one string with no separators:
//   "Hình thức nộpThời gianPhí, lệ phíMô tả" then rows of
//   <kind><time limit><fee>[(<fee details>)]<description>
// e.g. "Trực tiếp20 Ngày làm việcLệ phí..." A row starts where a kind name is
// directly followed by something that reads as a time limit and a fee; the
// description runs to the next such start.
#include <set>

#include "catalog/import.h"
#include "catalog/import_text.h"

namespace motcua::catalog::portal {
namespace {
using internal::HasAt;
using internal::IsDigit;
using internal::SkipDigits;
using internal::kNoInfo;

constexpr std::string_view kChannelHeader = "Hình thức nộpThời gianPhí, lệ phíMô tả";
constexpr std::string_view kKinds[] = {"Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"};
// Longer names first: "Ngày làm việc" must win over "Ngày".
constexpr std::string_view kUnits[] = {"Ngày làm việc", "Giờ làm việc", "Ngày", "Giờ",
                                       "Tháng",         "Năm",          "Phút", "Tuần"};
constexpr std::string_view kCurrencies[] = {"Việt Nam Đồng", "VNĐ", "Đồng", "đồng", "USD"};
constexpr std::string_view kFree = "Miễn phí";

// One reading of a row's head: time limit and fee text.
struct Reading {
  std::string time;
  std::string fee;
};

// A row start: the kind, the possible readings, and where the head ends.
struct RowHead {
  size_t start = 0;
  std::string_view kind;
  std::vector<Reading> readings;  // more than one when the digits are ambiguous
  size_t end = 0;
  bool unitless = false;  // a bare number as the time limit ("1Miễn phí")
  bool glued = false;     // a bare number glued to an amount ("120 VNĐ")
};

// "2,000,000" or "100.000" or "20000": no leading zero, groups of three.
bool ValidAmount(std::string_view a) {
  if (a.empty() || a[0] == '0') return false;
  char sep = 0;
  if (a.find(',') != std::string_view::npos) sep = ',';
  if (a.find('.') != std::string_view::npos) {
    if (sep != 0) return false;
    sep = '.';
  }
  if (sep == 0) return SkipDigits(a, 0) == a.size();
  size_t first = SkipDigits(a, 0);
  if (first == 0 || first > 3) return false;
  size_t i = first;
  while (i < a.size()) {
    if (a[i] != sep || SkipDigits(a, i + 1) != i + 4) return false;
    i += 4;
  }
  return true;
}

// Matches "<amount> <currency>" at i (space optional); returns the end.
size_t MatchMoney(std::string_view t, size_t i, std::string_view* amount,
                  std::string_view* currency) {
  size_t j = i;
  while (j < t.size() && (IsDigit(t[j]) || t[j] == '.' || t[j] == ',')) ++j;
  while (j > i && !IsDigit(t[j - 1])) --j;  // "5," is not an amount
  if (j == i) return 0;
  size_t k = j;
  if (k < t.size() && t[k] == ' ') ++k;
  for (std::string_view c : kCurrencies) {
    if (HasAt(t, k, c)) {
      *amount = t.substr(i, j - i);
      *currency = c;
      return k + c.size();
    }
  }
  return 0;
}

// The fee column: "Miễn phí", nothing, an amount, or a plain "Không".
size_t MatchFee(std::string_view t, size_t i, std::string* fee) {
  std::string_view amount, currency;
  if (HasAt(t, i, kFree)) {
    *fee = std::string(kFree);
    return i + kFree.size();
  }
  if (HasAt(t, i, kNoInfo)) {
    fee->clear();
    return i + kNoInfo.size();
  }
  if (size_t e = MatchMoney(t, i, &amount, &currency)) {
    *fee = std::string(amount) + " " + std::string(currency);
    return e;
  }
  if (HasAt(t, i, "Không")) {
    *fee = "Không";
    return i + std::string_view("Không").size();
  }
  return 0;
}

// The time column: "20 Ngày làm việc", a bare "1", nothing, or free text
// starting with "Không" ("Không phải trả kết quả...") up to a fee marker.
size_t MatchTime(std::string_view t, size_t i, std::string* time, bool* unitless) {
  *unitless = false;
  if (HasAt(t, i, kNoInfo)) {
    time->clear();
    return i + kNoInfo.size();
  }
  for (std::string_view fixed :
       {std::string_view("Không quy định"), std::string_view("Trong ngày")}) {
    if (HasAt(t, i, fixed)) {
      *time = std::string(fixed);
      return i + fixed.size();
    }
  }
  size_t j = SkipDigits(t, i);
  if (j > i) {
    if (j + 1 < t.size() && (t[j] == '.' || t[j] == ',') && IsDigit(t[j + 1]))
      j = SkipDigits(t, j + 1);
    if (j < t.size() && t[j] == ' ') {
      for (std::string_view u : kUnits) {
        if (HasAt(t, j + 1, u)) {
          *time = std::string(t.substr(i, j + 1 + u.size() - i));
          return j + 1 + u.size();
        }
      }
    }
    *time = std::string(t.substr(i, j - i));
    *unitless = true;
    return j;
  }
  if (HasAt(t, i, "Không")) {
    // Free text on one line, ended by the fee column.
    size_t limit = std::min(t.size(), i + 300);
    for (size_t k = i + 1; k < limit && t[k] != '\n'; ++k) {
      if (HasAt(t, k, kFree) || HasAt(t, k, kNoInfo)) {
        *time = std::string(internal::Trim(t.substr(i, k - i)));
        return k;
      }
    }
  }
  return 0;
}

// A bare number glued to an amount ("Trực tuyến120 VNĐ") hides where the time
// ends: list every split whose amount part is well formed.
std::vector<Reading> SplitGluedNumber(std::string_view digits, std::string_view currency) {
  std::vector<Reading> out;
  if (digits.empty() || digits[0] == '0') return out;
  for (size_t n = 1; n <= 3 && n < digits.size(); ++n) {
    std::string_view time = digits.substr(0, n), amount = digits.substr(n);
    if (SkipDigits(time, 0) != n || !ValidAmount(amount)) continue;
    out.push_back({std::string(time), std::string(amount) + " " + std::string(currency)});
  }
  return out;
}

std::optional<RowHead> MatchRowHead(std::string_view t, size_t i) {
  for (std::string_view kind : kKinds) {
    if (!HasAt(t, i, kind)) continue;
    RowHead h;
    h.start = i;
    h.kind = kind;
    size_t j = i + kind.size();
    std::string_view amount, currency;
    if (size_t e = MatchMoney(t, j, &amount, &currency)) {
      h.readings = SplitGluedNumber(amount, currency);
      h.glued = true;
      h.end = e;
      return h;
    }
    Reading r;
    size_t time_end = MatchTime(t, j, &r.time, &h.unitless);
    if (time_end == 0) return std::nullopt;
    size_t fee_end = MatchFee(t, time_end, &r.fee);
    if (fee_end == 0) return std::nullopt;
    h.readings.push_back(std::move(r));
    h.end = fee_end;
    return h;
  }
  return std::nullopt;
}

// End of the parenthesised group starting at i, or 0 if unbalanced before `end`.
size_t BalancedEnd(std::string_view t, size_t i, size_t end) {
  if (i >= end || t[i] != '(') return 0;
  int depth = 0;
  for (size_t j = i; j < end; ++j) {
    if (t[j] == '(') ++depth;
    if (t[j] == ')' && --depth == 0) return j + 1;
  }
  return 0;
}

std::vector<RowHead> FindRowHeads(std::string_view t) {
  std::vector<RowHead> heads;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != 'T' && t[i] != 'D') continue;  // every kind starts so
    if (auto h = MatchRowHead(t, i)) heads.push_back(std::move(*h));
  }
  return heads;
}

// A bare time limit read without doubt ("1Miễn phí") tells which split of a
// glued number in a sibling row is meant ("1100 VNĐ" -> "1" + "100 VNĐ").
std::set<std::string> UnambiguousBareTimes(const std::vector<RowHead>& heads) {
  std::set<std::string> times;
  for (const RowHead& h : heads) {
    if (h.readings.size() == 1 && (h.unitless || h.glued)) times.insert(h.readings[0].time);
  }
  return times;
}

}  // namespace

std::optional<std::vector<domain::Channel>> ParseChannels(std::string_view text) {
  std::string_view t = internal::Trim(text);
  if (internal::IsNoInfo(t)) return std::vector<domain::Channel>{};
  if (!HasAt(t, 0, kChannelHeader)) return std::nullopt;
  t.remove_prefix(kChannelHeader.size());
  std::vector<RowHead> heads = FindRowHeads(t);
  if (heads.empty()) {
    if (internal::Trim(t).empty()) return std::vector<domain::Channel>{};
    return std::nullopt;
  }
  if (heads[0].start != 0) return std::nullopt;
  const std::set<std::string> hints = UnambiguousBareTimes(heads);

  std::vector<domain::Channel> out;
  for (size_t n = 0; n < heads.size(); ++n) {
    const RowHead& h = heads[n];
    const size_t end = (n + 1 < heads.size()) ? heads[n + 1].start : t.size();
    std::vector<Reading> readings;
    for (const Reading& r : h.readings)
      if (h.readings.size() == 1 || hints.count(r.time)) readings.push_back(r);
    if (readings.size() != 1) return std::nullopt;  // cannot tell time from fee

    domain::Channel c;
    c.kind = std::string(h.kind);
    c.time_limit = readings[0].time;
    c.fee = readings[0].fee;
    size_t p = h.end;
    // Fee details follow the fee in parentheses; after "no information" a
    // parenthesis opens the description instead ("(1) Trường hợp...").
    if (!c.fee.empty()) {
      if (size_t q = BalancedEnd(t, p, end)) {
        c.fee += " " + std::string(t.substr(p, q - p));
        p = q;
      }
    }
    c.description = std::string(internal::Trim(t.substr(p, end - p)));
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace motcua::catalog::portal
