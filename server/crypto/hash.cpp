#include "crypto/hash.h"

#include <mbedtls/md.h>
#include <mbedtls/sha256.h>

#include <cstdlib>

#include "crypto/encoding.h"

namespace motcua::crypto {

std::string Sha256(std::string_view data) {
  unsigned char out[32];
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[32];
  int ret = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
                            reinterpret_cast<const unsigned char*>(key.data()), key.size(),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  // Only fails on a missing digest or allocation failure: no sane fallback
  // exists for a MAC, and returning a wrong one silently would be worse.
  if (ret != 0) std::abort();
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  return HexEncode(HmacSha256(key, data));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths are not secret
  // volatile keeps the compiler from turning the loop into an early exit.
  volatile unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff = diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

}  // namespace motcua::crypto
