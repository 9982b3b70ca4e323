// Pushing the outbox: entries in seq order, in batches, compressed; files
// the entries refer to go first when the hub asks for them.
#include <nlohmann/json.hpp>
#include <set>

#include "core/log.h"
#include "crypto/hash.h"
#include "sync/device.h"
#include "sync/files.h"
#include "sync/protocol.h"
#include "sync/wire.h"

namespace motcua::sync {

using nlohmann::json;

namespace {

// The files an entry's payload names: {"attachments":[{"sha256","stored_name"}]}.
void CollectBlobs(const json& payload, const std::string& dir,
                  std::map<std::string, std::string>* paths, std::vector<std::string>* shas) {
  if (!payload.is_object()) return;
  auto it = payload.find("attachments");
  if (it == payload.end() || !it->is_array()) return;
  for (const json& a : *it) {
    if (!a.is_object()) continue;
    const std::string sha = a.value("sha256", "");
    const std::string name = a.value("stored_name", "");
    if (sha.size() != 64 || name.empty() || name.find('/') != std::string::npos) continue;
    (*paths)[sha] = dir + "/" + name;
    shas->push_back(sha);
  }
}

}  // namespace

Status DeviceSync::PushAll(RoundReport* report) {
  // Bounded: each pass either confirms entries or stops.
  for (int pass = 0; pass < 100000; ++pass) {
    ASSIGN_OR_RETURN(std::vector<OutboxEntry> batch,
                     store_.Pending(options_.batch_entries, options_.batch_bytes));
    if (batch.empty()) return Status::Ok();
    std::map<std::string, int64_t> offsets;
    std::map<std::string, std::string> blob_paths;
    std::string entries;
    for (const OutboxEntry& e : batch) {
      json payload = json::parse(e.payload_json, nullptr, false);
      std::string raw = e.payload_json;
      if (payload.is_discarded()) {  // never block the queue on one bad row
        raw = json{{"invalid_json", e.payload_json}}.dump();
      }
      std::vector<std::string> shas;
      if (!options_.attachments_dir.empty()) {
        std::vector<std::string> named;
        CollectBlobs(payload, options_.attachments_dir, &blob_paths, &named);
        for (const std::string& sha : named) {
          // A file lost on this device must not hold the queue back for ever:
          // the entry goes without it, and officers are told.
          if (FileExists(blob_paths[sha])) {
            shas.push_back(sha);
          } else {
            Alert("blob_missing", e.seq, "attachment " + blob_paths[sha] + " is missing");
          }
        }
      }
      if (!e.clock_offset_ms && !e.boot_id.empty() && !offsets.count(e.boot_id)) {
        ASSIGN_OR_RETURN(std::optional<int64_t> off, store_.OffsetForBoot(e.boot_id));
        if (off) offsets[e.boot_id] = *off;
      }
      if (!entries.empty()) entries.push_back(',');
      entries += "{\"seq\":" + std::to_string(e.seq) + ",\"kind\":" + json(e.kind).dump() +
                 ",\"created_at\":" + std::to_string(e.created_at) +
                 ",\"boot_id\":" + json(e.boot_id).dump() +
                 ",\"corrected\":" + (e.clock_offset_ms ? "true" : "false") +
                 ",\"blobs\":" + json(shas).dump() + ",\"payload\":" + raw + "}";
    }
    const std::string body = "{\"boot_id\":" + json(options_.boot_id).dump() +
                             ",\"sent_at\":" + std::to_string(clock_.NowUnixMs()) +
                             ",\"boot_offsets\":" + json(offsets).dump() + ",\"entries\":[" +
                             entries + "]}";
    ASSIGN_OR_RETURN(std::string z, Compress(body, 6));
    report->raw_json_bytes += body.size();

    const int64_t first = batch.front().seq;
    const int64_t last = batch.back().seq;
    json j;
    for (int tries = 0;; ++tries) {
      ASSIGN_OR_RETURN(HttpReply r, Call("POST", kPathPush, z, kContentTypeZlib, report));
      j = json::parse(r.body, nullptr, false);
      if ((r.status != 200 && r.status != 409) || !j.is_object() || !j.contains("acked")) {
        return Status(Code::kUnavailable,
                      "push refused (" + std::to_string(r.status) + "): " + r.body.substr(0, 200));
      }
      std::vector<std::string> missing = j.value("missing_blobs", std::vector<std::string>());
      if (missing.empty() || tries >= 2) break;
      RETURN_IF_ERROR(UploadBlobs(missing, blob_paths, report));
    }
    const int64_t acked = j["acked"].get<int64_t>();
    for (const json& c : j.value("conflicts", json::array())) {
      if (c.is_number_integer()) {
        Alert("conflict", c.get<int64_t>(),
              "the hub holds seq " + std::to_string(c.get<int64_t>()) +
                  " with other content; it refused ours (409)");
      }
    }
    if (acked >= first) {
      const int64_t upto = std::min(acked, last);
      RETURN_IF_ERROR(store_.MarkSent(first, upto, clock_.NowUnixMs()));
      report->pushed += static_cast<int>(upto - first + 1);
    }
    report->acked = acked;
    if (acked < first - 1) {
      ASSIGN_OR_RETURN(int n, store_.Repend(acked));
      Alert("hub_behind", std::nullopt,
            "hub holds entries up to " + std::to_string(acked) + ", " + std::to_string(n) +
                " queued again");
      if (n == 0) return Status(Code::kUnavailable, "hub is missing entries this device lacks");
      continue;
    }
    if (acked < first) {
      return Status(Code::kUnavailable,
                    "hub did not take seq " + std::to_string(first) + " (files missing?)");
    }
  }
  return Status::Ok();
}

Status DeviceSync::UploadBlobs(const std::vector<std::string>& missing,
                               const std::map<std::string, std::string>& paths,
                               RoundReport* report) {
  for (const std::string& sha : missing) {
    auto it = paths.find(sha);
    if (it == paths.end()) continue;
    auto data = ReadFile(it->second);
    if (!data.ok() || crypto::Sha256Hex(*data) != sha) {
      Alert("blob_missing", std::nullopt, "attachment " + it->second + " is missing or changed");
      return Status(Code::kUnavailable, "attachment " + sha + " cannot be read");
    }
    ASSIGN_OR_RETURN(HttpReply r, Call("PUT", std::string(kPathBlobPrefix) + sha, *data,
                                       "application/octet-stream", report));
    if (r.status != 200) {
      return Status(Code::kUnavailable, "blob upload refused (" + std::to_string(r.status) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace motcua::sync
