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

// Cost of 100,000 iterations on this 2-core x86 VM (one core; the
// "Default PBKDF2 cost" test prints it): 74 ms of CPU at best, 75-150 ms CPU
// and 160-390 ms wall while other builds shared the cores (load 8-10);
// STACK-NOTES measured 105 ms on a quiet core. A Pi Zero 2 (Cortex-A53,
// 1 GHz, no SHA instructions used by mbedTLS 2.28) is several times slower:
// expect roughly 0.4-0.8 s per hash (estimate, not measured on a board).
// That is acceptable for a login, which an officer does a few times a day,
// and it makes every guess against a leaked database cost the same. But a
// login holds one web worker that long, so login throttling must also cap
// concurrent attempts. Boards that find it too slow may configure a lower
// count; do not go below 50,000.
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
