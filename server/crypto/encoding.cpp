#include "crypto/encoding.h"

#include <mbedtls/base64.h>

namespace motcua::crypto {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return InvalidArgument("hex: odd length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexValue(hex[i]);
    int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("hex: not a hex digit");
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  // mbedTLS's encoder (and decoder) avoid table lookups indexed by secret
  // bytes since 2.26, which matters because keys pass through here.
  size_t needed = 0;
  mbedtls_base64_encode(nullptr, 0, &needed, reinterpret_cast<const unsigned char*>(bytes.data()),
                        bytes.size());
  std::string out(needed, '\0');
  size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.resize(written);  // `needed` counts a trailing NUL
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  // mbedTLS skips spaces and line breaks; callers here never need them, and
  // accepting two spellings of one value invites comparison bugs.
  if (text.size() % 4 != 0) return InvalidArgument("base64: length is not a multiple of 4");
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/' || c == '=';
    if (!ok) return InvalidArgument("base64: invalid character");
  }
  size_t needed = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  int ret = mbedtls_base64_decode(nullptr, 0, &needed, in, text.size());
  if (ret == MBEDTLS_ERR_BASE64_INVALID_CHARACTER) return InvalidArgument("base64: malformed");
  std::string out(needed, '\0');
  size_t written = 0;
  ret = mbedtls_base64_decode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                              in, text.size());
  if (ret != 0) return InvalidArgument("base64: malformed");
  out.resize(written);
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out = Base64Encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  std::string std_form;
  std_form.reserve(text.size() + 2);
  for (char c : text) {
    if (c == '+' || c == '/') return InvalidArgument("base64url: '+' or '/' is not base64url");
    std_form.push_back(c == '-' ? '+' : c == '_' ? '/' : c);
  }
  if (std_form.size() % 4 == 1) return InvalidArgument("base64url: impossible length");
  while (std_form.size() % 4 != 0) std_form.push_back('=');
  return Base64Decode(std_form);
}

}  // namespace motcua::crypto
