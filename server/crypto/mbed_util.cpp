#include "crypto/mbed_util.h"

#include <mbedtls/error.h>

#include <cstdio>

namespace motcua::crypto::internal {

std::string MbedErrorText(int ret) {
  char buf[160];
  mbedtls_strerror(ret, buf, sizeof buf);
  char code[24];
  std::snprintf(code, sizeof code, " (-0x%04x)", static_cast<unsigned>(-ret));
  return std::string(buf) + code;
}

Status MbedError(Code code, std::string_view what, int ret) {
  return Status(code, std::string(what) + ": " + MbedErrorText(ret));
}

int RngCallback(void* p_rng, unsigned char* out, size_t len) {
  static_cast<Rng*>(p_rng)->Fill(out, len);
  return 0;
}

Status ParsePrivateKey(std::string_view pem, mbedtls_pk_context* pk) {
  std::string copy(pem);
  int ret = mbedtls_pk_parse_key(pk, U8(copy), copy.size() + 1, nullptr, 0);
  Wipe(&copy);
  if (ret != 0) return MbedError(Code::kInvalidArgument, "cannot parse private key", ret);
  return Status::Ok();
}

Status ParsePublicKey(std::string_view pem, mbedtls_pk_context* pk) {
  std::string copy(pem);
  int ret = mbedtls_pk_parse_public_key(pk, U8(copy), copy.size() + 1);
  if (ret != 0) return MbedError(Code::kInvalidArgument, "cannot parse public key", ret);
  return Status::Ok();
}

Status ParseCertificates(std::string_view pem, mbedtls_x509_crt* crt) {
  std::string copy(pem);
  // Returns > 0 when some certificates in a bundle failed: treat as an error,
  // a pinned trust anchor that half-parses is a configuration mistake.
  int ret = mbedtls_x509_crt_parse(crt, U8(copy), copy.size() + 1);
  if (ret != 0) {
    return ret > 0 ? InvalidArgument("some certificates in the PEM could not be parsed")
                   : MbedError(Code::kInvalidArgument, "cannot parse certificate", ret);
  }
  return Status::Ok();
}

}  // namespace motcua::crypto::internal
