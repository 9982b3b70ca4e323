// The roster (seed decision Điều 2, 7), the holiday table and the posting
// check, through the back office service.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "office_fixture.h"
#include "store/catalog_repo.h"
#include "store/feedback_repo.h"

using motcua::testing::OfficeFixture;
using namespace motcua;  // NOLINT: test file
using domain::OfficerRole;

namespace {

int OutboxCount(OfficeFixture& f, const std::string& kind) {
  auto rows = store::OutboxEntries(*f.Db());
  REQUIRE(rows.ok());
  int n = 0;
  for (const auto& r : *rows) n += r.kind == kind;
  return n;
}

domain::Procedure Proc(const std::string& code, domain::PostingStatus status) {
  domain::Procedure p;
  p.code = code;
  p.name = "Thủ tục " + code;
  p.field = "Hộ tịch";
  p.levels = domain::kLevelCommune;
  p.status = status;
  return p;
}

}  // namespace

TEST_CASE("roster: at most three officers, one per role, each change queued for the province") {
  OfficeFixture f;
  const int64_t a = f.AddOfficer("chutich", OfficerRole::kCommuneLeader);
  f.AddOfficer("giamdoc", OfficerRole::kCentreLeader);
  office::NewOfficer second{"phochutich", "Phó Chủ tịch", OfficerRole::kCommuneLeader, "",
                            "mat-khau-dai-123"};
  auto refused = f.office->AddOfficer(second, f.cli);
  CHECK(refused.status().code() == Code::kInvalidArgument);
  CHECK(refused.status().message().find("đã có cán bộ đầu mối") != std::string::npos);
  f.AddOfficer("congchuc", OfficerRole::kCentreCivilServant);
  office::NewOfficer fourth{"thutu", "Người thứ tư", OfficerRole::kCentreCivilServant, "",
                            "mat-khau-dai-123"};
  auto full = f.office->AddOfficer(fourth, f.cli);
  CHECK(full.status().message().find("tối đa 3") != std::string::npos);
  CHECK(f.office->Roster()->size() == 3);

  // Replacing someone: remove first, then add; both dated and authored.
  office::Actor giamdoc{2, "giamdoc", "Cán bộ giamdoc", "10.0.0.5"};
  REQUIRE(f.office->RemoveOfficer(a, giamdoc).ok());
  auto again = f.office->AddOfficer(second, giamdoc);
  REQUIRE(again.ok());
  auto history = f.office->RosterHistory();
  REQUIRE(history.ok());
  CHECK(history->size() == 4);
  bool seen_removed = false;
  for (const auto& o : *history) {
    if (o.id == a) {
      seen_removed = true;
      CHECK_FALSE(o.active);
      CHECK(o.removed_on == std::optional<std::string>("2026-03-02"));
      CHECK(o.removed_by == std::optional<std::string>("officer:giamdoc"));
    }
  }
  CHECK(seen_removed);
  CHECK(OutboxCount(f, "roster.change") == 5);  // 4 adds, 1 removal
  // Nobody removes themself (someone must be able to log in).
  CHECK(f.office->RemoveOfficer(2, giamdoc).code() == Code::kInvalidArgument);
}

TEST_CASE("roster: login names and passwords are checked") {
  OfficeFixture f;
  for (const char* bad : {"ab", "có-dấu", "with space", "a/b", ""}) {
    office::NewOfficer n{bad, "Tên", OfficerRole::kCommuneLeader, "", "mat-khau-dai-123"};
    CAPTURE(bad);
    CHECK(f.office->AddOfficer(n, f.cli).status().code() == Code::kInvalidArgument);
  }
  office::NewOfficer shortpw{"lan", "Lan", OfficerRole::kCommuneLeader, "", "ngan"};
  CHECK(f.office->AddOfficer(shortpw, f.cli).status().message().find("12 ký tự") !=
        std::string::npos);
  // Characters as typed count, not bytes: 11 with diacritics (15 bytes) are too few.
  CHECK(office::CheckPasswordRules("mậtkhẩungắn").code() == Code::kInvalidArgument);
  CHECK(office::CheckPasswordRules("mat-khau-11").code() == Code::kInvalidArgument);
  CHECK(office::CheckPasswordRules("mậtkhẩungắnn").ok());  // 12
  CHECK(office::CheckPasswordRules("mat-khau-12c").ok());
  CHECK(office::CheckPasswordRules(std::string(257, 'a')).code() == Code::kInvalidArgument);
  office::NewOfficer noname{"lan", "  ", OfficerRole::kCommuneLeader, "", "mat-khau-dai-123"};
  CHECK(f.office->AddOfficer(noname, f.cli).status().code() == Code::kInvalidArgument);
  CHECK(office::NormalizeUsername("Nguyen.Van_An-2").value() == "nguyen.van_an-2");
}

TEST_CASE("holiday table: seeded once, edits change the calendar at once") {
  OfficeFixture f;
  auto cal = f.office->Calendar();
  CHECK(cal->HasHolidayDataFor(2026));
  const Date hung_kings_2026{2026, 4, 27};  // nghỉ bù Giỗ Tổ (10/3 âm lịch is a Sunday)
  CHECK_FALSE(cal->IsWorkingDay(hung_kings_2026));
  REQUIRE(f.office->RemoveHoliday(hung_kings_2026, f.cli).ok());
  CHECK(f.office->Calendar()->IsWorkingDay(hung_kings_2026));

  domain::Holiday extra{{2026, 3, 4}, "Nghỉ theo thông báo của tỉnh", domain::HolidayKind::kHoliday,
                        domain::HolidaySource::kDecision, "Thông báo số 1/TB-UBND"};
  REQUIRE(f.office->PutHoliday(extra, f.cli).ok());
  CHECK_FALSE(f.office->Calendar()->IsWorkingDay({2026, 3, 4}));
  // A make-up working day must be a weekend day.
  domain::Holiday bad{{2026, 3, 5}, "Làm bù", domain::HolidayKind::kMakeupWorkday,
                      domain::HolidaySource::kDecision, ""};
  CHECK(f.office->PutHoliday(bad, f.cli).code() == Code::kInvalidArgument);

  // Reopening does not bring back the deleted shipped day.
  auto again = office::Office::Open(f.DbPath(), f.clock, f.rng, OfficeFixture::Fast());
  REQUIRE(again.ok());
  CHECK((*again)->Calendar()->IsWorkingDay(hung_kings_2026));
  CHECK_FALSE((*again)->Calendar()->IsWorkingDay({2026, 3, 4}));
}

TEST_CASE("posting check: only procedures in force are posted, changed ones come down") {
  OfficeFixture f;
  {
    auto db = f.Db();
    store::CatalogRepo repo(*db);
    REQUIRE(repo.Upsert({Proc("1.000001", domain::PostingStatus::kInForce),
                         Proc("1.000002", domain::PostingStatus::kInForce),
                         Proc("1.000003", domain::PostingStatus::kAbolished)},
                        0)
                .ok());
  }
  CHECK(f.office->MarkPosted({"1.000003"}, f.cli).code() == Code::kInvalidArgument);
  CHECK(f.office->MarkPosted({"9.999999"}, f.cli).code() == Code::kInvalidArgument);
  REQUIRE(f.office->MarkPosted({"1.000001", "1.000002"}, f.cli).ok());
  auto marks = f.office->PostingMarks();
  REQUIRE(marks->size() == 2);
  CHECK(marks->at("1.000001").posted_on == "2026-03-02");
  CHECK(marks->at("1.000001").posted_by == "cli:test");
  // A later decision abolishes one: it is on the take-down side of the report.
  {
    auto db = f.Db();
    REQUIRE(store::CatalogRepo(*db).Upsert({Proc("1.000002", domain::PostingStatus::kAbolished)}, 1)
                .ok());
  }
  auto period = domain::MakeReportPeriod(domain::PeriodKind::kQuarter, 2026, 1);
  auto rep = f.office->Report(*period, domain::kLevelCommune);
  REQUIRE(rep.ok());
  CHECK(rep->procedures.posted_not_in_force == 1);
  CHECK(rep->procedures.public_in_force == 1);
  CHECK(rep->procedures.posted == 1);
  CHECK(rep->procedures.not_posted == 0);
  REQUIRE(f.office->MarkTakenDown({"1.000002"}, f.cli).ok());
  CHECK(f.office->MarkTakenDown({"1.000002"}, f.cli).code() == Code::kInvalidArgument);
  CHECK(OutboxCount(f, "posting.check") == 2);
}

TEST_CASE("contact block: checked, stored and queued") {
  OfficeFixture f;
  CHECK(f.office->PutSettings({{"contact.email", "khong-phai-email"}}, f.cli).code() ==
        Code::kInvalidArgument);
  CHECK(f.office->PutSettings({{"other", "x"}}, f.cli).code() == Code::kInvalidArgument);
  REQUIRE(f.office->PutSettings({{"contact.phone", " 0212 3800 111 "},
                                 {"contact.address", "Bản Mới, xã Mẫu"}},
                                f.cli)
              .ok());
  auto s = f.office->Settings();
  CHECK(s->at("contact.phone") == "0212 3800 111");
  CHECK(OutboxCount(f, "contact.change") == 1);
}
