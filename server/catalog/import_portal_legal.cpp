// Legal basis (căn cứ pháp lý) of the portal format. The portal flattens a
// two-column table: "Tên văn bản pháp lýMã văn bản" then rows of
// <name><number>, e.g. "Luật Nhập cảnh, ...Luật 47/2014/QH13Thông tư ...53/2016/TT-BCA".
// A number is "<n>[/<year>]/<type>-<issuer>..." (47/2014/QH13, 15/2020/NĐ-CP,
// 948/QĐ-BHXH). The number column is glued to the next row's name, so a number
// counts as a row end only when nothing separates it from what follows; one
// followed by a space or punctuation is quoted inside a name.
#include <algorithm>
#include <array>

#include "catalog/import.h"
#include "catalog/import_text.h"

namespace motcua::catalog::portal {
namespace {
using internal::CodePointAt;
using internal::HasAt;
using internal::IsDigit;
using internal::SkipDigits;
using internal::IsSpace;
using internal::IsUpper;
using internal::Trim;

constexpr std::string_view kLegalHeader = "Tên văn bản pháp lýMã văn bản";
constexpr size_t npos = std::string_view::npos;

// Document types and issuers seen in numbers. An issuer glued to the next
// name in capitals ("NĐ-CPLUẬT", "TT-BTCSửa") is cut after the longest of
// these; an unknown one gives back its last capital if a small letter follows.
// Where one code is a prefix of another (BNN, BNNMT), the longer comes first.
constexpr std::string_view kCodes[] = {
    "UBTƯMTTQVN", "VKSNDTC", "BLĐTBXH", "BNNPTNT", "BVHTTDL", "TANDTC", "UBTVQH", "BGTVT",
    "BKHĐT",      "BKHCN",   "BNNMT",   "BTNMT",   "BTTTT",   "BGDĐT",  "NQLT",   "NHNN",
    "BHXH",       "VPCP",    "HĐND",    "UBND",    "VPQH",    "CSXH",   "HĐTP",   "KTNN",
    "UBDT",       "VBHN",    "TTLT",    "BTC",     "BTP",     "BCA",    "BXD",    "BYT",
    "BNV",        "BQP",     "BCT",     "BNG",     "CTN",     "BNN",    "BKH",    "TLĐ",
    "BLĐ",        "CP",      "NĐ",      "ND",      "TT",      "QĐ",     "QD",     "NQ",
    "PL",         "CT",      "HD",      "KH",      "TB",      "BC",     "L"};

// Words the number column sometimes carries before the number ("Luật
// 47/2014/QH13"); glued to the end of a name they belong to the number.
constexpr std::string_view kNumberPrefixes[] = {"Thông tư liên tịch số ",
                                                "Văn bản hợp nhất số ",
                                                "Thông tư liên tịch ",
                                                "Văn bản hợp nhất ",
                                                "Nghị định số ",
                                                "Quyết định số ",
                                                "Nghị quyết số ",
                                                "Thông tư số ",
                                                "Pháp lệnh số ",
                                                "Nghị định ",
                                                "Quyết định ",
                                                "Nghị quyết ",
                                                "Thông tư ",
                                                "Pháp lệnh ",
                                                "Luật số ",
                                                "Luất số ",
                                                "Luật ",
                                                "NĐ ",
                                                "số ",
                                                "Số "};

// End of a run of capital letters starting at i (multi-byte aware).
size_t CapitalsEnd(std::string_view t, size_t i) {
  while (i < t.size()) {
    size_t len = 1;
    if (!IsUpper(CodePointAt(t, i, &len))) break;
    i += len;
  }
  return i;
}

// One part of the type/issuer ("NĐ", "CP", "QH13", "TTg"); end or npos.
size_t MatchCodePart(std::string_view t, size_t i) {
  if (HasAt(t, i, "TTg")) return i + 3;
  if (HasAt(t, i, "QH")) return SkipDigits(t, i + 2, 2);
  size_t run_end = CapitalsEnd(t, i);
  if (run_end == i) return npos;
  std::string_view run = t.substr(i, run_end - i);
  for (std::string_view code : kCodes) {
    if (run.substr(0, code.size()) != code) continue;
    size_t e = i + code.size();
    if (code == "UBTVQH") e = SkipDigits(t, e, 2);
    return e;
  }
  if (run_end < t.size() && internal::IsLower(CodePointAt(t, run_end))) {
    size_t last = internal::PrevCodePointStart(t, run_end);
    return last > i ? last : npos;  // a lone capital starts the next word
  }
  return run_end;
}

// A document number starting at i; its end or npos.
size_t MatchNumber(std::string_view t, size_t i) {
  size_t j = SkipDigits(t, i);
  if (j == i || j - i > 4) return npos;
  if (j + 1 < t.size() && t[j] == '.' && IsDigit(t[j + 1])) j = SkipDigits(t, j + 1);  // 66.7/2025
  if (j >= t.size() || t[j] != '/') return npos;
  ++j;
  if (SkipDigits(t, j, 4) == j + 4) {
    if (j + 4 == t.size()) return j + 4;  // "24/2024" closing the text
    if (t[j + 4] == '/') j += 5;
  }
  size_t e = MatchCodePart(t, j);
  if (e == npos) return npos;
  while (e + 1 < t.size() && (t[e] == '-' || t[e] == '/' || t[e] == '_')) {
    size_t next = MatchCodePart(t, e + 1);
    if (next == npos) break;
    e = next;
  }
  return e;
}

// Not inside another number: "2014" in 47/2014, "19" in 66.19/2026.
bool CanStartNumber(std::string_view t, size_t i, size_t last_end) {
  if (!IsDigit(t[i])) return false;
  if (i == 0 || i == last_end) return true;
  char a = t[i - 1];
  if (IsDigit(a) || a == '/') return false;
  return !(a == '.' && i >= 2 && IsDigit(t[i - 2]));
}

// A run of more than four digits starting with 19xx/20xx.
bool GluedYear(std::string_view t, size_t i) {
  if (i > 0 && IsDigit(t[i - 1])) return false;
  if (!HasAt(t, i, "19") && !HasAt(t, i, "20")) return false;
  return SkipDigits(t, i) > i + 4;
}

bool EndsRow(std::string_view t, size_t start, size_t e, size_t last_end) {
  if (e == t.size()) return true;
  char32_t c = CodePointAt(t, e);
  // "...Bộ Tư pháp18/2026/NĐ-CP Nghị định...": glued to the name before it
  // and followed by a word, the number is a column of its own too (a number
  // quoted inside a name has a space before it: "Nghị định 30/2013/NĐ-CP về";
  // one right after another number starts a name: "...NĐ-CP1040/QĐ-BHXH ban hành").
  if (c == ' ' && start > 0 && start != last_end && !IsSpace(internal::CodePointBefore(t, start)) &&
      e + 1 < t.size())
    return internal::IsLetter(CodePointAt(t, e + 1));
  return !IsSpace(c) && c != '.' && c != ',' && c != ';' && c != ':' && c != ')' && c != '/';
}

struct Span {
  size_t start, end;
};

// Numbers that end a row, in order.
std::vector<Span> FindRowNumbers(std::string_view t) {
  std::vector<Span> out;
  size_t last_end = npos;
  size_t i = 0;
  while (i < t.size()) {
    size_t start = i, e = npos;
    if (GluedYear(t, i)) {
      // "Luật Cư trú 202068/2020/QH14", "ngày 25/01/202640/2026/NĐ-CP": a
      // year (maybe closing a date) glued to the number.
      start = i + 4;
      e = MatchNumber(t, start);
    } else if (CanStartNumber(t, i, last_end)) {
      e = MatchNumber(t, i);
    }
    if (e != npos && EndsRow(t, start, e, last_end)) {
      out.push_back({start, e});
      i = last_end = e;
      continue;
    }
    ++i;
  }
  return out;
}

bool IsNumberPrefix(std::string_view s) {
  return std::find(std::begin(kNumberPrefixes), std::end(kNumberPrefixes), s) !=
         std::end(kNumberPrefixes);
}

// "...tại Việt NamLuật " -> "...tại Việt Nam": the prefix went with the number.
std::string_view StripGluedPrefix(std::string_view name) {
  for (std::string_view pf : kNumberPrefixes) {
    if (name.size() <= pf.size() || !internal::EndsWith(name, pf)) continue;
    size_t cut = name.size() - pf.size();
    if (!IsSpace(internal::CodePointBefore(name, cut))) return name.substr(0, cut);
  }
  return name;
}

}  // namespace

std::optional<std::vector<domain::LegalDoc>> ParseLegalDocs(std::string_view text) {
  std::string_view t = Trim(text);
  if (internal::IsNoInfo(t)) return std::vector<domain::LegalDoc>{};
  if (!HasAt(t, 0, kLegalHeader)) return std::nullopt;
  t.remove_prefix(kLegalHeader.size());

  std::vector<Span> nums = FindRowNumbers(t);
  std::vector<domain::LegalDoc> out;
  size_t p = 0;
  for (size_t k = 0; k < nums.size(); ++k) {
    const Span n = nums[k];
    if (k + 1 < nums.size()) {
      // A number right before another one is the name column quoting it:
      // "Luật 54/2014/QH13" + "54/2014/QH13", or "24/2022/TT-X" + "Thông tư 24/2022/TT-X".
      std::string_view gap = t.substr(n.end, nums[k + 1].start - n.end);
      bool name_empty = Trim(t.substr(p, n.start - p)).empty();
      if (gap.empty() || (name_empty && IsNumberPrefix(gap))) continue;
    }
    std::string_view name = StripGluedPrefix(t.substr(p, n.start - p));
    if (Trim(name).empty()) return std::nullopt;  // number before name: columns swapped
    out.push_back({std::string(Trim(name)), std::string(t.substr(n.start, n.end - n.start))});
    p = n.end;
  }
  std::string_view tail = Trim(t.substr(p));
  if (!tail.empty()) out.push_back({std::string(tail), ""});  // a row without a number
  return out;
}

}  // namespace motcua::catalog::portal
