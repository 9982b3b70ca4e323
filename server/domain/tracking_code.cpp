#include "domain/tracking_code.h"

#include <cstdint>

namespace motcua::domain {
namespace {

// The check scheme is Damm's method over the quasigroup x*y = 2x + y on
// GF(32) (polynomial x^5 + x^2 + 1; "+" is XOR). Reading symbols d1..dn
// from state 0 with s' = 2s + d, a valid code ends in state 0.
//  - Substitution: for fixed s, d -> 2s + d is a bijection, and each later
//    step is a bijection of the state, so one changed symbol changes the end
//    state.
//  - Adjacent transposition x,y -> y,x from state c: 4c + 2x + y versus
//    4c + 2y + x differ by 3(x + y), which is nonzero for x != y because 3 is
//    invertible in the field; later steps again preserve the difference.
//  - Jump transposition x,z,y -> y,z,x: the difference is 5(x + y), also
//    nonzero (5 = x^2 + 1 is not 0 in GF(32)).
// The unit test checks the first two properties exhaustively over all
// (state, x, y) triples, so the proof does not rest on this comment alone.
uint8_t Times2(uint8_t s) {
  const uint8_t shifted = static_cast<uint8_t>(s << 1);
  return (s & 0x10) ? static_cast<uint8_t>((shifted ^ 0x25) & 0x1F) : shifted;
}

int SymbolValue(char c) {
  const size_t i = kTrackingAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

// Upper case, and the look-alikes a person might type for our symbols.
char Canonical(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  switch (c) {
    case 'O':
      return '0';
    case 'I':
    case 'L':
      return '1';
    case 'U':
      return 'V';
    default:
      return c;
  }
}

std::string Format(std::string_view symbols) {
  std::string out = "PA-";
  out.append(symbols.substr(0, 5));
  out.push_back('-');
  out.append(symbols.substr(5));
  return out;
}

}  // namespace

char TrackingCheckSymbol(std::string_view payload) {
  uint8_t s = 0;
  for (char c : payload) {
    const int v = SymbolValue(c);
    if (v < 0) return '\0';
    s = static_cast<uint8_t>(Times2(s) ^ v);
  }
  // The symbol d with 2s + d == 0 is 2s itself (characteristic 2).
  return kTrackingAlphabet[Times2(s)];
}

std::string NewTrackingCode(Rng& rng) {
  // 9 symbols x 5 bits = 45 bits of one 64-bit draw; 32 divides 2^64, so
  // taking bits is unbiased.
  uint64_t bits = rng.NextU64();
  std::string symbols;
  for (size_t i = 0; i < kTrackingRandomSymbols; ++i, bits >>= 5) {
    symbols.push_back(kTrackingAlphabet[bits & 0x1F]);
  }
  symbols.push_back(TrackingCheckSymbol(symbols));
  return Format(symbols);
}

std::optional<std::string> NormalizeTrackingCode(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;  // bounded work on junk input
  std::string s;
  for (char c : typed) {
    if (c == ' ' || c == '\t' || c == '-' || c == '.') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    s.push_back(c);
  }
  // Lengths tell the prefixed and bare forms apart, so a payload that itself
  // starts with "PA" is never mistaken for the prefix.
  constexpr size_t kLen = kTrackingRandomSymbols + 1;
  if (s.size() == kLen + 2 && s[0] == 'P' && s[1] == 'A') s.erase(0, 2);
  if (s.size() != kLen) return std::nullopt;
  for (char& c : s) {
    c = Canonical(c);
    if (SymbolValue(c) < 0) return std::nullopt;
  }
  if (TrackingCheckSymbol(std::string_view(s).substr(0, kLen - 1)) != s.back()) {
    return std::nullopt;
  }
  return Format(s);
}

}  // namespace motcua::domain
