// Signed procedure bundles: the province hub publishes, per commune, the list
// of procedures with their statuses; boards take it only when the province's
// signature checks out and the version is newer than what they hold.
//
// File layout (UTF-8 text; the hub sends it zlib-compressed):
//   MOTCUA-BUNDLE-1\n
//   <base64 DER ECDSA P-256 signature>\n
//   {"format":1,"commune":"03646","version":7,"issued_at":1764300000000,
//    "procedures":[<procedure JSON, domain/procedure_json.h>, ...]}
// The signature covers "MOTCUA-BUNDLE-1\n" followed by the JSON bytes, so a
// byte changed anywhere after the signature line fails the check.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/procedure.h"

namespace motcua::sync {

struct Bundle {
  std::string commune;    // code of the commune it is for
  int64_t version = 0;    // only grows per commune
  int64_t issued_at = 0;  // hub time, Unix ms
  std::vector<domain::Procedure> procedures;
};

// Most procedures a bundle may carry (the national portal lists ~2,700).
inline constexpr size_t kMaxBundleProcedures = 20000;

// The JSON body of `b` (procedures in the order given).
std::string BundleJson(const Bundle& b);
// The signed file for `b` under the province's private key.
Result<std::string> SignBundle(const Bundle& b, std::string_view private_pem, Rng& rng);
// Checks the layout and the signature under `public_pem`, then parses it.
// kPermissionDenied for a bad signature (or another key's), kInvalidArgument
// for a malformed file, a bundle for another commune than `commune`, or a
// bad procedure record. Does not judge the version: the caller compares it
// with what it holds, in the transaction that applies the bundle.
Result<Bundle> VerifyBundle(std::string_view file, std::string_view public_pem,
                            std::string_view commune);

}  // namespace motcua::sync
