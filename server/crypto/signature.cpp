#include "crypto/signature.h"

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/mbed_util.h"

namespace motcua::crypto {
namespace {

using internal::MbedError;
using internal::PkContext;

// Only EC keys on P-256 are accepted anywhere in this module.
Status CheckP256(mbedtls_pk_context* pk) {
  if (mbedtls_pk_get_type(pk) != MBEDTLS_PK_ECKEY) {
    return InvalidArgument("key is not an EC key");
  }
  if (mbedtls_pk_ec(*pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
    return InvalidArgument("key is not on curve P-256");
  }
  return Status::Ok();
}

Result<std::string> WritePublicPem(mbedtls_pk_context* pk) {
  unsigned char buf[512];
  int ret = mbedtls_pk_write_pubkey_pem(pk, buf, sizeof buf);
  if (ret != 0) return MbedError(Code::kInternal, "writing public key", ret);
  return std::string(reinterpret_cast<const char*>(buf));
}

}  // namespace

Result<KeyPairPem> GenerateKeyPair(Rng& rng) {
  PkContext pk;
  int ret = mbedtls_pk_setup(pk.get(), mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
  if (ret != 0) return MbedError(Code::kInternal, "pk setup", ret);
  ret = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk.get()),
                            internal::RngCallback, &rng);
  if (ret != 0) return MbedError(Code::kInternal, "generating P-256 key", ret);

  KeyPairPem out;
  unsigned char buf[512];
  ret = mbedtls_pk_write_key_pem(pk.get(), buf, sizeof buf);
  if (ret != 0) return MbedError(Code::kInternal, "writing private key", ret);
  out.private_pem = reinterpret_cast<const char*>(buf);
  mbedtls_platform_zeroize(buf, sizeof buf);
  ASSIGN_OR_RETURN(out.public_pem, WritePublicPem(pk.get()));
  return out;
}

Result<std::string> PublicKeyFromPrivate(std::string_view private_pem) {
  PkContext pk;
  RETURN_IF_ERROR(internal::ParsePrivateKey(private_pem, pk.get()));
  RETURN_IF_ERROR(CheckP256(pk.get()));
  return WritePublicPem(pk.get());
}

Result<std::string> Sign(std::string_view private_pem, std::string_view message, Rng& rng) {
  PkContext pk;
  RETURN_IF_ERROR(internal::ParsePrivateKey(private_pem, pk.get()));
  RETURN_IF_ERROR(CheckP256(pk.get()));
  std::string digest = Sha256(message);
  unsigned char sig[MBEDTLS_PK_SIGNATURE_MAX_SIZE];
  size_t sig_len = 0;
  int ret = mbedtls_pk_sign(pk.get(), MBEDTLS_MD_SHA256, internal::U8(digest), digest.size(), sig,
                            &sig_len, internal::RngCallback, &rng);
  if (ret != 0) return MbedError(Code::kInternal, "signing", ret);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(sig), sig_len));
}

Status Verify(std::string_view public_pem, std::string_view message,
              std::string_view signature_b64) {
  PkContext pk;
  RETURN_IF_ERROR(internal::ParsePublicKey(public_pem, pk.get()));
  RETURN_IF_ERROR(CheckP256(pk.get()));
  Result<std::string> sig = Base64Decode(signature_b64);
  if (!sig.ok()) return InvalidArgument("signature is not base64");
  std::string digest = Sha256(message);
  int ret = mbedtls_pk_verify(pk.get(), MBEDTLS_MD_SHA256, internal::U8(digest), digest.size(),
                              internal::U8(*sig), sig->size());
  if (ret != 0) return MbedError(Code::kPermissionDenied, "bad signature", ret);
  return Status::Ok();
}

}  // namespace motcua::crypto
