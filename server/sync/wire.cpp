#include "sync/wire.h"

#include <zlib.h>

#include <algorithm>

#include "crypto/hash.h"

namespace motcua::sync {

std::string CanonicalRequest(std::string_view method, std::string_view target,
                             std::string_view body, std::string_view device_id, int64_t nonce) {
  std::string s = "MOTCUA-SYNC-1\n";
  s.append(method).append("\n");
  s.append(target).append("\n");
  s.append(crypto::Sha256Hex(body)).append("\n");
  s.append(device_id).append("\n");
  s.append(std::to_string(nonce));
  return s;
}

std::string SignRequest(std::string_view secret, std::string_view method, std::string_view target,
                        std::string_view body, std::string_view device_id, int64_t nonce) {
  return crypto::HmacSha256Hex(secret, CanonicalRequest(method, target, body, device_id, nonce));
}

Status VerifyRequestSignature(std::string_view secret, std::string_view method,
                              std::string_view target, std::string_view body,
                              std::string_view device_id, int64_t nonce,
                              std::string_view signature_hex) {
  const std::string want = SignRequest(secret, method, target, body, device_id, nonce);
  if (!crypto::ConstantTimeEquals(want, signature_hex)) {
    return Status(Code::kPermissionDenied, "bad request signature");
  }
  return Status::Ok();
}

Result<std::string> Compress(std::string_view data, int level) {
  uLongf cap = compressBound(static_cast<uLong>(data.size()));
  std::string out(cap, '\0');
  int rc = compress2(reinterpret_cast<Bytef*>(out.data()), &cap,
                     reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                     level);
  if (rc != Z_OK) return Internal("zlib compress failed: " + std::to_string(rc));
  out.resize(cap);
  return out;
}

Result<std::string> Decompress(std::string_view data, size_t max_out) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Internal("zlib inflateInit failed");
  struct Guard {
    z_stream* z;
    ~Guard() { inflateEnd(z); }
  } guard{&zs};
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  // Inflates straight into `out` (no big stack buffer: civetweb's worker
  // threads have small stacks).
  std::string out;
  size_t used = 0;
  for (;;) {
    if (out.size() - used < 16384) out.resize(std::max<size_t>(out.size() * 2, 65536));
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    zs.avail_out = static_cast<uInt>(out.size() - used);
    const uInt before = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    used += before - zs.avail_out;
    if (used > max_out) {
      return Status(Code::kResourceExhausted,
                    "compressed body expands past " + std::to_string(max_out) + " bytes");
    }
    if (rc == Z_STREAM_END) break;
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) return InvalidArgument("truncated zlib stream");
    return InvalidArgument(std::string("bad zlib stream: ") + (zs.msg ? zs.msg : "error"));
  }
  if (zs.avail_in != 0) return InvalidArgument("bytes after the end of the zlib stream");
  out.resize(used);
  return out;
}

Result<int64_t> ParseNonNegative(std::string_view s) {
  if (s.empty() || s.size() > 19) return InvalidArgument("expected a number");
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return InvalidArgument("expected a number");
    if (n > (INT64_MAX - (c - '0')) / 10) return InvalidArgument("number too large");
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace motcua::sync
