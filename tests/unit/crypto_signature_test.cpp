#include <doctest/doctest.h>

#include <string>

#include "crypto/encoding.h"
#include "crypto/random.h"
#include "crypto/signature.h"

using namespace motcua::crypto;
using motcua::Code;

TEST_CASE("ECDSA P-256 sign and verify a procedure bundle") {
  auto rng = DrbgRng::Create().value();
  KeyPairPem keys = GenerateKeyPair(*rng).value();
  CHECK(keys.private_pem.find("-----BEGIN EC PRIVATE KEY-----") == 0);
  CHECK(keys.public_pem.find("-----BEGIN PUBLIC KEY-----") == 0);
  CHECK(PublicKeyFromPrivate(keys.private_pem).value() == keys.public_pem);

  const std::string bundle = R"({"version":42,"procedures":["Đăng ký khai sinh"]})";
  std::string sig = Sign(keys.private_pem, bundle, *rng).value();
  CHECK(Base64Decode(sig).ok());
  CHECK(Verify(keys.public_pem, bundle, sig).ok());

  SUBCASE("a changed message fails") {
    std::string changed = bundle;
    changed[12] = '3';
    CHECK(Verify(keys.public_pem, changed, sig).code() == Code::kPermissionDenied);
  }
  SUBCASE("another key fails") {
    KeyPairPem other = GenerateKeyPair(*rng).value();
    CHECK(Verify(other.public_pem, bundle, sig).code() == Code::kPermissionDenied);
  }
  SUBCASE("a damaged signature fails") {
    std::string der = Base64Decode(sig).value();
    der[der.size() - 1] ^= 1;
    CHECK(Verify(keys.public_pem, bundle, Base64Encode(der)).code() == Code::kPermissionDenied);
    CHECK(Verify(keys.public_pem, bundle, Base64Encode(der + "x")).code() ==
          Code::kPermissionDenied);
    CHECK(Verify(keys.public_pem, bundle, "not base64!").code() == Code::kInvalidArgument);
    CHECK(Verify(keys.public_pem, bundle, "").code() == Code::kPermissionDenied);
  }
  SUBCASE("garbage keys are invalid arguments") {
    CHECK(Verify("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", bundle, sig)
              .code() == Code::kInvalidArgument);
    CHECK(Sign("nope", bundle, *rng).status().code() == Code::kInvalidArgument);
    // A private key where a public key belongs is refused, not half-used.
    CHECK(Verify(keys.private_pem, bundle, sig).code() == Code::kInvalidArgument);
  }
}

TEST_CASE("Verify refuses keys that are not P-256") {
  // Made with: openssl ecparam -name secp384r1 -genkey | openssl ec -pubout
  const char* p384 =
      "-----BEGIN PUBLIC KEY-----\n"
      "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEEkn1o9FsDSWem3kDFIz/81V7aeSsmGIW\n"
      "PCClpblnS8jhtbjtDuczUcxgOvvzMpFkFX/HADMWQ5VY6axL+rTfMfTKdezdOqMv\n"
      "tx3k+tuku859ypQBgXGqgsavi0FAldWQ\n"
      "-----END PUBLIC KEY-----\n";
  // Made with: openssl genrsa 1024 | openssl rsa -pubout
  const char* rsa =
      "-----BEGIN PUBLIC KEY-----\n"
      "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDno11r/2DR19tmYO2KVL/SkNAj\n"
      "wUXvNd6tJst8HfnZfCknG48U+4SznbsqRsZK1E7iTPSOHzAmE+XbIfrbLmE1pGx7\n"
      "5WnRGht4IDcsrYnihqw33J27DazseNVlfqMscZQEcGgZ5yc+TwjOSqA2rSIjH5J8\n"
      "IkrKP1X4yhMkTDKNYwIDAQAB\n"
      "-----END PUBLIC KEY-----\n";
  CHECK(Verify(p384, "m", "AAAA").code() == Code::kInvalidArgument);
  CHECK(Verify(rsa, "m", "AAAA").code() == Code::kInvalidArgument);
}
