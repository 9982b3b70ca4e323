// One-time form tokens: every feedback form served carries a fresh token in a
// hidden field; the submission that uses it records it with the feedback it
// made, in the same transaction. A double tap, a reload or a resend of the
// same form then finds that record and gets the same receipt, never a second
// record. The token also serves as the form's CSRF token: only a form this
// server issued (signed with the device secret) is accepted.
//
// Tokens are signed, not stored, when issued: serving the form writes
// nothing, so reading it costs no disk write and cannot fill the database.
//   token = nonce "." issued_ms "." HMAC-SHA-256(secret, nonce "." issued_ms)[:32]
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace motcua::feedback {

class FormTokens {
 public:
  // `ttl_ms`: how long a served form stays valid (a citizen may take long).
  FormTokens(std::string secret, const Clock& clock, Rng& rng, int64_t ttl_ms);

  std::string Issue();

  enum class Check { kValid, kExpired, kInvalid };
  struct Parsed {
    Check check = Check::kInvalid;
    std::string nonce;      // the key stored once used (set unless kInvalid)
    int64_t issued_at = 0;  // unix ms
  };
  // kInvalid for anything this server did not sign (forged, truncated, from
  // another device); kExpired when older than the TTL or issued in the future
  // by more than a minute (the clock was set back).
  Parsed Verify(std::string_view token) const;

 private:
  std::string Mac(std::string_view nonce_and_time) const;
  std::string secret_;
  const Clock& clock_;
  Rng& rng_;
  int64_t ttl_ms_;
};

}  // namespace motcua::feedback
