#include "crypto/hash.h"

#include <mbedtls/sha256.h>

namespace motcua::crypto {

std::string Sha256(std::string_view data) {
  unsigned char out[32];
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string Sha256Hex(std::string_view data) {
  static const char kHex[] = "0123456789abcdef";
  std::string raw = Sha256(data);
  std::string out;
  out.reserve(64);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace motcua::crypto
