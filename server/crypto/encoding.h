// Byte <-> text encodings for keys, tokens and signatures.
// Decoders reject anything that is not exactly the encoding (stray
// characters, bad padding, odd hex length) rather than skipping it.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace motcua::crypto {

// Lower-case hex.
std::string HexEncode(std::string_view bytes);
// Accepts upper or lower case; even length only.
Result<std::string> HexDecode(std::string_view hex);

// RFC 4648 section 4, with '=' padding.
std::string Base64Encode(std::string_view bytes);
// Padding required; no whitespace or line breaks.
Result<std::string> Base64Decode(std::string_view text);

// RFC 4648 section 5 ('-' and '_'), no padding: safe in URLs and cookies.
std::string Base64UrlEncode(std::string_view bytes);
// Padding optional.
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace motcua::crypto
