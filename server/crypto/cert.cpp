#include "crypto/cert.h"

#include <arpa/inet.h>
#include <mbedtls/oid.h>

#include <cstdio>
#include <ctime>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/mbed_util.h"
#include "crypto/signature.h"

namespace motcua::crypto {
namespace {

using internal::MbedError;

// mbedTLS 2.28 has no helper for subjectAltName on certificates (3.x added
// one), so the extension value is built here and added as a raw extension.
// DER TLV with definite length; contents here are always < 64 KB.
std::string DerTlv(unsigned char tag, std::string_view content) {
  std::string out(1, static_cast<char>(tag));
  size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<char>(n));
  } else if (n < 0x100) {
    out.push_back(static_cast<char>(0x81));
    out.push_back(static_cast<char>(n));
  } else {
    out.push_back(static_cast<char>(0x82));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xff));
  }
  out.append(content);
  return out;
}

// GeneralNames ::= SEQUENCE OF GeneralName;
// dNSName [2] IMPLICIT IA5String, iPAddress [7] IMPLICIT OCTET STRING.
Result<std::string> SubjectAltNameDer(const CertOptions& o) {
  std::string names;
  for (const std::string& dns : o.dns_names) {
    if (dns.empty() || dns.size() > 253) return InvalidArgument("bad DNS name: " + dns);
    for (char c : dns) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '*';
      if (!ok) return InvalidArgument("bad DNS name: " + dns);
    }
    names += DerTlv(0x82, dns);
  }
  for (const std::string& ip : o.ip_addresses) {
    unsigned char addr[16];
    if (inet_pton(AF_INET, ip.c_str(), addr) == 1) {
      names += DerTlv(0x87, std::string_view(reinterpret_cast<char*>(addr), 4));
    } else if (inet_pton(AF_INET6, ip.c_str(), addr) == 1) {
      names += DerTlv(0x87, std::string_view(reinterpret_cast<char*>(addr), 16));
    } else {
      return InvalidArgument("bad IP address: " + ip);
    }
  }
  return DerTlv(0x30, names);
}

Status CheckCommonName(std::string_view cn) {
  if (cn.empty() || cn.size() > 64) return InvalidArgument("common name must be 1-64 bytes");
  for (unsigned char c : cn) {
    // mbedTLS parses "CN=..." text itself and has no escaping for these.
    if (c < 0x20 || c == 0x7f ||
        std::string_view(",=+\\\";<>").find(static_cast<char>(c)) != std::string_view::npos) {
      return InvalidArgument("common name has a character mbedTLS cannot write");
    }
  }
  return Status::Ok();
}

// "YYYYMMDDhhmmss" in UTC, the form x509write_crt_set_validity wants.
std::string X509Time(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

}  // namespace

Result<CertAndKey> MakeSelfSignedCert(const CertOptions& o, Rng& rng) {
  RETURN_IF_ERROR(CheckCommonName(o.common_name));
  if (o.validity_days < 1 || o.validity_days > 36500) {
    return InvalidArgument("validity must be 1-36500 days");
  }
  ASSIGN_OR_RETURN(std::string san, SubjectAltNameDer(o));
  ASSIGN_OR_RETURN(KeyPairPem keys, GenerateKeyPair(rng));

  internal::PkContext key;
  RETURN_IF_ERROR(internal::ParsePrivateKey(keys.private_pem, key.get()));
  internal::X509WriteCrt crt;
  mbedtls_x509write_crt_set_version(crt.get(), MBEDTLS_X509_CRT_VERSION_3);
  mbedtls_x509write_crt_set_md_alg(crt.get(), MBEDTLS_MD_SHA256);
  mbedtls_x509write_crt_set_subject_key(crt.get(), key.get());
  mbedtls_x509write_crt_set_issuer_key(crt.get(), key.get());

  // 16 random bytes with the top bit clear: a positive serial (RFC 5280),
  // unique enough that a browser never sees two certs with one serial.
  unsigned char serial_bytes[16];
  rng.Fill(serial_bytes, sizeof serial_bytes);
  serial_bytes[0] &= 0x7f;
  internal::Mpi serial;
  int ret = mbedtls_mpi_read_binary(serial.get(), serial_bytes, sizeof serial_bytes);
  if (ret == 0) ret = mbedtls_x509write_crt_set_serial(crt.get(), serial.get());
  if (ret != 0) return MbedError(Code::kInternal, "certificate serial", ret);

  std::string name = "CN=" + o.common_name;
  ret = mbedtls_x509write_crt_set_subject_name(crt.get(), name.c_str());
  if (ret == 0) ret = mbedtls_x509write_crt_set_issuer_name(crt.get(), name.c_str());
  if (ret != 0) return MbedError(Code::kInvalidArgument, "certificate name", ret);

  int64_t now_s = o.now_unix_ms / 1000;
  std::string not_before = X509Time(now_s - 86400);
  std::string not_after = X509Time(now_s + int64_t{86400} * o.validity_days);
  ret = mbedtls_x509write_crt_set_validity(crt.get(), not_before.c_str(), not_after.c_str());
  if (ret != 0) return MbedError(Code::kInvalidArgument, "certificate validity", ret);

  ret = mbedtls_x509write_crt_set_basic_constraints(crt.get(), 0, -1);
  if (ret == 0)
    ret = mbedtls_x509write_crt_set_key_usage(crt.get(), MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
  if (ret == 0) ret = mbedtls_x509write_crt_set_subject_key_identifier(crt.get());
  if (ret == 0) ret = mbedtls_x509write_crt_set_authority_key_identifier(crt.get());
  if (ret == 0 && san.size() > 2) {
    ret = mbedtls_x509write_crt_set_extension(crt.get(), MBEDTLS_OID_SUBJECT_ALT_NAME,
                                              MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0,
                                              internal::U8(san), san.size());
  }
  if (ret != 0) return MbedError(Code::kInternal, "certificate extensions", ret);

  unsigned char pem[4096];
  ret = mbedtls_x509write_crt_pem(crt.get(), pem, sizeof pem, internal::RngCallback, &rng);
  if (ret != 0) return MbedError(Code::kInternal, "writing certificate", ret);
  CertAndKey out;
  out.key_pem = std::move(keys.private_pem);
  out.cert_pem = reinterpret_cast<const char*>(pem);
  return out;
}

Result<CertAndKey> MakeSelfSignedCert(std::string_view common_name, int validity_days,
                                      int64_t now_unix_ms, Rng& rng) {
  CertOptions o;
  o.common_name = std::string(common_name);
  o.validity_days = validity_days;
  o.now_unix_ms = now_unix_ms;
  return MakeSelfSignedCert(o, rng);
}

Result<std::string> CertSpkiSha256Base64(std::string_view cert_pem) {
  internal::X509Crt crt;
  RETURN_IF_ERROR(internal::ParseCertificates(cert_pem, crt.get()));
  unsigned char buf[512];
  // Writes at the end of the buffer and returns the length.
  int len = mbedtls_pk_write_pubkey_der(&crt.get()->pk, buf, sizeof buf);
  if (len < 0) return MbedError(Code::kInternal, "writing public key", len);
  return Base64Encode(Sha256(std::string_view(reinterpret_cast<const char*>(buf) + sizeof buf - len,
                                              static_cast<size_t>(len))));
}

Result<std::string> CertFingerprintSha256(std::string_view cert_pem) {
  internal::X509Crt crt;
  RETURN_IF_ERROR(internal::ParseCertificates(cert_pem, crt.get()));
  std::string digest =
      Sha256(std::string_view(reinterpret_cast<const char*>(crt.get()->raw.p), crt.get()->raw.len));
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : digest) {
    if (!out.empty()) out.push_back(':');
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace motcua::crypto
