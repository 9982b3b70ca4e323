// What travels between a commune device and the province hub, below the
// JSON: compression, request authentication and the header names.
//
// Every device request carries
//   X-Sync-Device:    the device id ("03646-1")
//   X-Sync-Nonce:     a number that only grows per device (the hub refuses
//                     one it has seen: a captured request cannot be replayed)
//   X-Sync-Signature: hex HMAC-SHA-256 under the device's secret of
//                     CanonicalRequest(method, target, body, device, nonce)
// Every hub response carries X-Sync-Hub-Time (Unix ms): boards have no
// real-time clock and correct theirs from it. (Not "X-Motcua-*": the TLS
// front drops client-sent headers of that prefix.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace motcua::sync {

inline constexpr char kHeaderDevice[] = "X-Sync-Device";
inline constexpr char kHeaderNonce[] = "X-Sync-Nonce";
inline constexpr char kHeaderSignature[] = "X-Sync-Signature";
inline constexpr char kHeaderHubTime[] = "X-Sync-Hub-Time";
// Bodies of push requests and bundle responses are zlib streams.
inline constexpr char kContentTypeZlib[] = "application/x-motcua-zlib";

// The bytes the HMAC covers. `target` is the path with its query string,
// exactly as sent; `body` the bytes as sent (compressed, if they are).
std::string CanonicalRequest(std::string_view method, std::string_view target,
                             std::string_view body, std::string_view device_id, int64_t nonce);
// Hex HMAC-SHA-256 of the canonical request under `secret`.
std::string SignRequest(std::string_view secret, std::string_view method, std::string_view target,
                        std::string_view body, std::string_view device_id, int64_t nonce);
// Ok when `signature_hex` is the right MAC (constant-time); kPermissionDenied otherwise.
Status VerifyRequestSignature(std::string_view secret, std::string_view method,
                              std::string_view target, std::string_view body,
                              std::string_view device_id, int64_t nonce,
                              std::string_view signature_hex);

// zlib (RFC 1950) at `level` (1 fast .. 9 small).
Result<std::string> Compress(std::string_view data, int level = 6);
// Inflates a zlib stream. kResourceExhausted past `max_out` bytes (a small
// body must not expand into gigabytes); kInvalidArgument for a bad or
// truncated stream or trailing bytes.
Result<std::string> Decompress(std::string_view data, size_t max_out);

// A decimal int64 ("0".."9223372036854775807"); nullopt-like failure as
// kInvalidArgument for anything else (signs, spaces, overflow).
Result<int64_t> ParseNonNegative(std::string_view s);

}  // namespace motcua::sync
