// The commune's focal officers for administrative procedure control (cán bộ
// đầu mối kiểm soát thủ tục hành chính). Seed decision Điều 2: at most three
// per commune — one leader of the commune People's Committee, one leader and
// one civil servant of the commune public service centre (TTPVHCC). The
// commune chairman approves the list and reports every change to the province
// centre (Điều 7); that workflow lives above this module.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace motcua::domain {

enum class OfficerRole {
  kCommuneLeader,       // lãnh đạo UBND xã
  kCentreLeader,        // lãnh đạo Trung tâm Phục vụ hành chính công xã
  kCentreCivilServant,  // công chức của Trung tâm
};
// "commune_leader", "centre_leader", "centre_civil_servant"
const char* OfficerRoleKey(OfficerRole r);
const char* OfficerRoleVietnamese(OfficerRole r);
std::optional<OfficerRole> ParseOfficerRoleKey(std::string_view key);
std::vector<OfficerRole> AllOfficerRoles();

struct Officer {
  std::string id;
  std::string full_name;
  OfficerRole role = OfficerRole::kCentreCivilServant;
  std::string position;  // chức vụ as the decision writes it: "Phó Chủ tịch UBND xã"
};

inline constexpr int kMaxFocalOfficers = 3;

// Whether one more officer in `role` may join `active` (the officers now in
// office). kInvalidArgument with a Vietnamese message for a fourth officer or a
// second holder of a role. To replace someone, remove them from `active` first.
Status CheckCanAdd(const std::vector<Officer>& active, OfficerRole role);

// Checks a whole list (an import, or the stored list after an edit).
Status CheckRoster(const std::vector<Officer>& active);

// Roles nobody holds, in AllOfficerRoles() order: what the "add" form offers
// and what the province centre chases.
std::vector<OfficerRole> VacantRoles(const std::vector<Officer>& active);

}  // namespace motcua::domain
