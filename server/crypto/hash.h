// Crypto module: the only place that includes mbedTLS.
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

}  // namespace motcua::crypto
