#include "crypto/file_hash.h"

#include <fcntl.h>
#include <mbedtls/sha256.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace motcua::crypto {

Result<std::string> Sha256FileHex(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("open " + path + ": " + std::strerror(errno));
  mbedtls_sha256_context ctx;
  mbedtls_sha256_init(&ctx);
  mbedtls_sha256_starts_ret(&ctx, 0);
  unsigned char buf[64 * 1024];
  Status st;
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      st = IoError("read " + path + ": " + std::strerror(errno));
      break;
    }
    mbedtls_sha256_update_ret(&ctx, buf, static_cast<size_t>(n));
  }
  close(fd);
  unsigned char out[32];
  mbedtls_sha256_finish_ret(&ctx, out);
  mbedtls_sha256_free(&ctx);
  if (!st.ok()) return st;
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : out) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  return hex;
}

}  // namespace motcua::crypto
