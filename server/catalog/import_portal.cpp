// The national portal's JSONL export -> procedures. One JSON object a line;
// a bad line becomes an ImportIssue and the rest go on.
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "catalog/import.h"
#include "catalog/import_lines.h"
#include "catalog/import_text.h"
#include "core/status.h"
#include "text/fold.h"

namespace motcua::catalog {
namespace {
using nlohmann::json;

// Reads string field `key` as NFC text; absent or null is "", and the
// portal's "Không có thông tin" (no information) is "" too.
Status GetText(const json& j, const char* key, std::string* out) {
  out->clear();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return InvalidArgument(std::string("\"") + key + "\" is not a string");
  std::optional<std::string> nfc = text::ToNfc(it->get_ref<const std::string&>());
  if (!nfc) return InvalidArgument(std::string("\"") + key + "\" is not valid UTF-8");
  std::string_view trimmed = internal::Trim(*nfc);
  if (!internal::IsNoInfo(trimmed)) *out = std::string(trimmed);
  return Status::Ok();
}

// Tables the portal flattened: keep the structure when it could be recovered,
// the original text otherwise (never both, never neither).
void MapTables(const std::string& channels, const std::string& papers, const std::string& legal,
               domain::Procedure* p) {
  if (auto c = portal::ParseChannels(channels)) {
    p->channels = std::move(*c);
  } else {
    p->channels_text = channels;
  }
  if (auto d = portal::ParsePapers(papers)) {
    p->papers = std::move(*d);
  } else {
    p->papers_text = papers;
  }
  if (auto l = portal::ParseLegalDocs(legal)) {
    p->legal_docs = std::move(*l);
  } else {
    p->legal_basis_text = legal;
  }
}

Result<domain::Procedure> ProcedureFromPortal(const json& j) {
  if (!j.is_object()) return InvalidArgument("line is not a JSON object");
  domain::Procedure p;
  std::string levels, steps, channels, papers, legal, result;
  const std::pair<const char*, std::string*> fields[] = {
      {"ma_thu_tuc", &p.code},
      {"ten_thu_tuc", &p.name},
      {"so_quyet_dinh", &p.decision},
      {"cap_thuc_hien", &levels},
      {"loai_thu_tuc", &p.kind},
      {"linh_vuc", &p.field},
      {"doi_tuong_thuc_hien", &p.applicants},
      {"co_quan_thuc_hien", &p.agency},
      {"co_quan_co_tham_quyen", &p.competent_agency},
      {"dia_chi_tiep_nhan", &p.receiving_address},
      {"co_quan_duoc_uy_quyen", &p.delegated_agency},
      {"co_quan_phoi_hop", &p.coordinating_agency},
      {"bo_nganh", &p.ministry},
      {"thu_tuc_lien_quan", &p.related},
      {"detail_url", &p.source_url},
      {"yeu_cau_dieu_kien", &p.conditions},
      {"trinh_tu_thuc_hien", &steps},
      {"cach_thuc_thuc_hien", &channels},
      {"thanh_phan_ho_so", &papers},
      {"can_cu_phap_ly", &legal},
      {"ket_qua_xu_ly", &result},
  };
  for (const auto& [key, out] : fields) RETURN_IF_ERROR(GetText(j, key, out));
  if (p.code.empty()) return InvalidArgument("no procedure code (ma_thu_tuc)");
  if (!domain::LooksLikeProcedureCode(p.code))
    return InvalidArgument("procedure code does not look like d.dddddd: " + p.code);
  if (p.name.empty()) return InvalidArgument("no procedure name (ten_thu_tuc)");

  p.levels = domain::ParseLevels(levels);
  p.steps = portal::SplitSteps(steps);
  MapTables(channels, papers, legal, &p);
  p.result = portal::CleanResult(result);
  // The portal lists the procedures currently in force and gives no dates.
  p.status = domain::PostingStatus::kInForce;
  return p;
}

// The code of a line that failed later checks, for the issue record.
std::string CodeOf(const json& j) {
  if (!j.is_object()) return "";
  auto it = j.find("ma_thu_tuc");
  if (it == j.end() || !it->is_string()) return "";
  const std::string& s = it->get_ref<const std::string&>();
  return text::IsValidUtf8(s) ? s.substr(0, 32) : "";
}

}  // namespace

ParsedBatch ParsePortalJsonl(std::string_view content) {
  ParsedBatch batch;
  std::unordered_map<std::string, int> first_line;  // code -> line, to refuse duplicates
  internal::ForEachLine(content, &batch, [&](int line, std::string_view raw) {
    json j = json::parse(raw.begin(), raw.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      batch.issues.push_back({line, "", "not valid JSON"});
      return;
    }
    Result<domain::Procedure> p = ProcedureFromPortal(j);
    if (!p.ok()) {
      batch.issues.push_back({line, CodeOf(j), p.status().message()});
      return;
    }
    if (internal::CheckUnique(p->code, line, &first_line, &batch))
      batch.procedures.push_back(std::move(p).value());
  });
  return batch;
}

}  // namespace motcua::catalog
