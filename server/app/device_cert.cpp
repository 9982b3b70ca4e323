#include "app/device_cert.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "app/app.h"
#include "core/log.h"
#include "crypto/cert.h"

namespace motcua::app {

namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(Code::kNotFound, path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes via a temporary file and rename, so a power cut never leaves half a key.
Status WriteFileAtomic(const std::string& path, const std::string& data, mode_t mode) {
  const std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return IoError("cannot create " + tmp + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      close(fd);
      return IoError("cannot write " + tmp);
    }
    off += static_cast<size_t>(n);
  }
  const bool synced = fsync(fd) == 0;
  close(fd);
  if (!synced || rename(tmp.c_str(), path.c_str()) != 0)
    return IoError("cannot store " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

std::string HostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) return "";
  std::string h(buf);
  for (char c : h) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return "";
  }
  return h;
}

}  // namespace

Result<DeviceCert> LoadOrMakeDeviceCert(const Config& config, const Clock& clock, Rng& rng) {
  DeviceCert out;
  std::string key_path;
  if (!config.tls_cert.empty()) {
    out.cert_path = config.tls_cert;
    key_path = config.tls_key;
  } else {
    const std::string dir = config.data_dir + "/tls";
    RETURN_IF_ERROR(EnsureDir(dir));
    out.cert_path = dir + "/device-cert.pem";
    key_path = dir + "/device-key.pem";
    struct stat sb;
    if (stat(out.cert_path.c_str(), &sb) != 0 || stat(key_path.c_str(), &sb) != 0) {
      crypto::CertOptions opt;
      std::string host = HostName();
      opt.common_name = "motcua" + (host.empty() ? std::string() : " " + host);
      if (opt.common_name.size() > 64) opt.common_name = "motcua";
      opt.now_unix_ms = clock.NowUnixMs();
      if (!host.empty()) {
        opt.dns_names.push_back(host);
        if (host.find('.') == std::string::npos) opt.dns_names.push_back(host + ".local");
      }
      const std::string listen_host =
          config.https_listen.substr(0, config.https_listen.rfind(':'));
      if (!listen_host.empty() && listen_host != "0.0.0.0" && listen_host != "127.0.0.1" &&
          listen_host.find_first_not_of("0123456789.") == std::string::npos) {
        opt.ip_addresses.push_back(listen_host);
      }
      ASSIGN_OR_RETURN(crypto::CertAndKey made, crypto::MakeSelfSignedCert(opt, rng));
      // Key first: a cert without its key would be read back as broken.
      RETURN_IF_ERROR(WriteFileAtomic(key_path, made.key_pem, 0600));
      RETURN_IF_ERROR(WriteFileAtomic(out.cert_path, made.cert_pem, 0644));
      out.created = true;
      log::Info("made a self-signed device certificate: " + out.cert_path);
    }
  }
  ASSIGN_OR_RETURN(out.cert_pem, ReadFile(out.cert_path));
  ASSIGN_OR_RETURN(out.key_pem, ReadFile(key_path));
  ASSIGN_OR_RETURN(out.fingerprint, crypto::CertFingerprintSha256(out.cert_pem));
  return out;
}

}  // namespace motcua::app
