// Crypto module: the only place that includes mbedTLS.
// Hashes and MACs. All functions take and return raw bytes in std::string
// unless the name says Hex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua::crypto {

// SHA-256 of `data`, lower-case hex.
std::string Sha256Hex(std::string_view data);
// SHA-256 of `data`, 32 raw bytes.
std::string Sha256(std::string_view data);

// HMAC-SHA-256 (RFC 2104) of `data` under `key`, 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// The same MAC, lower-case hex (64 characters).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// True when a and b hold the same bytes. The time taken depends only on the
// lengths, never on where the first difference is: use it for every
// comparison of a MAC, token or password hash.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace motcua::crypto
