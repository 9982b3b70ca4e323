#include <doctest/doctest.h>

#include <string>

#include "crypto/cert.h"
#include "crypto/random.h"

using namespace motcua::crypto;
using motcua::Code;

namespace {
constexpr int64_t kNow = 1767225600000;  // 2026-01-01T00:00:00Z
}

TEST_CASE("MakeSelfSignedCert makes a PEM cert and key with a stable fingerprint") {
  auto rng = DrbgRng::Create().value();
  CertAndKey ck = MakeSelfSignedCert("UBND xã Chiềng Sinh", 3650, kNow, *rng).value();
  CHECK(ck.cert_pem.find("-----BEGIN CERTIFICATE-----") == 0);
  CHECK(ck.key_pem.find("-----BEGIN EC PRIVATE KEY-----") == 0);
  std::string fp = CertFingerprintSha256(ck.cert_pem).value();
  CHECK(fp.size() == 95);
  CHECK(fp[2] == ':');
  CHECK(fp.find_first_not_of("0123456789ABCDEF:") == std::string::npos);
  CHECK(CertFingerprintSha256(ck.cert_pem).value() == fp);
  std::string spki = CertSpkiSha256Base64(ck.cert_pem).value();
  CHECK(spki.size() == 44);
  CHECK(spki.back() == '=');

  CertAndKey other = MakeSelfSignedCert("UBND xã Chiềng Sinh", 3650, kNow, *rng).value();
  CHECK(CertFingerprintSha256(other.cert_pem).value() != fp);
}

TEST_CASE("MakeSelfSignedCert takes SAN entries and refuses bad input") {
  auto rng = DrbgRng::Create().value();
  CertOptions o;
  o.common_name = "board-01";
  o.now_unix_ms = kNow;
  o.dns_names = {"localhost", "motcua.local"};
  o.ip_addresses = {"127.0.0.1", "192.168.4.1", "::1"};
  CHECK(MakeSelfSignedCert(o, *rng).ok());

  CertOptions bad = o;
  bad.common_name = "a,O=evil";
  CHECK(MakeSelfSignedCert(bad, *rng).status().code() == Code::kInvalidArgument);
  bad = o;
  bad.common_name = "";
  CHECK_FALSE(MakeSelfSignedCert(bad, *rng).ok());
  bad = o;
  bad.ip_addresses = {"300.1.1.1"};
  CHECK_FALSE(MakeSelfSignedCert(bad, *rng).ok());
  bad = o;
  bad.dns_names = {"bad name"};
  CHECK_FALSE(MakeSelfSignedCert(bad, *rng).ok());
  bad = o;
  bad.validity_days = 0;
  CHECK_FALSE(MakeSelfSignedCert(bad, *rng).ok());
  CHECK_FALSE(CertFingerprintSha256("not a cert").ok());
}
