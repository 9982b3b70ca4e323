#include "feedback/keyed_hash.h"

#include "crypto/hash.h"

namespace motcua::feedback {

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  constexpr size_t kBlock = 64;
  std::string k(key);
  if (k.size() > kBlock) k = crypto::Sha256(k);
  k.resize(kBlock, '\0');
  std::string inner(kBlock, '\0'), outer(kBlock, '\0');
  for (size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  inner.append(data.data(), data.size());
  outer += crypto::Sha256(inner);
  return crypto::Sha256Hex(outer);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace motcua::feedback
