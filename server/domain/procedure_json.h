// The project's own JSON form of a procedure: the demo catalogue, the API,
// the stored record and the hub's signed bundles all use it.
//
// {"code":"1.001193","name":"...","field":"...","levels":["xa"],"kind":"...",
//  "applicants":"...","agency":"...","competent_agency":"...","receiving_address":"...",
//  "delegated_agency":"","coordinating_agency":"","ministry":"",
//  "steps":["Bước 1: ..."],"channels":[{"kind":"Trực tiếp","time_limit":"...","fee":"...",
//  "description":"..."}],"channels_text":"","papers":[{"name":"...","form":"...",
//  "quantity":"..."}],"papers_text":"","conditions":"...","result":"...",
//  "legal_docs":[{"name":"...","number":"..."}],"legal_basis_text":"","decision":"...",
//  "related":"","source_url":"","status":"in_force","effective_from":"2025-07-01",
//  "effective_until":null,"replaced_by":""}
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "domain/procedure.h"

namespace motcua::domain {

nlohmann::json ToJson(const Procedure& p);
std::string ToJsonString(const Procedure& p);
// Validates types and required keys (code, name); unknown keys are ignored.
Result<Procedure> ProcedureFromJson(const nlohmann::json& j);
Result<Procedure> ProcedureFromJsonString(std::string_view s);

}  // namespace motcua::domain
