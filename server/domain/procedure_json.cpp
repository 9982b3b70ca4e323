#include "domain/procedure_json.h"

namespace motcua::domain {

namespace {
using nlohmann::json;

json LevelKeys(uint32_t levels) {
  json a = json::array();
  if (levels & kLevelCentral) a.push_back("bo");
  if (levels & kLevelProvince) a.push_back("tinh");
  if (levels & kLevelLegacyDistrict) a.push_back("huyen");
  if (levels & kLevelCommune) a.push_back("xa");
  if (levels & kLevelOther) a.push_back("khac");
  return a;
}

Status GetString(const json& j, const char* key, std::string& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return InvalidArgument(std::string("\"") + key + "\" must be a string");
  out = it->get<std::string>();
  return Status::Ok();
}

Status GetDate(const json& j, const char* key, std::optional<Date>& out) {
  std::string s;
  RETURN_IF_ERROR(GetString(j, key, s));
  if (s.empty()) return Status::Ok();
  out = Date::Parse(s);
  if (!out) return InvalidArgument(std::string("\"") + key + "\" is not a date: " + s);
  return Status::Ok();
}

template <typename T, typename F>
Status GetArray(const json& j, const char* key, std::vector<T>& out, F each) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return InvalidArgument(std::string("\"") + key + "\" must be an array");
  for (const json& e : *it) {
    T v;
    RETURN_IF_ERROR(each(e, v));
    out.push_back(std::move(v));
  }
  return Status::Ok();
}
}  // namespace

json ToJson(const Procedure& p) {
  json j;
  j["code"] = p.code;
  j["name"] = p.name;
  j["field"] = p.field;
  j["levels"] = LevelKeys(p.levels);
  j["kind"] = p.kind;
  j["applicants"] = p.applicants;
  j["agency"] = p.agency;
  j["competent_agency"] = p.competent_agency;
  j["receiving_address"] = p.receiving_address;
  j["delegated_agency"] = p.delegated_agency;
  j["coordinating_agency"] = p.coordinating_agency;
  j["ministry"] = p.ministry;
  j["steps"] = p.steps;
  json ch = json::array();
  for (const Channel& c : p.channels)
    ch.push_back({{"kind", c.kind}, {"time_limit", c.time_limit}, {"fee", c.fee},
                  {"description", c.description}});
  j["channels"] = ch;
  j["channels_text"] = p.channels_text;
  json pa = json::array();
  for (const Paper& x : p.papers)
    pa.push_back({{"name", x.name}, {"form", x.form}, {"quantity", x.quantity}});
  j["papers"] = pa;
  j["papers_text"] = p.papers_text;
  j["conditions"] = p.conditions;
  j["result"] = p.result;
  json ld = json::array();
  for (const LegalDoc& d : p.legal_docs) ld.push_back({{"name", d.name}, {"number", d.number}});
  j["legal_docs"] = ld;
  j["legal_basis_text"] = p.legal_basis_text;
  j["decision"] = p.decision;
  j["related"] = p.related;
  j["source_url"] = p.source_url;
  j["status"] = StatusKey(p.status);
  j["effective_from"] = p.effective_from ? json(p.effective_from->ToIso()) : json(nullptr);
  j["effective_until"] = p.effective_until ? json(p.effective_until->ToIso()) : json(nullptr);
  j["replaced_by"] = p.replaced_by;
  return j;
}

std::string ToJsonString(const Procedure& p) { return ToJson(p).dump(); }

Result<Procedure> ProcedureFromJson(const json& j) {
  if (!j.is_object()) return InvalidArgument("a procedure must be a JSON object");
  Procedure p;
  RETURN_IF_ERROR(GetString(j, "code", p.code));
  RETURN_IF_ERROR(GetString(j, "name", p.name));
  if (p.code.empty()) return InvalidArgument("\"code\" is required");
  if (p.name.empty()) return InvalidArgument("\"name\" is required");
  RETURN_IF_ERROR(GetString(j, "field", p.field));
  auto lv = j.find("levels");
  if (lv != j.end() && !lv->is_null()) {
    if (lv->is_string()) {
      p.levels = ParseLevels(lv->get<std::string>());
    } else if (lv->is_array()) {
      for (const json& k : *lv) {
        if (!k.is_string()) return InvalidArgument("\"levels\" must hold strings");
        p.levels |= ParseLevelKeys(k.get<std::string>());
      }
    } else {
      return InvalidArgument("\"levels\" must be an array or a string");
    }
  }
  RETURN_IF_ERROR(GetString(j, "kind", p.kind));
  RETURN_IF_ERROR(GetString(j, "applicants", p.applicants));
  RETURN_IF_ERROR(GetString(j, "agency", p.agency));
  RETURN_IF_ERROR(GetString(j, "competent_agency", p.competent_agency));
  RETURN_IF_ERROR(GetString(j, "receiving_address", p.receiving_address));
  RETURN_IF_ERROR(GetString(j, "delegated_agency", p.delegated_agency));
  RETURN_IF_ERROR(GetString(j, "coordinating_agency", p.coordinating_agency));
  RETURN_IF_ERROR(GetString(j, "ministry", p.ministry));
  RETURN_IF_ERROR(GetArray(j, "steps", p.steps, [](const json& e, std::string& s) {
    if (!e.is_string()) return InvalidArgument("\"steps\" must hold strings");
    s = e.get<std::string>();
    return Status::Ok();
  }));
  RETURN_IF_ERROR(GetArray(j, "channels", p.channels, [](const json& e, Channel& c) {
    if (!e.is_object()) return InvalidArgument("\"channels\" must hold objects");
    RETURN_IF_ERROR(GetString(e, "kind", c.kind));
    RETURN_IF_ERROR(GetString(e, "time_limit", c.time_limit));
    RETURN_IF_ERROR(GetString(e, "fee", c.fee));
    return GetString(e, "description", c.description);
  }));
  RETURN_IF_ERROR(GetString(j, "channels_text", p.channels_text));
  RETURN_IF_ERROR(GetArray(j, "papers", p.papers, [](const json& e, Paper& x) {
    if (!e.is_object()) return InvalidArgument("\"papers\" must hold objects");
    RETURN_IF_ERROR(GetString(e, "name", x.name));
    RETURN_IF_ERROR(GetString(e, "form", x.form));
    return GetString(e, "quantity", x.quantity);
  }));
  RETURN_IF_ERROR(GetString(j, "papers_text", p.papers_text));
  RETURN_IF_ERROR(GetString(j, "conditions", p.conditions));
  RETURN_IF_ERROR(GetString(j, "result", p.result));
  RETURN_IF_ERROR(GetArray(j, "legal_docs", p.legal_docs, [](const json& e, LegalDoc& d) {
    if (!e.is_object()) return InvalidArgument("\"legal_docs\" must hold objects");
    RETURN_IF_ERROR(GetString(e, "name", d.name));
    return GetString(e, "number", d.number);
  }));
  RETURN_IF_ERROR(GetString(j, "legal_basis_text", p.legal_basis_text));
  RETURN_IF_ERROR(GetString(j, "decision", p.decision));
  RETURN_IF_ERROR(GetString(j, "related", p.related));
  RETURN_IF_ERROR(GetString(j, "source_url", p.source_url));
  std::string status;
  RETURN_IF_ERROR(GetString(j, "status", status));
  if (!status.empty()) {
    auto s = ParseStatusText(status);
    if (!s) return InvalidArgument("unknown \"status\": " + status);
    p.status = *s;
  }
  RETURN_IF_ERROR(GetDate(j, "effective_from", p.effective_from));
  RETURN_IF_ERROR(GetDate(j, "effective_until", p.effective_until));
  RETURN_IF_ERROR(GetString(j, "replaced_by", p.replaced_by));
  return p;
}

Result<Procedure> ProcedureFromJsonString(std::string_view s) {
  json j = json::parse(s.begin(), s.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("not valid JSON");
  return ProcedureFromJson(j);
}

}  // namespace motcua::domain
