// Schema of the back office (migration versions 20-29): officer accounts and
// the roster, sessions, the editable holiday table, posting marks and the
// settings officers edit. Feedback, audit_log and outbox tables belong to the
// feedback intake (migration 10) and are reused, never duplicated.
#pragma once

namespace motcua::store {

extern const char* const kOfficeSchemaV20;

}  // namespace motcua::store
