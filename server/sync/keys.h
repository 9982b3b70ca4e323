// The hub's key material on disk: the province's bundle-signing key and
// the hub's TLS certificate.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::sync {

// Makes a new P-256 key pair, writes the private key to `path` (mode 0600)
// and returns the public key PEM. kAlreadyExists when the file exists and
// `force` is false: replacing the key makes every board refuse new bundles
// until it is re-provisioned.
Result<std::string> GenerateProvinceKey(const std::string& path, bool force, Rng& rng);

struct TlsMaterial {
  std::string cert_pem;
  std::string key_pem;
  std::string fingerprint;  // SHA-256, "AB:CD:..."
};

// Loads the hub's TLS certificate and key, or makes a self-signed pair on
// first use (P-256, 10 years) naming `names` (comma list of DNS names and
// IPv4/IPv6 addresses).
Result<TlsMaterial> LoadOrMakeHubCert(const std::string& cert_path, const std::string& key_path,
                                      const std::string& names, int64_t now_ms, Rng& rng);

}  // namespace motcua::sync
