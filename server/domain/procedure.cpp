#include "domain/procedure.h"

#include "text/fold.h"

namespace motcua::domain {

uint32_t ParseLevels(std::string_view text) {
  const std::string f = text::FoldForSearch(text);
  uint32_t out = 0;
  if (f.find("cap bo") != std::string::npos || f.find("trung uong") != std::string::npos)
    out |= kLevelCentral;
  if (f.find("cap tinh") != std::string::npos) out |= kLevelProvince;
  if (f.find("cap xa") != std::string::npos) out |= kLevelCommune;
  if (f.find("cap huyen") != std::string::npos) out |= kLevelLegacyDistrict;
  if (f.find("co quan khac") != std::string::npos) out |= kLevelOther;
  return out;
}

std::vector<std::string> LevelNames(uint32_t levels) {
  std::vector<std::string> out;
  if (levels & kLevelCentral) out.emplace_back("Cấp bộ");
  if (levels & kLevelProvince) out.emplace_back("Cấp tỉnh");
  if (levels & kLevelLegacyDistrict) out.emplace_back("Cấp huyện (cũ)");
  if (levels & kLevelCommune) out.emplace_back("Cấp xã");
  if (levels & kLevelOther) out.emplace_back("Cơ quan khác");
  return out;
}

uint32_t ParseLevelKeys(std::string_view s) {
  uint32_t out = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    std::string_view k = s.substr(i, j - i);
    while (!k.empty() && k.front() == ' ') k.remove_prefix(1);
    while (!k.empty() && k.back() == ' ') k.remove_suffix(1);
    if (k == "all") out |= 0x1f;
    if (k == "bo") out |= kLevelCentral;
    if (k == "tinh") out |= kLevelProvince;
    if (k == "xa") out |= kLevelCommune;
    if (k == "khac") out |= kLevelOther;
    if (k == "huyen") out |= kLevelLegacyDistrict;
    i = j + 1;
  }
  return out;
}

const char* StatusKey(PostingStatus s) {
  switch (s) {
    case PostingStatus::kInForce: return "in_force";
    case PostingStatus::kAmended: return "amended";
    case PostingStatus::kReplaced: return "replaced";
    case PostingStatus::kAbolished: return "abolished";
  }
  return "in_force";
}

const char* StatusVietnamese(PostingStatus s) {
  switch (s) {
    case PostingStatus::kInForce: return "Đang có hiệu lực";
    case PostingStatus::kAmended: return "Đã được sửa đổi, bổ sung";
    case PostingStatus::kReplaced: return "Đã được thay thế";
    case PostingStatus::kAbolished: return "Đã bị bãi bỏ";
  }
  return "";
}

std::optional<PostingStatus> ParseStatusKey(std::string_view key) {
  if (key == "in_force") return PostingStatus::kInForce;
  if (key == "amended") return PostingStatus::kAmended;
  if (key == "replaced") return PostingStatus::kReplaced;
  if (key == "abolished") return PostingStatus::kAbolished;
  return std::nullopt;
}

std::optional<PostingStatus> ParseStatusText(std::string_view text) {
  if (auto k = ParseStatusKey(text)) return k;
  const std::string f = text::FoldForSearch(text);
  if (f.empty()) return std::nullopt;
  if (f.find("bai bo") != std::string::npos || f.find("het hieu luc") != std::string::npos)
    return PostingStatus::kAbolished;
  if (f.find("thay the") != std::string::npos) return PostingStatus::kReplaced;
  if (f.find("sua doi") != std::string::npos || f.find("bo sung") != std::string::npos)
    return PostingStatus::kAmended;
  if (f.find("hieu luc") != std::string::npos || f.find("moi ban hanh") != std::string::npos ||
      f == "moi" || f.find("dang ap dung") != std::string::npos)
    return PostingStatus::kInForce;
  return std::nullopt;
}

bool InForceOn(PostingStatus status, const std::optional<Date>& from,
               const std::optional<Date>& until, const Date& day) {
  if (status != PostingStatus::kInForce) return false;
  if (from && day < *from) return false;
  if (until && day > *until) return false;
  return true;
}

bool Procedure::InForceOn(const Date& day) const {
  return domain::InForceOn(status, effective_from, effective_until, day);
}

bool operator==(const Procedure& a, const Procedure& b) {
  return a.code == b.code && a.name == b.name && a.field == b.field && a.levels == b.levels &&
         a.kind == b.kind && a.applicants == b.applicants && a.agency == b.agency &&
         a.competent_agency == b.competent_agency && a.receiving_address == b.receiving_address &&
         a.delegated_agency == b.delegated_agency &&
         a.coordinating_agency == b.coordinating_agency && a.ministry == b.ministry &&
         a.steps == b.steps && a.channels == b.channels && a.channels_text == b.channels_text &&
         a.papers == b.papers && a.papers_text == b.papers_text && a.conditions == b.conditions &&
         a.result == b.result && a.legal_docs == b.legal_docs &&
         a.legal_basis_text == b.legal_basis_text && a.decision == b.decision &&
         a.related == b.related && a.source_url == b.source_url && a.status == b.status &&
         a.effective_from == b.effective_from && a.effective_until == b.effective_until &&
         a.replaced_by == b.replaced_by;
}

bool LooksLikeProcedureCode(std::string_view s) {
  if (s.size() != 8 || s[1] != '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 1) continue;
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace motcua::domain
