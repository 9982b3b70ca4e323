// ECDSA P-256 with SHA-256: the province signs procedure bundles, boards
// verify them with the provisioned public key.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::crypto {

struct KeyPairPem {
  std::string private_pem;  // "-----BEGIN EC PRIVATE KEY-----" (SEC1)
  std::string public_pem;   // "-----BEGIN PUBLIC KEY-----" (SubjectPublicKeyInfo)
};

// A new P-256 key pair drawn from `rng` (use a DrbgRng or SystemRng).
Result<KeyPairPem> GenerateKeyPair(Rng& rng);

// The public half of a private key, as PEM.
Result<std::string> PublicKeyFromPrivate(std::string_view private_pem);

// Signs SHA-256(message). Returns the DER ECDSA signature, base64. The nonce
// is derived deterministically (RFC 6979); `rng` only blinds the arithmetic.
Result<std::string> Sign(std::string_view private_pem, std::string_view message, Rng& rng);

// Ok when `signature_b64` (as Sign made it) is valid for `message` under
// `public_pem`. kPermissionDenied for a wrong signature; kInvalidArgument for
// a key that is not P-256 or text that is not base64. Any other key type is
// refused, so a swapped-in RSA key cannot be used to pass a check.
Status Verify(std::string_view public_pem, std::string_view message,
              std::string_view signature_b64);

}  // namespace motcua::crypto
