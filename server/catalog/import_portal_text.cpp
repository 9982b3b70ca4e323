// Free-text fields of the portal format: steps (trình tự thực hiện) and the
// result (kết quả), which the portal delivers with hard line breaks and
// scraped page furniture.
#include "catalog/import.h"
#include "catalog/import_text.h"

namespace motcua::catalog::portal {
namespace {
using internal::CodePointAt;
using internal::CodePointBefore;
using internal::HasAt;
using internal::IsDigit;
using internal::IsLower;
using internal::IsSpace;
using internal::Trim;

constexpr size_t npos = std::string_view::npos;

std::string NormalizeNewlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool IsBullet(char32_t c) { return c == '-' || c == '+' || c == '*' || c == 0x2022; }

// "a)", "b.", "ii)", "1.", "9.1.5.", "(1)" at the start of `s`; its length or 0.
size_t EnumeratorLength(std::string_view s) {
  size_t i = 0;
  if (HasAt(s, 0, "(")) {
    size_t close = s.find(')');
    return (close != npos && close <= 5) ? close + 1 : 0;
  }
  if (!s.empty() && IsDigit(s[0])) {
    while (i < s.size() &&
           (IsDigit(s[i]) || (s[i] == '.' && i + 1 < s.size() && IsDigit(s[i + 1]))))
      ++i;
  } else {
    // Up to four small letters: "a", "đ", "iii".
    for (int n = 0; n < 4 && i < s.size(); ++n) {
      size_t len = 1;
      if (!IsLower(CodePointAt(s, i, &len))) break;
      i += len;
    }
  }
  if (i == 0 || i >= s.size() || (s[i] != ')' && s[i] != '.')) return 0;
  return i + 1;
}

// True when `s` holds only spaces, bullets and at most one enumerator: the
// text that may precede a step marker at the start of a line.
bool IsListPrefix(std::string_view s) {
  s = Trim(s);
  while (!s.empty()) {
    size_t len = 1;
    if (!IsBullet(CodePointAt(s, 0, &len))) break;
    s = Trim(s.substr(len));
  }
  if (s.empty()) return true;
  size_t e = EnumeratorLength(s);
  return e > 0 && Trim(s.substr(e)).empty();
}

bool IsListItemStart(std::string_view line) {
  if (line.empty()) return false;
  return IsBullet(CodePointAt(line, 0)) || EnumeratorLength(line) > 0;
}

// A line break inside a sentence: the line does not end a clause and the
// next one carries on in small letters (or the line ends with a comma).
bool ContinuesSentence(std::string_view prev, std::string_view next) {
  if (prev.empty() || next.empty() || IsListItemStart(next)) return false;
  char last = prev.back();
  if (last == ',') return true;
  if (last == '.' || last == ':' || last == ';' || last == '!' || last == '?') return false;
  return IsLower(CodePointAt(next, 0));
}

std::string JoinLines(std::string_view piece) {
  std::string out, prev;
  bool paragraph_break = false;
  size_t i = 0;
  while (i <= piece.size()) {
    size_t nl = piece.find('\n', i);
    if (nl == npos) nl = piece.size();
    std::string_view line = Trim(piece.substr(i, nl - i));
    i = nl + 1;
    if (line.empty()) {
      paragraph_break = !out.empty();
      continue;
    }
    if (!out.empty()) out += (!paragraph_break && ContinuesSentence(prev, line)) ? " " : "\n";
    out.append(line);
    prev = std::string(line);
    paragraph_break = false;
  }
  return out;
}

// Is there a step marker "Bước N" at m? `*cut` gets where the step begins.
bool StepMarkerAt(std::string_view s, size_t m, size_t* cut) {
  const bool capital = HasAt(s, m, "Bước") || HasAt(s, m, "BƯỚC");
  if (!capital && !HasAt(s, m, "bước")) return false;
  char32_t before = CodePointBefore(s, m);
  // A letter right before is another word, except a seam "nháyBước".
  if (internal::IsLetter(before) && !(capital && IsLower(before))) return false;
  size_t j = m + std::string_view("Bước").size();
  size_t digits = j;
  while (digits < s.size() && (s[digits] == ' ' || s[digits] == '\t')) ++digits;
  size_t after = digits;
  while (after < s.size() && IsDigit(s[after])) ++after;
  if (after == digits) return false;
  size_t line_start = s.rfind('\n', m == 0 ? 0 : m - 1);
  line_start = (line_start == npos || m == 0) ? 0 : line_start + 1;
  if (IsListPrefix(s.substr(line_start, m - line_start))) {
    *cut = line_start;
    return true;
  }
  // Mid-line, only "Bước 2: ...", "Bước 2. ..." or "Bước 2 Xem xét" start a
  // step; "tại Bước 2 và" is a reference.
  if (!capital) return false;
  size_t k = after;
  while (k < s.size() && s[k] == ' ') ++k;
  if (k >= s.size()) return false;
  char32_t c = CodePointAt(s, k);
  bool punct = c == ':' || c == '.' || c == '-' || c == 0x2013 || c == ')';
  if (!punct && !(k > after && internal::IsUpper(c))) return false;
  // Take along the bullet in front ("... casino. + Bước 2:").
  size_t b = m;
  while (b > 0) {
    char32_t p = CodePointBefore(s, b);
    if (!IsSpace(p) && !IsBullet(p)) break;
    b = internal::PrevCodePointStart(s, b);
  }
  *cut = b;
  return true;
}

std::vector<size_t> FindStepStarts(std::string_view s) {
  std::vector<size_t> cuts;
  for (size_t m = 0; m < s.size(); ++m) {
    unsigned char ch = static_cast<unsigned char>(s[m]);
    if (ch != 'B' && ch != 'b') continue;
    size_t cut = 0;
    if (!StepMarkerAt(s, m, &cut)) continue;
    if (cut > 0 && (cuts.empty() || cut > cuts.back())) cuts.push_back(cut);
  }
  return cuts;
}

void AddPiece(std::string_view piece, std::vector<std::string>* out) {
  std::string joined = JoinLines(piece);
  if (!joined.empty()) out->push_back(std::move(joined));
}

// Paragraphs are separated by a line that is blank once trimmed.
std::vector<std::string> SplitParagraphs(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  while (i <= s.size()) {
    size_t nl = s.find('\n', i);
    if (nl == npos) nl = s.size();
    if (Trim(s.substr(i, nl - i)).empty() && nl < s.size()) {
      AddPiece(s.substr(start, i - start), &out);
      start = nl + 1;
    }
    i = nl + 1;
  }
  AddPiece(s.substr(std::min(start, s.size())), &out);
  return out;
}

// After "Mã:" comes a result code ("KQ.G01.000263", "000.00.00.G04-KQ3337")
// glued to the next result's name; returns where that name starts.
size_t SkipResultCode(std::string_view t, size_t c) {
  while (c < t.size() && t[c] == ' ') ++c;
  if (HasAt(t, c, "Chưa xác định")) return c + std::string_view("Chưa xác định").size();
  size_t e = c;
  auto code_char = [](char x) {
    return (x >= 'A' && x <= 'Z') || (x >= 'a' && x <= 'z') || IsDigit(x) || x == '.' || x == '-' ||
           x == '_';
  };
  size_t last_digit = npos;
  for (; e < t.size() && code_char(t[e]); ++e)
    if (IsDigit(t[e])) last_digit = e;
  // Codes end in digits: "KQ.G15.000286Thông báo" -> the name starts at 'T'.
  if (last_digit != npos) return last_digit + 1;
  // A code without digits ("adjfsbjTừ khóa"): a capital before a small
  // letter starts the next word.
  if (e > c && t[e - 1] >= 'A' && t[e - 1] <= 'Z' && e < t.size() && IsLower(CodePointAt(t, e)))
    --e;
  return e;
}

}  // namespace

std::vector<std::string> SplitSteps(std::string_view text) {
  std::string_view trimmed = Trim(text);
  if (internal::IsNoInfo(trimmed)) return {};
  const std::string s = NormalizeNewlines(trimmed);
  std::vector<size_t> cuts = FindStepStarts(s);
  if (cuts.empty()) return SplitParagraphs(s);
  std::vector<std::string> out;
  size_t from = 0;
  for (size_t cut : cuts) {
    AddPiece(std::string_view(s).substr(from, cut - from), &out);
    from = cut;
  }
  AddPiece(std::string_view(s).substr(from), &out);
  return out;
}

std::string CleanResult(std::string_view text) {
  std::string_view t = Trim(text);
  if (internal::IsNoInfo(t)) return "";
  // The page furniture starts at "Từ khóa" and always has a "Mô tả" after it;
  // a real description there ("Thời hạn của Quyết định ... là 05 năm.") is kept.
  std::string note;
  size_t junk = t.find("Từ khóa");
  if (junk != npos && t.find("Mô tả", junk) != npos) {
    std::string_view desc = t.substr(t.find("Mô tả", junk) + std::string_view("Mô tả").size());
    desc = desc.substr(0, desc.find("Chọn cơ quan thực hiện"));
    if (!internal::IsNoInfo(desc)) note = std::string(Trim(desc));
    t = t.substr(0, junk);
  }
  std::string out;
  auto add = [&out](std::string_view item) {
    item = Trim(item);
    if (item.empty()) return;
    if (!out.empty()) out += "\n";
    out.append(item);
  };
  size_t p = 0;
  for (size_t m = t.find("Mã:"); m != npos; m = t.find("Mã:", p)) {
    add(t.substr(p, m - p));
    p = SkipResultCode(t, m + std::string_view("Mã:").size());
  }
  add(t.substr(p));
  add(note);
  return out;
}

}  // namespace motcua::catalog::portal
