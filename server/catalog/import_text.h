// Small UTF-8 helpers shared by the importers (private to catalog/). They
// expect valid UTF-8; the importers check that before calling them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace motcua::catalog::internal {

inline constexpr std::string_view kNoInfo = "Không có thông tin";

// The code point starting at byte `i`; `*len` gets its length in bytes.
// A stray continuation or truncated sequence reads as U+FFFD, length 1.
char32_t CodePointAt(std::string_view s, size_t i, size_t* len = nullptr);
// Byte offset of the code point that ends just before `i` (i > 0).
size_t PrevCodePointStart(std::string_view s, size_t i);
// The code point just before byte `i`, or 0 at the start.
char32_t CodePointBefore(std::string_view s, size_t i);

// Case of Latin letters as Vietnamese uses them (Basic Latin, Latin-1,
// Latin Extended-A/B, Latin Extended Additional). Enough for NFC text.
bool IsUpper(char32_t c);
bool IsLower(char32_t c);
inline bool IsLetter(char32_t c) { return IsUpper(c) || IsLower(c); }
inline bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool IsAlnum(char32_t c) { return IsLetter(c) || IsDigit(c); }
// ASCII whitespace and NO-BREAK SPACE (the portal pastes both).
bool IsSpace(char32_t c);

std::string_view Trim(std::string_view s);
// Blank, "Không có thông tin", or only dashes ("--"): the portal's "nothing".
bool IsNoInfo(std::string_view s);
inline bool HasAt(std::string_view s, size_t i, std::string_view p) {
  return i <= s.size() && s.substr(i, p.size()) == p;
}
inline bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
// End of the run of ASCII digits from i, at most `max` of them.
inline size_t SkipDigits(std::string_view t, size_t i, size_t max = std::string_view::npos) {
  const size_t start = i;
  while (i < t.size() && IsDigit(t[i]) && i - start < max) ++i;
  return i;
}

}  // namespace motcua::catalog::internal
