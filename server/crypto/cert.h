// Self-signed device certificate for HTTPS on the counter's Wi-Fi: each board
// makes one on first boot, and shows its fingerprint so people can check it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::crypto {

struct CertOptions {
  // Subject and issuer CN. UTF-8 allowed (a commune's name); at most 64
  // bytes; no ',', '=', '+', '\\', '"', ';', '<', '>' or control characters.
  std::string common_name;
  // Browsers cap publicly trusted certs at 398 days, but not self-signed
  // ones; a board that is never re-provisioned should not expire soon.
  int validity_days = 3650;
  // Wall-clock now (Clock::NowUnixMs). notBefore is backdated one day so a
  // client whose clock is a little behind still accepts the cert. Boards
  // have no RTC: pass a synced time or the cert may start in 1970.
  int64_t now_unix_ms = 0;
  // subjectAltName entries. Browsers ignore the CN and match only these, so
  // add the board's LAN address and host name when they are known.
  std::vector<std::string> dns_names = {"localhost"};
  std::vector<std::string> ip_addresses = {"127.0.0.1"};  // IPv4 or IPv6 text
};

struct CertAndKey {
  std::string key_pem;   // P-256 private key (SEC1 PEM)
  std::string cert_pem;  // X.509 v3, self-signed, ECDSA-SHA256
};

// A fresh P-256 key and a certificate for it, signed by itself. Extensions:
// basicConstraints CA:FALSE, keyUsage digitalSignature, subject and
// authority key identifiers, subjectAltName from the options.
Result<CertAndKey> MakeSelfSignedCert(const CertOptions& options, Rng& rng);

// The common case: CN, validity, now; SAN "localhost" and 127.0.0.1.
Result<CertAndKey> MakeSelfSignedCert(std::string_view common_name, int validity_days,
                                      int64_t now_unix_ms, Rng& rng);

// Base64 of SHA-256 over the certificate's SubjectPublicKeyInfo: the pin
// Chromium's --ignore-certificate-errors-spki-list takes, so the kiosk can
// trust its own board's self-signed certificate and nothing else.
Result<std::string> CertSpkiSha256Base64(std::string_view cert_pem);

// SHA-256 of the (first) certificate's DER, as "AB:CD:...:EF" (95 chars),
// the form browsers show.
Result<std::string> CertFingerprintSha256(std::string_view cert_pem);

}  // namespace motcua::crypto
