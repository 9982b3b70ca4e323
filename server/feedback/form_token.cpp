#include "feedback/form_token.h"

#include "crypto/hash.h"

namespace motcua::feedback {

namespace {

constexpr size_t kNonceHex = 32;  // 128 random bits
constexpr size_t kMacHex = 32;    // 128 bits of the HMAC

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return !s.empty();
}

std::string Hex(const unsigned char* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

}  // namespace

FormTokens::FormTokens(std::string secret, const Clock& clock, Rng& rng, int64_t ttl_ms)
    : secret_(std::move(secret)), clock_(clock), rng_(rng), ttl_ms_(ttl_ms) {}

std::string FormTokens::Mac(std::string_view nonce_and_time) const {
  return crypto::HmacSha256Hex(secret_, std::string("form-token|").append(nonce_and_time))
      .substr(0, kMacHex);
}

std::string FormTokens::Issue() {
  unsigned char raw[kNonceHex / 2];
  rng_.Fill(raw, sizeof raw);
  std::string body = Hex(raw, sizeof raw) + "." + std::to_string(clock_.NowUnixMs());
  return body + "." + Mac(body);
}

FormTokens::Parsed FormTokens::Verify(std::string_view token) const {
  Parsed p;
  if (token.size() > 100) return p;
  const size_t dot1 = token.find('.');
  const size_t dot2 = token.rfind('.');
  if (dot1 != kNonceHex || dot2 == dot1 || token.size() - dot2 - 1 != kMacHex) return p;
  const std::string_view nonce = token.substr(0, dot1);
  const std::string_view time = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view mac = token.substr(dot2 + 1);
  if (!IsLowerHex(nonce) || !IsLowerHex(mac) || time.empty() || time.size() > 15) return p;
  int64_t issued = 0;
  for (char c : time) {
    if (c < '0' || c > '9') return p;
    issued = issued * 10 + (c - '0');
  }
  if (!crypto::ConstantTimeEquals(mac, Mac(token.substr(0, dot2)))) return p;
  p.nonce = std::string(nonce);
  p.issued_at = issued;
  const int64_t now = clock_.NowUnixMs();
  const bool future = issued - now > 60000;
  p.check = (future || now - issued > ttl_ms_) ? Check::kExpired : Check::kValid;
  return p;
}

}  // namespace motcua::feedback
