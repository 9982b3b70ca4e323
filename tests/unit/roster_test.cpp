#include "domain/roster.h"

#include <doctest/doctest.h>

#include <vector>

using motcua::Code;
using namespace motcua::domain;  // NOLINT: test file

namespace {
using R = OfficerRole;

Officer Person(const char* id, const char* name, R role) {
  Officer o;
  o.id = id;
  o.full_name = name;
  o.role = role;
  return o;
}

const Officer kLeader = Person("1", "Lò Văn Minh", R::kCommuneLeader);
const Officer kCentreHead = Person("2", "Cầm Thị Hoa", R::kCentreLeader);
const Officer kClerk = Person("3", "Quàng Văn Tâm", R::kCentreCivilServant);
}  // namespace

TEST_CASE("Each role once, at most three officers: every case") {
  struct Case {
    std::vector<Officer> active;
    R role;
    bool ok;
  };
  const Case cases[] = {
      {{}, R::kCommuneLeader, true},
      {{}, R::kCentreLeader, true},
      {{}, R::kCentreCivilServant, true},
      {{kLeader}, R::kCommuneLeader, false},
      {{kLeader}, R::kCentreLeader, true},
      {{kLeader}, R::kCentreCivilServant, true},
      {{kCentreHead}, R::kCentreLeader, false},
      {{kClerk}, R::kCentreCivilServant, false},
      {{kLeader, kCentreHead}, R::kCentreCivilServant, true},
      {{kLeader, kCentreHead}, R::kCommuneLeader, false},
      {{kLeader, kClerk}, R::kCentreLeader, true},
      {{kLeader, kCentreHead, kClerk}, R::kCommuneLeader, false},
      {{kLeader, kCentreHead, kClerk}, R::kCentreLeader, false},
      {{kLeader, kCentreHead, kClerk}, R::kCentreCivilServant, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.active.size());
    CAPTURE(OfficerRoleKey(c.role));
    const auto st = CheckCanAdd(c.active, c.role);
    CHECK(st.ok() == c.ok);
    if (!st.ok()) CHECK(st.code() == Code::kInvalidArgument);
  }
}

TEST_CASE("Refusals explain themselves in Vietnamese") {
  CHECK(CheckCanAdd({kLeader, kCentreHead, kClerk}, R::kCentreCivilServant).message() ==
        "Mỗi xã có tối đa 3 cán bộ đầu mối kiểm soát thủ tục hành chính; danh sách đã có 3 "
        "người. Hãy cho thôi một người trước khi thêm người mới.");
  CHECK(CheckCanAdd({kLeader}, R::kCommuneLeader).message() ==
        "Vai trò «Lãnh đạo Ủy ban nhân dân xã» đã có cán bộ đầu mối (Lò Văn Minh). Mỗi vai trò "
        "chỉ có một người; hãy cho thôi người đang giữ vai trò này trước khi thêm người mới.");
  Officer unnamed = kClerk;
  unnamed.full_name.clear();
  CHECK(CheckCanAdd({unnamed}, R::kCentreCivilServant).message().find("đã có cán bộ đầu mối. ") !=
        std::string::npos);
}

TEST_CASE("Whole lists, vacancies and keys") {
  CHECK(CheckRoster({}).ok());
  CHECK(CheckRoster({kLeader, kCentreHead, kClerk}).ok());
  CHECK_FALSE(CheckRoster({kLeader, kClerk, kLeader}).ok());
  CHECK_FALSE(CheckRoster({kLeader, kCentreHead, kClerk, kClerk}).ok());

  CHECK(VacantRoles({}) == AllOfficerRoles());
  CHECK(VacantRoles({kCentreHead}) == std::vector<R>{R::kCommuneLeader, R::kCentreCivilServant});
  CHECK(VacantRoles({kLeader, kCentreHead, kClerk}).empty());

  CHECK(AllOfficerRoles().size() == kMaxFocalOfficers);
  for (R r : AllOfficerRoles()) {
    CHECK(ParseOfficerRoleKey(OfficerRoleKey(r)) == r);
    CHECK(std::string(OfficerRoleVietnamese(r)).size() > 0);
  }
  CHECK_FALSE(ParseOfficerRoleKey("leader").has_value());
}
