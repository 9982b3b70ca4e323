#include "sync/bundle.h"

#include <nlohmann/json.hpp>
#include <set>

#include "crypto/signature.h"
#include "domain/procedure_json.h"

namespace motcua::sync {

using nlohmann::json;

namespace {

constexpr std::string_view kMagic = "MOTCUA-BUNDLE-1\n";

std::string SignedMessage(std::string_view body) {
  std::string m(kMagic);
  m.append(body);
  return m;
}

}  // namespace

std::string BundleJson(const Bundle& b) {
  // Built by hand so the procedures keep the stored key order and nothing is
  // re-sorted: the bytes signed are the bytes sent.
  std::string s = "{\"format\":1,\"commune\":" + json(b.commune).dump() +
                  ",\"version\":" + std::to_string(b.version) +
                  ",\"issued_at\":" + std::to_string(b.issued_at) + ",\"procedures\":[";
  for (size_t i = 0; i < b.procedures.size(); ++i) {
    if (i) s.push_back(',');
    s += domain::ToJsonString(b.procedures[i]);
  }
  s += "]}";
  return s;
}

Result<std::string> SignBundle(const Bundle& b, std::string_view private_pem, Rng& rng) {
  const std::string body = BundleJson(b);
  ASSIGN_OR_RETURN(std::string sig, crypto::Sign(private_pem, SignedMessage(body), rng));
  std::string file(kMagic);
  file += sig;
  file.push_back('\n');
  file += body;
  return file;
}

Result<Bundle> VerifyBundle(std::string_view file, std::string_view public_pem,
                            std::string_view commune) {
  if (file.substr(0, kMagic.size()) != kMagic) return InvalidArgument("not a procedure bundle");
  std::string_view rest = file.substr(kMagic.size());
  const size_t nl = rest.find('\n');
  if (nl == std::string_view::npos || nl == 0 || nl > 200) {
    return InvalidArgument("bundle has no signature line");
  }
  const std::string_view sig = rest.substr(0, nl);
  const std::string_view body = rest.substr(nl + 1);
  RETURN_IF_ERROR(crypto::Verify(public_pem, SignedMessage(body), sig));

  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return InvalidArgument("bundle body is not JSON");
  if (!j.contains("format") || j["format"] != 1) return InvalidArgument("unknown bundle format");
  if (!j.contains("commune") || !j["commune"].is_string() || !j.contains("version") ||
      !j["version"].is_number_integer() || !j.contains("issued_at") ||
      !j["issued_at"].is_number_integer() || !j.contains("procedures") ||
      !j["procedures"].is_array()) {
    return InvalidArgument("bundle lacks commune, version, issued_at or procedures");
  }
  Bundle b;
  b.commune = j["commune"].get<std::string>();
  b.version = j["version"].get<int64_t>();
  b.issued_at = j["issued_at"].get<int64_t>();
  if (b.commune != commune) {
    return InvalidArgument("bundle is for commune " + b.commune + ", this device serves " +
                           std::string(commune));
  }
  if (b.version <= 0) return InvalidArgument("bundle version must be positive");
  if (j["procedures"].size() > kMaxBundleProcedures) {
    return InvalidArgument("bundle has too many procedures");
  }
  std::set<std::string> codes;
  for (const json& pj : j["procedures"]) {
    auto p = domain::ProcedureFromJson(pj);
    if (!p.ok()) return InvalidArgument("bundle procedure: " + p.status().message());
    if (!codes.insert(p->code).second) {
      return InvalidArgument("bundle lists procedure " + p->code + " twice");
    }
    b.procedures.push_back(std::move(p).value());
  }
  return b;
}

}  // namespace motcua::sync
