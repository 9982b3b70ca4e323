#include "sync/hub.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "store/migrations.h"
#include "sync/bundle.h"
#include "sync/communes.h"
#include "sync/files.h"
#include "sync/protocol.h"
#include "sync/wire.h"

namespace motcua::sync {

using nlohmann::json;

namespace {

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool ValidKind(const std::string& k) {
  if (k.empty() || k.size() > 64) return false;
  for (char c : k) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      return false;
  }
  return true;
}

int64_t IntOr(const json& j, const char* key, int64_t fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

std::string StrOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Parses one pushed entry; false with a reason when it is malformed.
bool ParseEntry(const json& e, const std::map<std::string, int64_t>& offsets, IncomingEntry* out,
                std::string* why) {
  if (!e.is_object()) return *why = "entry is not an object", false;
  auto seq = e.find("seq");
  auto created = e.find("created_at");
  auto payload = e.find("payload");
  if (seq == e.end() || !seq->is_number_integer() || seq->get<int64_t>() <= 0)
    return *why = "entry needs a positive seq", false;
  if (created == e.end() || !created->is_number_integer())
    return *why = "entry needs created_at", false;
  if (payload == e.end()) return *why = "entry needs a payload", false;
  out->seq = seq->get<int64_t>();
  out->kind = StrOr(e, "kind");
  if (!ValidKind(out->kind)) return *why = "entry kind must be [a-z0-9._-], 1-64", false;
  out->created_at = created->get<int64_t>();
  out->boot_id = StrOr(e, "boot_id");
  if (out->boot_id.size() > 64) return *why = "boot_id too long", false;
  out->payload_json = payload->dump();  // canonical: keys sorted, no spaces
  out->content_hash = EntryHash(out->kind, out->created_at, out->boot_id, out->payload_json);
  auto corrected = e.find("corrected");
  if (corrected != e.end() && corrected->is_boolean() && corrected->get<bool>()) {
    out->hub_time = out->created_at;
  } else if (auto it = offsets.find(out->boot_id); it != offsets.end()) {
    out->hub_time = out->created_at + it->second;
  }
  auto blobs = e.find("blobs");
  if (blobs != e.end()) {
    if (!blobs->is_array() || blobs->size() > 64) return *why = "blobs must be a short list", false;
    for (const json& b : *blobs) {
      if (!b.is_string() || !IsHex64(b.get<std::string>()))
        return *why = "blobs must be SHA-256 hex", false;
      out->blobs.push_back(b.get<std::string>());
    }
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Hub>> Hub::Open(const std::string& db_path, const Clock& clock, Rng& rng,
                                       HubOptions options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(db_path));
  RETURN_IF_ERROR(store::Migrate(*db));
  RETURN_IF_ERROR(MakeDirs(options.blob_dir));
  return std::unique_ptr<Hub>(new Hub(std::move(db), clock, rng, std::move(options)));
}

HubResponse Hub::Json(int status, const std::string& body) const {
  HubResponse r;
  r.status = status;
  r.body = body;
  r.hub_time = clock_.NowUnixMs();
  return r;
}

HubResponse Hub::Error(int status, const std::string& error) const {
  return Json(status, json{{"error", error}, {"hub_time", clock_.NowUnixMs()}}.dump());
}

HubResponse Hub::Handle(const HubRequest& req) {
  try {
    auto nonce = ParseNonNegative(req.nonce);
    if (req.device.empty() || req.device.size() > 64 || !nonce.ok() || req.signature.empty()) {
      return Error(401, "missing or malformed authentication headers");
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto found = store_.FindDevice(req.device);
    if (!found.ok()) {
      log::Error("hub: " + found.status().ToString());
      return Error(503, "database unavailable");
    }
    if (!found->has_value()) {
      log::Warn("hub: request from unknown device " + req.device);
      return Error(401, "unknown device");
    }
    const DeviceRecord d = **found;
    if (d.revoked_at) {
      log::Warn("hub: request from revoked device " + d.id);
      return Error(403, "device revoked");
    }
    if (!VerifyRequestSignature(d.secret, req.method, req.target, req.body, d.id, *nonce,
                                req.signature)
             .ok()) {
      log::Warn("hub: bad signature from device " + d.id);
      return Error(401, "bad signature");
    }
    auto fresh = store_.UseNonce(d.id, *nonce);
    if (!fresh.ok()) return Error(503, "database unavailable");
    if (!*fresh) {
      log::Warn("hub: stale nonce " + std::to_string(*nonce) + " from device " + d.id);
      return Json(401, json{{"error", "stale_nonce"},
                            {"last_nonce", d.last_nonce},
                            {"hub_time", clock_.NowUnixMs()}}
                           .dump());
    }
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (path == kPathHello && req.method == "POST") return Hello(d, req);
    if (path == kPathPush && req.method == "POST") return Push(d, req);
    if (path == kPathBundle && req.method == "GET") return GetBundle(d);
    if (path == kPathInbox && req.method == "GET") return Inbox(d, req);
    if (path.rfind(kPathBlobPrefix, 0) == 0 && req.method == "PUT") {
      return PutBlob(d, req, path.substr(sizeof(kPathBlobPrefix) - 1));
    }
    return Error(404, "no such sync endpoint");
  } catch (const std::exception& e) {  // nlohmann; nothing may escape to civetweb
    log::Error(std::string("hub: ") + e.what());
    return Error(400, "malformed request");
  }
}

HubResponse Hub::Hello(const DeviceRecord& d, const HubRequest& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error(400, "hello body must be a JSON object");
  DeviceReport r;
  r.boot_id = StrOr(j, "boot_id").substr(0, 64);
  if (j.contains("clock_offset_ms") && j["clock_offset_ms"].is_number_integer()) {
    r.clock_offset_ms = j["clock_offset_ms"].get<int64_t>();
  } else if (j.contains("device_time") && j["device_time"].is_number_integer()) {
    // The device does not know yet: the hub's own estimate (no RTT correction).
    r.clock_offset_ms = clock_.NowUnixMs() - j["device_time"].get<int64_t>();
  }
  r.pending = IntOr(j, "pending", 0);
  r.catalogue_version = IntOr(j, "catalogue_version", 0);
  r.bundle_version = IntOr(j, "bundle_version", 0);
  r.alerts = IntOr(j, "alerts", 0);
  r.app_version = StrOr(j, "app_version").substr(0, 32);
  if (Status st = store_.RecordContact(d.id, r, clock_.NowUnixMs()); !st.ok()) {
    log::Error("hub: " + st.ToString());
    return Error(503, "database unavailable");
  }
  int64_t bundle_version = 0;
  if (has_key()) {
    auto b = EnsureBundleLocked(d.commune);
    if (b.ok()) {
      bundle_version = b->version;
    } else {
      log::Warn("hub: no bundle for " + d.commune + ": " + b.status().message());
    }
  }
  auto last = store_.LastMessageId(d.commune);
  auto dev = store_.FindDevice(d.id);
  if (!last.ok() || !dev.ok() || !dev->has_value()) return Error(503, "database unavailable");
  return Json(200, json{{"hub_time", clock_.NowUnixMs()},
                        {"acked", (*dev)->acked_seq},
                        {"bundle_version", bundle_version},
                        {"inbox_last", *last}}
                       .dump());
}

HubResponse Hub::Push(const DeviceRecord& d, const HubRequest& req) {
  auto raw = Decompress(req.body, options_.max_inflated_bytes);
  if (!raw.ok()) {
    return Error(raw.status().code() == Code::kResourceExhausted ? 413 : 400,
                 raw.status().message());
  }
  json j = json::parse(*raw, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("entries") || !j["entries"].is_array()) {
    return Error(400, "push body must be {\"entries\":[...]}");
  }
  if (j["entries"].size() > options_.max_entries) return Error(413, "too many entries");
  std::map<std::string, int64_t> offsets;
  if (j.contains("boot_offsets") && j["boot_offsets"].is_object()) {
    for (const auto& [boot, off] : j["boot_offsets"].items()) {
      if (off.is_number_integer()) offsets[boot] = off.get<int64_t>();
    }
  }
  std::vector<IncomingEntry> entries;
  entries.reserve(j["entries"].size());
  for (const json& e : j["entries"]) {
    IncomingEntry in;
    std::string why;
    if (!ParseEntry(e, offsets, &in, &why)) return Error(400, why);
    entries.push_back(std::move(in));
  }
  // Order of arrival does not matter: store in seq order.
  std::sort(entries.begin(), entries.end(),
            [](const IncomingEntry& a, const IncomingEntry& b) { return a.seq < b.seq; });
  auto out = store_.StoreEntries(d.id, entries, clock_.NowUnixMs());
  if (!out.ok()) {
    log::Error("hub: push from " + d.id + ": " + out.status().ToString());
    return Error(503, "could not store the entries; send them again");
  }
  if (!out->conflicts.empty()) {
    log::Error("hub: device " + d.id + " resent " + std::to_string(out->conflicts.size()) +
               " seq(s) with other content (first " + std::to_string(out->conflicts[0]) +
               "); refused and alerted");
  }
  if (out->stored > 0) {
    log::Info("hub: " + d.id + " stored " + std::to_string(out->stored) + ", acked " +
              std::to_string(out->acked));
  }
  return Json(out->conflicts.empty() ? 200 : 409, json{{"hub_time", clock_.NowUnixMs()},
                                                       {"acked", out->acked},
                                                       {"stored", out->stored},
                                                       {"duplicates", out->duplicates},
                                                       {"conflicts", out->conflicts},
                                                       {"missing_blobs", out->missing_blobs}}
                                                      .dump());
}

HubResponse Hub::GetBundle(const DeviceRecord& d) {
  if (!has_key()) return Error(503, "the hub has no province key");
  auto b = EnsureBundleLocked(d.commune);
  if (!b.ok()) {
    if (b.status().code() == Code::kUnavailable) return Json(204, "");
    log::Error("hub: bundle for " + d.commune + ": " + b.status().ToString());
    return Error(503, "bundle unavailable");
  }
  auto z = Compress(b->signed_file, 9);
  if (!z.ok()) return Error(500, "compression failed");
  HubResponse r = Json(200, std::move(z).value());
  r.content_type = kContentTypeZlib;
  return r;
}

HubResponse Hub::Inbox(const DeviceRecord& d, const HubRequest& req) {
  int64_t after = 0;
  const size_t q = req.target.find("?after=");
  if (q != std::string::npos) {
    auto n = ParseNonNegative(req.target.substr(q + 7));
    if (!n.ok()) return Error(400, "after must be a number");
    after = *n;
  }
  auto msgs = store_.Messages(d.commune, after, options_.max_messages);
  if (!msgs.ok()) return Error(503, "database unavailable");
  json list = json::array();
  for (const HubMessage& m : *msgs) {
    list.push_back({{"id", m.id},
                    {"kind", m.kind},
                    {"created_at", m.created_at},
                    {"payload", json::parse(m.payload_json, nullptr, false)}});
  }
  return Json(200, json{{"hub_time", clock_.NowUnixMs()}, {"messages", list}}.dump());
}

HubResponse Hub::PutBlob(const DeviceRecord& d, const HubRequest& req, const std::string& sha) {
  if (!IsHex64(sha)) return Error(400, "blob name must be SHA-256 hex");
  if (crypto::Sha256Hex(req.body) != sha) return Error(400, "blob bytes do not match its name");
  auto have = store_.HasBlob(sha);
  if (!have.ok()) return Error(503, "database unavailable");
  if (!*have) {
    if (Status st = WriteFileDurably(options_.blob_dir + "/" + sha, req.body, 0640); !st.ok()) {
      log::Error("hub: blob from " + d.id + ": " + st.ToString());
      return Error(503, "could not store the file");
    }
    if (Status st = store_.AddBlob(sha, static_cast<int64_t>(req.body.size()), clock_.NowUnixMs());
        !st.ok()) {
      return Error(503, "database unavailable");
    }
  }
  return Json(200, json{{"hub_time", clock_.NowUnixMs()}, {"stored", true}}.dump());
}

}  // namespace motcua::sync
