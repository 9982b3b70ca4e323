#include "crypto/password.h"

#include <mbedtls/pkcs5.h>

#include <cstdlib>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/mbed_util.h"

namespace motcua::crypto {
namespace {

using internal::MdContext;
using internal::U8;

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

struct Parsed {
  int iterations = 0;
  std::string salt;
  std::string hash;
};

Result<std::string> Pbkdf2(std::string_view password, std::string_view salt, int iterations) {
  MdContext md;
  // hmac = 1: PBKDF2 drives the context as an HMAC, not a plain digest.
  int ret = mbedtls_md_setup(md.get(), mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1);
  if (ret != 0) return internal::MbedError(Code::kInternal, "md setup", ret);
  std::string out(kHashBytes, '\0');
  ret = mbedtls_pkcs5_pbkdf2_hmac(md.get(), U8(password), password.size(), U8(salt), salt.size(),
                                  static_cast<unsigned>(iterations), kHashBytes,
                                  reinterpret_cast<unsigned char*>(out.data()));
  if (ret != 0) return internal::MbedError(Code::kInternal, "pbkdf2", ret);
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

Result<Parsed> Parse(std::string_view stored) {
  std::vector<std::string_view> parts = Split(stored, '$');
  if (parts.size() != 4 || parts[0] != kScheme) return Corrupt("password hash: unknown format");
  std::string_view iter = parts[1];
  if (iter.empty() || iter.size() > 8 || iter[0] == '0') {
    return Corrupt("password hash: bad iteration count");
  }
  Parsed p;
  for (char c : iter) {
    if (c < '0' || c > '9') return Corrupt("password hash: bad iteration count");
    p.iterations = p.iterations * 10 + (c - '0');
  }
  if (p.iterations < kMinPbkdf2Iterations || p.iterations > kMaxPbkdf2Iterations) {
    return Corrupt("password hash: iteration count out of range");
  }
  Result<std::string> salt = Base64Decode(parts[2]);
  Result<std::string> hash = Base64Decode(parts[3]);
  if (!salt.ok() || !hash.ok() || salt->size() != kSaltBytes || hash->size() != kHashBytes) {
    return Corrupt("password hash: bad salt or hash");
  }
  p.salt = std::move(salt).value();
  p.hash = std::move(hash).value();
  return p;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, int iterations, Rng& rng) {
  if (iterations < kMinPbkdf2Iterations || iterations > kMaxPbkdf2Iterations) {
    return InvalidArgument("password hash: iteration count out of range");
  }
  std::string salt(kSaltBytes, '\0');
  rng.Fill(salt.data(), salt.size());
  ASSIGN_OR_RETURN(std::string hash, Pbkdf2(password, salt, iterations));
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + Base64Encode(salt) + "$" +
         Base64Encode(hash);
}

Status VerifyPassword(std::string_view password, std::string_view stored) {
  ASSIGN_OR_RETURN(Parsed p, Parse(stored));
  ASSIGN_OR_RETURN(std::string hash, Pbkdf2(password, p.salt, p.iterations));
  if (!ConstantTimeEquals(hash, p.hash)) return Status(Code::kPermissionDenied, "wrong password");
  return Status::Ok();
}

bool NeedsRehash(std::string_view stored, int iterations) {
  Result<Parsed> p = Parse(stored);
  return !p.ok() || p->iterations < iterations;
}

}  // namespace motcua::crypto
