#include "catalog/import_text.h"

namespace motcua::catalog::internal {

char32_t CodePointAt(std::string_view s, size_t i, size_t* len) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  size_t n = 1;
  char32_t c = 0xFFFD;
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    c = b0;
  } else {
    int extra = (b0 >= 0xF0) ? 3 : (b0 >= 0xE0) ? 2 : (b0 >= 0xC0) ? 1 : -1;
    if (extra > 0) {
      char32_t v = b0 & (0x3F >> extra);
      bool ok = true;
      for (int k = 1; k <= extra; ++k) {
        if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) {
          ok = false;
          break;
        }
        v = (v << 6) | (byte(i + k) & 0x3F);
      }
      if (ok) {
        c = v;
        n = 1 + extra;
      }
    }
  }
  if (len != nullptr) *len = n;
  return c;
}

size_t PrevCodePointStart(std::string_view s, size_t i) {
  size_t k = i - 1;
  // Walk back over continuation bytes (at most three).
  while (k > 0 && i - k < 4 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return k;
}

char32_t CodePointBefore(std::string_view s, size_t i) {
  if (i == 0) return 0;
  return CodePointAt(s, PrevCodePointStart(s, i));
}

namespace {
// In Latin Extended-A and Latin Extended Additional, capitals sit on even
// code points and their small letters right after them (with the few
// exceptions below), which is all Vietnamese needs.
int LatinCase(char32_t c) {  // 1 upper, -1 lower, 0 neither
  if (c >= 'A' && c <= 'Z') return 1;
  if (c >= 'a' && c <= 'z') return -1;
  if (c >= 0xC0 && c <= 0xDE) return c == 0xD7 ? 0 : 1;
  if (c >= 0xDF && c <= 0xFF) return c == 0xF7 ? 0 : -1;
  if (c >= 0x100 && c <= 0x137) return (c % 2 == 0) ? 1 : -1;
  if (c == 0x138) return -1;
  if (c >= 0x139 && c <= 0x148) return (c % 2 == 1) ? 1 : -1;
  if (c == 0x149) return -1;
  if (c >= 0x14A && c <= 0x177) return (c % 2 == 0) ? 1 : -1;
  if (c == 0x178) return 1;
  if (c >= 0x179 && c <= 0x17E) return (c % 2 == 1) ? 1 : -1;
  if (c == 0x17F) return -1;
  if (c == 0x1A0 || c == 0x1AF) return 1;   // Ơ, Ư
  if (c == 0x1A1 || c == 0x1B0) return -1;  // ơ, ư
  if (c >= 0x1E00 && c <= 0x1E95) return (c % 2 == 0) ? 1 : -1;
  if (c >= 0x1E96 && c <= 0x1E9F) return c == 0x1E9E ? 1 : -1;
  if (c >= 0x1EA0 && c <= 0x1EFF) return (c % 2 == 0) ? 1 : -1;
  return 0;
}
}  // namespace

bool IsUpper(char32_t c) { return LatinCase(c) > 0; }
bool IsLower(char32_t c) { return LatinCase(c) < 0; }

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xA0;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty()) {
    size_t n = 0;
    if (!IsSpace(CodePointAt(s, 0, &n))) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    size_t k = PrevCodePointStart(s, s.size());
    if (!IsSpace(CodePointAt(s, k))) break;
    s.remove_suffix(s.size() - k);
  }
  return s;
}

bool IsNoInfo(std::string_view s) {
  s = Trim(s);
  if (s == kNoInfo) return true;
  for (char c : s)
    if (c != '-') return false;
  return true;  // blank or only dashes
}

}  // namespace motcua::catalog::internal
