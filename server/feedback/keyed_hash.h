// HMAC-SHA-256 for the feedback module's own uses: signing form tokens and
// receipt links, and hashing client addresses so the raw IP is never stored.
// Built on crypto::Sha256 (the crypto module keeps mbedTLS to itself); to be
// replaced by crypto::HmacSha256Hex once the crypto branch provides it.
#pragma once

#include <string>
#include <string_view>

namespace motcua::feedback {

// RFC 2104 HMAC with SHA-256, lower-case hex (64 characters).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths (MACs, tokens).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace motcua::feedback
