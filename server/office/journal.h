// The back office's record of what officers do: every action goes into the
// hash-chained audit log (store/feedback_repo.h AppendAudit, the one chain
// shared with the feedback intake), in the same transaction as the change it
// records. Changes the province centre must hear of (roster, posting checks;
// seed decision Điều 7) are also queued in the outbox for the sync worker.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/status.h"
#include "store/db.h"

namespace motcua::office {

// Who acts.
struct Actor {
  int64_t officer_id = 0;  // 0 for the command line and the system
  std::string username;    // login name; "cli" or "system" otherwise
  std::string full_name;
  std::string client_ip;  // the real client (through the TLS front), "" for the CLI

  // "officer:nguyenvana", "cli", "system": the audit log's actor column.
  std::string AuditName() const;
};

// Appends one audit entry; call inside the caller's Transaction. `detail`
// gets the client address added. Never put passwords or tokens in it.
Status Journal(store::Db& db, const Clock& clock, const Actor& actor, const std::string& action,
               const std::string& subject, nlohmann::json detail);

// Queues a message for the province hub (issue 5 sends it); call inside the
// caller's Transaction.
Status QueueForProvince(store::Db& db, const Clock& clock, const std::string& kind,
                        const nlohmann::json& payload);

}  // namespace motcua::office
