#include "office/journal.h"

#include "store/feedback_repo.h"

namespace motcua::office {

std::string Actor::AuditName() const {
  if (officer_id > 0) return "officer:" + username;
  return username.empty() ? "system" : username;
}

Status Journal(store::Db& db, const Clock& clock, const Actor& actor, const std::string& action,
               const std::string& subject, nlohmann::json detail) {
  if (!detail.is_object()) detail = nlohmann::json::object();
  if (!actor.client_ip.empty()) detail["client"] = actor.client_ip;
  domain::AuditEntry e;
  e.at_ms = clock.NowUnixMs();
  e.actor = actor.AuditName();
  e.action = action;
  e.subject = subject;
  e.detail_json = detail.dump();
  ASSIGN_OR_RETURN(domain::AuditEntry sealed, store::AppendAudit(db, std::move(e)));
  (void)sealed;
  return Status::Ok();
}

Status QueueForProvince(store::Db& db, const Clock& clock, const std::string& kind,
                        const nlohmann::json& payload) {
  ASSIGN_OR_RETURN(int64_t seq, store::AppendOutbox(db, kind, payload.dump(), clock.NowUnixMs()));
  (void)seq;
  return Status::Ok();
}

}  // namespace motcua::office
