#include "sync/keys.h"

#include <arpa/inet.h>

#include "crypto/cert.h"
#include "crypto/signature.h"
#include "sync/files.h"

namespace motcua::sync {

namespace {
std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}
}  // namespace

Result<std::string> GenerateProvinceKey(const std::string& path, bool force, Rng& rng) {
  if (FileExists(path) && !force) {
    return Status(Code::kAlreadyExists,
                  path +
                      " exists; replacing the province key makes every board refuse new "
                      "bundles until it gets the new public key (use --force)");
  }
  ASSIGN_OR_RETURN(crypto::KeyPairPem kp, crypto::GenerateKeyPair(rng));
  RETURN_IF_ERROR(MakeDirs(DirOf(path)));
  RETURN_IF_ERROR(WriteFileDurably(path, kp.private_pem, 0600));
  return kp.public_pem;
}

Result<TlsMaterial> LoadOrMakeHubCert(const std::string& cert_path, const std::string& key_path,
                                      const std::string& names, int64_t now_ms, Rng& rng) {
  TlsMaterial m;
  if (FileExists(cert_path) && FileExists(key_path)) {
    ASSIGN_OR_RETURN(m.cert_pem, ReadFile(cert_path));
    ASSIGN_OR_RETURN(m.key_pem, ReadFile(key_path));
  } else {
    crypto::CertOptions o;
    o.common_name = "motcua hub";
    o.now_unix_ms = now_ms;
    o.dns_names.clear();
    o.ip_addresses.clear();
    size_t start = 0;
    while (start <= names.size()) {
      size_t comma = names.find(',', start);
      if (comma == std::string::npos) comma = names.size();
      std::string n = names.substr(start, comma - start);
      while (!n.empty() && n.front() == ' ') n.erase(0, 1);
      while (!n.empty() && n.back() == ' ') n.pop_back();
      if (!n.empty()) {
        unsigned char buf[16];
        if (inet_pton(AF_INET, n.c_str(), buf) == 1 || inet_pton(AF_INET6, n.c_str(), buf) == 1) {
          o.ip_addresses.push_back(n);
        } else {
          o.dns_names.push_back(n);
        }
      }
      start = comma + 1;
    }
    ASSIGN_OR_RETURN(crypto::CertAndKey ck, crypto::MakeSelfSignedCert(o, rng));
    RETURN_IF_ERROR(MakeDirs(DirOf(key_path)));
    RETURN_IF_ERROR(MakeDirs(DirOf(cert_path)));
    RETURN_IF_ERROR(WriteFileDurably(key_path, ck.key_pem, 0600));
    RETURN_IF_ERROR(WriteFileDurably(cert_path, ck.cert_pem, 0644));
    m.cert_pem = ck.cert_pem;
    m.key_pem = ck.key_pem;
  }
  ASSIGN_OR_RETURN(m.fingerprint, crypto::CertFingerprintSha256(m.cert_pem));
  return m;
}

}  // namespace motcua::sync
