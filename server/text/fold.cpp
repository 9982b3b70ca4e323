#include "text/fold.h"

#include <unicase.h>
#include <uninorm.h>
#include <unictype.h>
#include <unistr.h>

#include <cstdlib>
#include <memory>

namespace motcua::text {
namespace {

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Runs a libunistring transform that returns a malloc'ed buffer.
template <typename F>
std::optional<std::string> Transform(std::string_view s, F f) {
  size_t len = 0;
  uint8_t* out = f(reinterpret_cast<const uint8_t*>(s.data()), s.size(), &len);
  if (out == nullptr) return std::nullopt;
  std::unique_ptr<uint8_t, FreeDeleter> owner(out);
  return std::string(reinterpret_cast<const char*>(out), len);
}

// Decodes one code point; returns bytes consumed, 0 on malformed input.
size_t Decode(const uint8_t* p, size_t n, ucs4_t* cp) {
  int k = u8_mbtoucr(cp, p, n);
  return k > 0 ? static_cast<size_t>(k) : 0;
}

bool IsCombining(ucs4_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
         (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF);
}

// Keeps only valid sequences of `s` (drops invalid bytes).
std::string DropInvalid(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size();
  while (n > 0) {
    ucs4_t c;
    size_t k = Decode(p, n, &c);
    if (k == 0) {
      ++p;
      --n;
      continue;
    }
    out.append(reinterpret_cast<const char*>(p), k);
    p += k;
    n -= k;
  }
  return out;
}

bool IsAlnumCp(ucs4_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return false;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  return u8_check(reinterpret_cast<const uint8_t*>(s.data()), s.size()) == nullptr;
}

std::optional<std::string> ToNfc(std::string_view s) {
  if (!IsValidUtf8(s)) return std::nullopt;
  if (s.empty()) return std::string();
  return Transform(s, [](const uint8_t* p, size_t n, size_t* len) {
    return u8_normalize(UNINORM_NFC, p, n, nullptr, len);
  });
}

std::string FoldForSearch(std::string_view input) {
  std::string clean = DropInvalid(input);
  if (clean.empty()) return std::string();
  auto nfd = Transform(clean, [](const uint8_t* p, size_t n, size_t* len) {
    return u8_normalize(UNINORM_NFD, p, n, nullptr, len);
  });
  if (!nfd) return std::string();
  std::string out;
  out.reserve(nfd->size());
  bool pending_space = false;
  const auto* p = reinterpret_cast<const uint8_t*>(nfd->data());
  size_t n = nfd->size();
  while (n > 0) {
    ucs4_t c;
    size_t k = Decode(p, n, &c);
    p += k;
    n -= k;
    if (IsCombining(c)) continue;
    if (c == 0x0110 || c == 0x0111) c = 'd';  // Đ đ do not decompose under NFD
    if (c == 0x00D0 || c == 0x00F0) c = 'd';  // Ð ð, sometimes typed for Đ
    if (c < 0x80 && c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (IsAlnumCp(c)) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(static_cast<char>(c));
    } else if (c >= 0x80 && uc_is_alpha(c)) {
      // Letters outside ASCII that survive decomposition: keep them, lower-cased.
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      ucs4_t lc = uc_tolower(c);
      uint8_t buf[6];
      int w = u8_uctomb(buf, lc, sizeof buf);
      if (w > 0) out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
    } else {
      pending_space = true;
    }
  }
  return out;
}

std::string LowerKeepDiacritics(std::string_view input) {
  std::string clean = DropInvalid(input);
  if (clean.empty()) return std::string();
  auto lower = Transform(clean, [](const uint8_t* p, size_t n, size_t* len) {
    return u8_tolower(p, n, nullptr, UNINORM_NFC, nullptr, len);
  });
  if (!lower) return std::string();
  std::string out;
  out.reserve(lower->size());
  bool space = false;
  for (char ch : *lower) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

std::string ToneKey(std::string_view input) {
  std::string lower = LowerKeepDiacritics(input);
  if (lower.empty()) return lower;
  auto nfd = Transform(lower, [](const uint8_t* p, size_t n, size_t* len) {
    return u8_normalize(UNINORM_NFD, p, n, nullptr, len);
  });
  if (!nfd) return std::string();
  std::string out, word;
  ucs4_t tone = 0;
  auto flush = [&]() {
    out += word;
    if (tone != 0) {
      uint8_t buf[6];
      int w = u8_uctomb(buf, tone, sizeof buf);
      if (w > 0) out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(w));
    }
    word.clear();
    tone = 0;
  };
  const auto* p = reinterpret_cast<const uint8_t*>(nfd->data());
  size_t n = nfd->size();
  while (n > 0) {
    ucs4_t c;
    size_t k = Decode(p, n, &c);
    if (k == 0) break;
    const bool is_tone = c == 0x0300 || c == 0x0301 || c == 0x0309 || c == 0x0303 || c == 0x0323;
    if (is_tone) {
      tone = c;
    } else if (c == ' ') {
      flush();
      out.push_back(' ');
    } else {
      word.append(reinterpret_cast<const char*>(p), k);
    }
    p += k;
    n -= k;
  }
  flush();
  return out;
}

std::string Slugify(std::string_view s) {
  std::string folded = FoldForSearch(s);
  std::string out;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c == ' ' && !out.empty() && out.back() != '-') {
      out.push_back('-');  // letters kept outside ASCII are dropped: no "--"
    }
  }
  if (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<std::string> Words(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string_view::npos) j = folded.size();
    if (j > i) out.emplace_back(folded.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace motcua::text
