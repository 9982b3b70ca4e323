// Cryptographic randomness: an mbedTLS CTR_DRBG (AES-256) seeded from the
// mbedTLS entropy collector (getrandom on Linux), behind motcua::Rng.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::crypto {

class DrbgRng final : public Rng {
 public:
  // Seeds a new generator. `personalization` separates instances made in the
  // same instant (NIST SP 800-90A); any short constant label will do.
  static Result<std::unique_ptr<DrbgRng>> Create(std::string_view personalization = "motcua");
  ~DrbgRng() override;
  DrbgRng(const DrbgRng&) = delete;
  DrbgRng& operator=(const DrbgRng&) = delete;

  // Thread-safe. Reseeds itself from the entropy source at the DRBG's reseed
  // interval. Aborts if the entropy source fails: there is no safe fallback
  // for secrets (same policy as SystemRng).
  void Fill(void* buf, size_t n) override;

 private:
  struct Impl;
  explicit DrbgRng(std::unique_ptr<Impl> impl);

  std::mutex mu_;
  std::unique_ptr<Impl> impl_;
};

// `bytes` random bytes from `rng`, base64url without padding (a 32-byte
// token is 43 characters). For session ids, CSRF tokens, device secrets.
std::string RandomToken(Rng& rng, size_t bytes = 32);

}  // namespace motcua::crypto
