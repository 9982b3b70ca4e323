#include "catalog/catalog.h"

#include <doctest/doctest.h>

#include "app/demo.h"
#include "store/migrations.h"
#include "support/procedures.h"
#include "support/temp_dir.h"
#include "text/fold.h"

using motcua::Date;
using motcua::FakeClock;
using motcua::catalog::Catalog;
using motcua::domain::PostingStatus;
using motcua::domain::Procedure;
using motcua::testing::MakeProcedure;

namespace {

struct CatalogFixture {
  motcua::testing::TempDir dir;
  FakeClock clock;
  std::unique_ptr<Catalog> catalog;
  CatalogFixture() {
    clock.SetDate(Date{2026, 11, 28});
    auto c = Catalog::Open(dir.File("c.db"), clock, {});
    REQUIRE(c.ok());
    catalog = std::move(c).value();
  }
  std::vector<std::string> Codes(const std::string& q) {
    auto r = catalog->Search(q, clock.Today(), 0, 50);
    REQUIRE(r.ok());
    std::vector<std::string> out;
    for (const auto* e : r->items) out.push_back(e->s.code);
    return out;
  }
};

}  // namespace

TEST_CASE("Only procedures in force today are public") {
  CatalogFixture f;
  auto demo = motcua::app::DemoProcedures();
  REQUIRE(demo.ok());
  REQUIRE(f.catalog->Import(*demo).ok());
  const Date today = f.clock.Today();
  int amended = 0, replaced = 0, abolished = 0, future = 0;
  for (const auto& p : *demo) {
    auto s = f.catalog->Summary(p.code);
    REQUIRE(s.has_value());
    const bool pub = f.catalog->IsPublic(*s, today);
    if (p.status != PostingStatus::kInForce) CHECK_FALSE(pub);
    amended += p.status == PostingStatus::kAmended;
    replaced += p.status == PostingStatus::kReplaced;
    abolished += p.status == PostingStatus::kAbolished;
    if (p.status == PostingStatus::kInForce && p.effective_from && today < *p.effective_from) {
      ++future;
      CHECK_FALSE(pub);
      CHECK(f.catalog->IsPublic(*s, *p.effective_from));  // shown from its first day
    }
  }
  CHECK(amended >= 1);
  CHECK(replaced >= 1);
  CHECK(abolished >= 1);
  CHECK(future >= 1);
  CHECK(demo->size() >= 30);
  // Every field count adds up to the public count.
  int sum = 0;
  for (const auto& fc : f.catalog->Fields(today)) sum += fc.count;
  CHECK(sum == f.catalog->PublicCount(today));
  // Search never returns what is not public.
  for (const auto& p : *demo) {
    auto r = f.catalog->Search(p.name, today, 0, 100);
    REQUIRE(r.ok());
    for (const auto* e : r->items) CHECK(f.catalog->IsPublic(e->s, today));
  }
}

TEST_CASE("Effective dates bound the window, inclusive") {
  Procedure p = MakeProcedure("1.000001", "Thủ tục thử");
  p.effective_from = Date{2025, 7, 1};
  p.effective_until = Date{2026, 6, 30};
  CHECK_FALSE(p.InForceOn(Date{2025, 6, 30}));
  CHECK(p.InForceOn(Date{2025, 7, 1}));
  CHECK(p.InForceOn(Date{2026, 6, 30}));
  CHECK_FALSE(p.InForceOn(Date{2026, 7, 1}));
  p.status = PostingStatus::kAmended;
  CHECK_FALSE(p.InForceOn(Date{2025, 12, 1}));
}

TEST_CASE("Search ignores diacritics, case, NFD and tone placement") {
  CatalogFixture f;
  REQUIRE(f.catalog
              ->Import({MakeProcedure("1.001193", "Thủ tục đăng ký khai sinh"),
                        MakeProcedure("1.004884", "Thủ tục đăng ký lại khai sinh"),
                        MakeProcedure("1.000894", "Thủ tục đăng ký kết hôn"),
                        MakeProcedure("2.000001", "Hoà giải tranh chấp đất đai", "Hòa giải"),
                        MakeProcedure("2.000002", "Công nhận hòa giải viên", "Hòa giải")})
              .ok());
  const auto expect = std::vector<std::string>{"1.001193", "1.004884"};
  CHECK(f.Codes("dang ky khai sinh") == expect);
  CHECK(f.Codes("ĐĂNG KÝ KHAI SINH") == expect);
  CHECK(f.Codes("Đăng ký khai sinh") == expect);
  CHECK(f.Codes("\xC4\x90\xC4\x83ng ky\xCC\x81 khai sinh") == expect);  // NFD "ký"
  CHECK(f.Codes("hoà giải").size() == 2);
  CHECK(f.Codes("hòa giải") == f.Codes("hoà giải"));
  CHECK(f.Codes("hoa giai") == f.Codes("hoà giải"));
  CHECK(f.Codes("ket hon") == std::vector<std::string>{"1.000894"});
  CHECK(f.Codes("khai sinh hôn").empty());
  CHECK(f.Codes("").empty());
  CHECK(f.Codes("!!!").empty());
}

TEST_CASE("Search ranks exact diacritics and phrases first, then body matches") {
  CatalogFixture f;
  Procedure body_only = MakeProcedure("3.000003", "Cấp bản sao trích lục");
  body_only.steps = {"Bước 1: Nộp tờ khai đăng ký khai sinh bản sao."};
  REQUIRE(f.catalog
              ->Import({MakeProcedure("3.000001", "Cấp giấy phép cá nhân"),
                        MakeProcedure("3.000002", "Cấp giấy phép ca nhạc"), body_only,
                        MakeProcedure("3.000004", "Khai sinh và đăng ký cho trẻ")})
              .ok());
  // Diacritics typed exactly rank that name first; without marks both match.
  CHECK(f.Codes("giấy phép cá").front() == "3.000001");
  CHECK(f.Codes("giấy phép ca").front() == "3.000002");
  CHECK(f.Codes("giay phep ca").size() == 2);
  // A name match (words out of order) comes before a body-only match.
  CHECK(f.Codes("dang ky khai sinh") == std::vector<std::string>{"3.000004", "3.000003"});
}

TEST_CASE("A procedure code opens that procedure directly") {
  CatalogFixture f;
  REQUIRE(f.catalog->Import({MakeProcedure("1.001193", "Thủ tục đăng ký khai sinh")}).ok());
  auto r = f.catalog->Search("1.001193", f.clock.Today(), 0, 10);
  REQUIRE(r.ok());
  CHECK(r->direct_code == "1.001193");
  r = f.catalog->Search(" 1.001193 ", f.clock.Today(), 0, 10);
  CHECK(r->direct_code == "1.001193");
  r = f.catalog->Search("9.999999", f.clock.Today(), 0, 10);
  CHECK(r->direct_code.empty());
}

TEST_CASE("Re-importing the same procedures changes nothing") {
  CatalogFixture f;
  auto demo = motcua::app::DemoProcedures();
  REQUIRE(demo.ok());
  auto first = f.catalog->Import(*demo);
  REQUIRE(first.ok());
  CHECK(first->added == static_cast<int>(demo->size()));
  const int64_t v = f.catalog->version();
  auto again = f.catalog->Import(*demo);
  REQUIRE(again.ok());
  CHECK(again->unchanged == static_cast<int>(demo->size()));
  CHECK(again->added + again->changed == 0);
  CHECK(f.catalog->version() == v);
  // A changed record is replaced and bumps the version.
  auto changed = (*demo)[0];
  changed.name += " (sửa)";
  auto third = f.catalog->Import({changed});
  REQUIRE(third.ok());
  CHECK(third->changed == 1);
  CHECK(f.catalog->version() == v + 1);
  auto got = f.catalog->Get(changed.code);
  REQUIRE(got.ok());
  CHECK((*got)->name == changed.name);
}

TEST_CASE("Search paging and totals are consistent") {
  CatalogFixture f;
  std::vector<Procedure> many;
  for (int i = 0; i < 45; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "1.%06d", i);
    many.push_back(MakeProcedure(code, "Chứng thực bản sao số " + std::to_string(i), "Chứng thực"));
  }
  REQUIRE(f.catalog->Import(many).ok());
  auto p1 = f.catalog->Search("chung thuc", f.clock.Today(), 0, 20);
  auto p3 = f.catalog->Search("chung thuc", f.clock.Today(), 40, 20);
  REQUIRE(p1.ok());
  REQUIRE(p3.ok());
  CHECK(p1->total == 45);
  CHECK(p1->items.size() == 20);
  CHECK(p3->items.size() == 5);
}

TEST_CASE("Migrations upgrade in place and refuse a newer schema") {
  motcua::testing::TempDir dir;
  auto db = motcua::store::Db::Open(dir.File("m.db"));
  REQUIRE(db.ok());
  REQUIRE(motcua::store::MigrateTo(**db, 1).ok());
  REQUIRE((*db)->Exec("INSERT INTO meta(key, value) VALUES ('probe', 'kept')").ok());
  REQUIRE(motcua::store::Migrate(**db).ok());
  auto st = (*db)->Prepare("SELECT value FROM meta WHERE key='probe'");
  REQUIRE(st.ok());
  REQUIRE(st->Step().value());
  CHECK(st->Text(0) == "kept");
  auto v = motcua::store::SchemaVersion(**db);
  REQUIRE(v.ok());
  CHECK(*v == motcua::store::AllMigrations().back().version);
  REQUIRE((*db)->Exec("INSERT INTO schema_migrations VALUES (999999, 'future', 'x')").ok());
  CHECK_FALSE(motcua::store::Migrate(**db).ok());
}
