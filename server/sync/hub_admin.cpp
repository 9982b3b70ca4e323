// Hub administration: devices, bundles, messages (CLI and hub pages).
#include <algorithm>

#include "core/log.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "domain/procedure_json.h"
#include "sync/bundle.h"
#include "sync/communes.h"
#include "sync/hub.h"

namespace motcua::sync {

Result<DeviceCredentials> Hub::AddDevice(const std::string& commune) {
  const Commune* c = FindCommune(commune);
  if (!c) return InvalidArgument("no commune with code '" + commune + "' in Sơn La's list");
  std::lock_guard<std::mutex> lock(mu_);
  const std::string secret = crypto::RandomToken(rng_, 32);
  ASSIGN_OR_RETURN(DeviceRecord d, store_.AddDevice(commune, secret, clock_.NowUnixMs()));
  log::Info("hub: registered device " + d.id + " for " + c->FullName());
  return DeviceCredentials{d, secret};
}

Status Hub::RevokeDevice(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  RETURN_IF_ERROR(store_.RevokeDevice(id, clock_.NowUnixMs()));
  log::Info("hub: revoked device " + id);
  return Status::Ok();
}

Result<std::vector<DeviceRecord>> Hub::Devices() {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.Devices();
}

Result<StoredBundle> Hub::EnsureBundle(const std::string& commune) {
  if (!FindCommune(commune)) return InvalidArgument("unknown commune " + commune);
  std::lock_guard<std::mutex> lock(mu_);
  return EnsureBundleLocked(commune);
}

Result<std::optional<StoredBundle>> Hub::CurrentBundle(const std::string& commune) {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.Bundle(commune);
}

Result<StoredBundle> Hub::EnsureBundleLocked(const std::string& commune) {
  if (!has_key()) return Status(Code::kUnavailable, "the hub has no province key");
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  ASSIGN_OR_RETURN(store::Statement ver, db_->Prepare("SELECT CAST(value AS INTEGER) FROM meta "
                                                      "WHERE key = 'catalogue_version'"));
  ASSIGN_OR_RETURN(bool vrow, ver.Step());
  const int64_t catalogue_version = vrow ? ver.Int(0) : 0;
  ASSIGN_OR_RETURN(std::optional<StoredBundle> old, store_.Bundle(commune));
  if (old && old->catalogue_version == catalogue_version) return *old;

  // The stored record is the procedure's canonical JSON (domain::ToJsonString).
  ASSIGN_OR_RETURN(store::Statement st,
                   db_->Prepare("SELECT doc FROM procedures WHERE (levels & ?) != 0 "
                                "AND listed = 1 ORDER BY code"));
  st.Bind(1, static_cast<int64_t>(options_.bundle_levels));
  Bundle b;
  b.commune = commune;
  std::string all_docs;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    all_docs.append(st.TextView(0)).push_back('\n');
    auto p = domain::ProcedureFromJsonString(st.TextView(0));
    if (!p.ok()) return Corrupt("hub procedure: " + p.status().message());
    b.procedures.push_back(std::move(p).value());
  }
  // An empty list would withdraw every procedure on every board: never issue one.
  if (b.procedures.empty()) {
    return Status(Code::kUnavailable, "the hub's catalogue has no procedures for communes");
  }
  const std::string hash = crypto::Sha256Hex(all_docs);
  StoredBundle out;
  if (old && old->content_hash == hash) {  // the catalogue moved, this list did not
    out = *old;
    out.catalogue_version = catalogue_version;
  } else {
    // Versions only grow; tied to the hub's clock as well, so a hub rebuilt
    // from an empty database still issues versions newer than the boards hold.
    const int64_t now = clock_.NowUnixMs();
    b.version = std::max<int64_t>(old ? old->version + 1 : 1, now / 1000);
    b.issued_at = now;
    ASSIGN_OR_RETURN(out.signed_file, SignBundle(b, options_.province_private_pem, rng_));
    out.commune = commune;
    out.version = b.version;
    out.issued_at = b.issued_at;
    out.content_hash = hash;
    out.catalogue_version = catalogue_version;
    out.procedures = static_cast<int64_t>(b.procedures.size());
    log::Info("hub: issued bundle " + std::to_string(out.version) + " for " + commune + " (" +
              std::to_string(out.procedures) + " procedures)");
  }
  RETURN_IF_ERROR(store_.PutBundle(out));
  RETURN_IF_ERROR(txn.Commit());
  return out;
}

Result<int64_t> Hub::SendMessage(const std::string& commune, const std::string& kind,
                                 const std::string& payload_json) {
  if (!FindCommune(commune)) return InvalidArgument("unknown commune " + commune);
  std::lock_guard<std::mutex> lock(mu_);
  return store_.AddMessage(commune, kind, payload_json, clock_.NowUnixMs());
}

Result<std::vector<HubAlert>> Hub::Alerts(int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.Alerts(limit);
}

Result<std::vector<StoredEntry>> Hub::Entries(const std::string& device_id, int64_t after_seq,
                                              int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  return store_.Entries(device_id, after_seq, limit);
}

}  // namespace motcua::sync
