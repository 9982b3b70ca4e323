// Pulling from the hub: the commune's signed procedure bundle and messages.
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "sync/bundle.h"
#include "sync/device.h"
#include "sync/protocol.h"
#include "sync/wire.h"

namespace motcua::sync {

using nlohmann::json;

namespace {
constexpr size_t kMaxBundleBytes = 256 * 1024 * 1024;
}  // namespace

Status DeviceSync::PullBundle(RoundReport* report) {
  ASSIGN_OR_RETURN(HttpReply r, Call("GET", kPathBundle, "", "", report));
  if (r.status == 204) return Status::Ok();
  if (r.status != 200) {
    return Status(Code::kUnavailable, "bundle refused (" + std::to_string(r.status) + ")");
  }
  auto file = Decompress(r.body, kMaxBundleBytes);
  if (!file.ok()) {
    Alert("bundle", std::nullopt, "bundle does not decompress: " + file.status().message());
    return Status::Ok();  // refused; the round itself went fine
  }
  Status st = ApplyBundle(*file);
  if (st.ok()) report->bundle_applied = true;
  return Status::Ok();
}

Status DeviceSync::ApplyBundle(const std::string& file) {
  auto b = VerifyBundle(file, options_.province_public_pem, commune_);
  if (!b.ok()) {
    Alert(b.status().code() == Code::kPermissionDenied ? "bundle_signature" : "bundle",
          std::nullopt, "bundle refused: " + b.status().message());
    return b.status();
  }
  const int64_t version = b->version;
  const int64_t issued_at = b->issued_at;
  // The version check and the swap are one transaction: two bundles racing
  // cannot both pass, and a refused one changes nothing.
  auto stats = catalog_.Replace(b->procedures, [&](store::Db& db) -> Status {
    DeviceStore in_txn(db);
    ASSIGN_OR_RETURN(int64_t have, in_txn.MetaInt("bundle_version", 0));
    if (version <= have) {
      return Status(Code::kConflict, "bundle version " + std::to_string(version) +
                                         " is not newer than " + std::to_string(have));
    }
    RETURN_IF_ERROR(in_txn.SetMetaInt("bundle_version", version));
    return in_txn.SetMetaInt("bundle_issued_at", issued_at);
  });
  if (!stats.ok()) {
    Alert(stats.status().code() == Code::kConflict ? "bundle_old" : "bundle", std::nullopt,
          "bundle " + std::to_string(version) + " refused: " + stats.status().message());
    return stats.status();
  }
  log::Info("sync: applied bundle " + std::to_string(version) + ": " +
            std::to_string(b->procedures.size()) + " procedures (" + std::to_string(stats->added) +
            " new, " + std::to_string(stats->changed) + " changed)");
  return Status::Ok();
}

Status DeviceSync::PullInbox(int64_t after, RoundReport* report) {
  for (int page = 0; page < 1000; ++page) {
    ASSIGN_OR_RETURN(
        HttpReply r,
        Call("GET", std::string(kPathInbox) + "?after=" + std::to_string(after), "", "", report));
    json j = json::parse(r.body, nullptr, false);
    if (r.status != 200 || !j.is_object() || !j.contains("messages") || !j["messages"].is_array()) {
      return Status(Code::kUnavailable, "bad inbox reply (" + std::to_string(r.status) + ")");
    }
    if (j["messages"].empty()) return Status::Ok();
    for (const json& m : j["messages"]) {
      if (!m.is_object() || !m.contains("id") || !m["id"].is_number_integer()) continue;
      const int64_t id = m["id"].get<int64_t>();
      const std::string kind = m.value("kind", "");
      const std::string payload = m.contains("payload") ? m["payload"].dump() : "null";
      // Stored first, applied after (ProcessInbox): a power cut between the
      // two leaves the message open, and the next round applies it.
      ASSIGN_OR_RETURN(int fresh, store_.StoreInbox(id, kind, payload, clock_.NowUnixMs()));
      report->messages += fresh;
      if (id > after) after = id;
    }
  }
  return Status::Ok();
}

namespace {

// Refusals that another try would not change.
bool IsFinal(Code c) {
  return c == Code::kInvalidArgument || c == Code::kNotFound || c == Code::kConflict ||
         c == Code::kAlreadyExists;
}

}  // namespace

Result<bool> DeviceSync::ProcessInbox() {
  ASSIGN_OR_RETURN(std::vector<DeviceStore::InboxRow> rows, store_.OpenInbox(200));
  bool wrote = false;
  for (const DeviceStore::InboxRow& row : rows) {
    auto h = handlers_.find(row.kind);
    Status st = h == handlers_.end()
                    ? InvalidArgument("this device does not handle messages of kind " + row.kind)
                    : Status::Ok();
    if (st.ok()) {
      InboxMessage m;
      m.id = row.id;
      m.kind = row.kind;
      m.payload_json = row.payload_json;
      const int64_t now = clock_.NowUnixMs();
      m.commit = [id = row.id, kind = row.kind, now](store::Db& db) {
        return DeviceStore::MarkInboxApplied(db, id, kind, now);
      };
      st = h->second(m);
    }
    if (st.ok()) {
      log::Info("sync: applied hub message " + std::to_string(row.id) + " (" + row.kind + ")");
      wrote = true;
      continue;
    }
    if (!IsFinal(st.code())) {
      // Busy database, full disk: keep the order, try again next round.
      Alert("inbox", row.id, "message " + row.kind + " not applied yet: " + st.message());
      break;
    }
    Alert("inbox", row.id, "message " + row.kind + " refused: " + st.message());
    RETURN_IF_ERROR(store_.RefuseInbox(row.id, row.kind, st.message(), clock_.NowUnixMs()));
    wrote = true;
  }
  return wrote;
}

}  // namespace motcua::sync
