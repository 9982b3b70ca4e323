#include "domain/roster.h"

namespace motcua::domain {

namespace {

struct RoleName {
  OfficerRole role;
  const char* key;
  const char* vi;
};
constexpr RoleName kRoles[] = {
    {OfficerRole::kCommuneLeader, "commune_leader", "Lãnh đạo Ủy ban nhân dân xã"},
    {OfficerRole::kCentreLeader, "centre_leader", "Lãnh đạo Trung tâm Phục vụ hành chính công xã"},
    {OfficerRole::kCentreCivilServant, "centre_civil_servant",
     "Công chức của Trung tâm Phục vụ hành chính công xã"},
};

const Officer* Holder(const std::vector<Officer>& active, OfficerRole role) {
  for (const Officer& o : active) {
    if (o.role == role) return &o;
  }
  return nullptr;
}

Status RoleTaken(OfficerRole role, const Officer& holder) {
  std::string who = holder.full_name.empty() ? "" : " (" + holder.full_name + ")";
  return InvalidArgument(std::string("Vai trò «") + OfficerRoleVietnamese(role) +
                         "» đã có cán bộ đầu mối" + who +
                         ". Mỗi vai trò chỉ có một người; hãy cho thôi người đang giữ vai trò này "
                         "trước khi thêm người mới.");
}

}  // namespace

const char* OfficerRoleKey(OfficerRole r) {
  for (const auto& e : kRoles) {
    if (e.role == r) return e.key;
  }
  return "";
}

const char* OfficerRoleVietnamese(OfficerRole r) {
  for (const auto& e : kRoles) {
    if (e.role == r) return e.vi;
  }
  return "";
}

std::optional<OfficerRole> ParseOfficerRoleKey(std::string_view key) {
  for (const auto& e : kRoles) {
    if (key == e.key) return e.role;
  }
  return std::nullopt;
}

std::vector<OfficerRole> AllOfficerRoles() {
  std::vector<OfficerRole> out;
  for (const auto& e : kRoles) out.push_back(e.role);
  return out;
}

Status CheckCanAdd(const std::vector<Officer>& active, OfficerRole role) {
  // The cap is checked first: with three distinct roles it is implied by the
  // one-per-role rule, but a list that is already wrong must not grow.
  if (static_cast<int>(active.size()) >= kMaxFocalOfficers) {
    return InvalidArgument(
        "Mỗi xã có tối đa 3 cán bộ đầu mối kiểm soát thủ tục hành chính; danh sách đã có " +
        std::to_string(active.size()) + " người. Hãy cho thôi một người trước khi thêm người mới.");
  }
  if (const Officer* holder = Holder(active, role)) return RoleTaken(role, *holder);
  return Status::Ok();
}

Status CheckRoster(const std::vector<Officer>& active) {
  std::vector<Officer> so_far;
  for (const Officer& o : active) {
    RETURN_IF_ERROR(CheckCanAdd(so_far, o.role));
    so_far.push_back(o);
  }
  return Status::Ok();
}

std::vector<OfficerRole> VacantRoles(const std::vector<Officer>& active) {
  std::vector<OfficerRole> out;
  for (const auto& e : kRoles) {
    if (!Holder(active, e.role)) out.push_back(e.role);
  }
  return out;
}

}  // namespace motcua::domain
