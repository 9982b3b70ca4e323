// Tracking codes (mã theo dõi) handed to a citizen who sends feedback (PAKN),
// who later types or reads them out to look the case up.
//
// Format: "PA-XXXXX-XXXXX". "PA" is phản ánh; then 10 symbols from a 32-letter
// alphabet without the look-alikes I, L, O, U: 9 random symbols (45 bits, so
// guessing one live code among thousands takes ~2^33 tries, far beyond any
// rate limit) and 1 check symbol. Two groups of five: short enough to say in
// one breath each over the phone, and the same shape as the product keys
// people already know; four-symbol groups would leave a lone check symbol.
//
// The check symbol catches every single-symbol substitution and every
// transposition of adjacent symbols (check symbol included), and also every
// swap of two symbols one apart: see tracking_code.cpp for the proof.
//
// Codes are random, not unique: insert under a UNIQUE constraint and draw
// again on a collision.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace motcua::domain {

inline constexpr std::string_view kTrackingAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr size_t kTrackingRandomSymbols = 9;

// A fresh code in canonical form, e.g. "PA-7K4QM-2XDRH". Use SystemRng.
std::string NewTrackingCode(Rng& rng);

// The canonical form of what a person typed, or nullopt if it is not a code
// or its check symbol is wrong. Accepts lower case, spaces, dashes and dots
// anywhere, with or without the "PA" prefix, and reads O as 0, I and L as 1,
// U as V.
std::optional<std::string> NormalizeTrackingCode(std::string_view typed);

// The check symbol for 9 payload symbols from kTrackingAlphabet ('\0' if any
// symbol is outside it). Exposed for tests.
char TrackingCheckSymbol(std::string_view payload);

}  // namespace motcua::domain
