// Officer passwords: PBKDF2-HMAC-SHA256 with a per-user random salt.
//
// Stored form (self-describing, so the iteration count can grow later
// without a migration; see NeedsRehash):
//   pbkdf2-sha256$<iterations>$<16-byte salt, base64>$<32-byte hash, base64>
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::crypto {

// Cost, measured on the 2-core x86 build VM (one core, RelWithDebInfo):
// 100,000 iterations = 105 ms per hash (`crypto_password_test` prints it;
// 104-110 ms in repeated runs). A Pi Zero 2 / Cortex-A53 is several times
// slower (expect roughly 400-600 ms): acceptable for a login, which happens
// a few times a day per officer, and it makes each guess against a leaked
// database cost the same. Login throttling must still cap online guesses,
// and a login request holds one web worker for that long. Boards that find
// this too slow set a lower count in config; do not go below 50,000.
inline constexpr int kDefaultPbkdf2Iterations = 100000;

// Refuses counts outside [1,000, 10,000,000]: a stored string with a huge
// count would let whoever wrote it stall the server on every login attempt.
inline constexpr int kMinPbkdf2Iterations = 1000;
inline constexpr int kMaxPbkdf2Iterations = 10000000;

// Hashes `password` with a fresh 16-byte salt from `rng`.
Result<std::string> HashPassword(std::string_view password, int iterations, Rng& rng);

// Ok when `password` matches `stored`; kPermissionDenied when it does not;
// kCorrupt when `stored` is not a string HashPassword made. The final
// comparison is constant-time.
Status VerifyPassword(std::string_view password, std::string_view stored);

// True when `stored` uses fewer than `iterations` (or is unreadable): after a
// successful login, hash the password again and store the new string.
bool NeedsRehash(std::string_view stored, int iterations);

}  // namespace motcua::crypto
