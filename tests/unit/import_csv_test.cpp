#include <doctest/doctest.h>

#include <string>

#include "catalog/import.h"

namespace {

using motcua::Date;
using motcua::catalog::ParsedBatch;
using motcua::catalog::ParseDecisionCsv;
using motcua::domain::Channel;
using motcua::domain::PostingStatus;
using motcua::domain::Procedure;

const char kHeader[] =
    "Mã TTHC,Tên TTHC,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Phí lệ phí,Căn cứ pháp "
    "lý,Trạng thái,Ngày hiệu lực,Thay thế bởi\n";

TEST_CASE("decision CSV: a well-formed list") {
  const std::string csv =
      std::string(kHeader) +
      "1.001193,Đăng ký khai sinh,Hộ tịch,Cấp xã,Ngay trong ngày,Miễn lệ "
      "phí,Luật Hộ tịch 2014,Mới ban hành,01/07/2025,\n"
      "1.000656,Đăng ký kết hôn,Hộ tịch,\"Cấp tỉnh, Cấp xã\",,,,Còn hiệu "
      "lực,2025-07-01,\n"
      "1.004873,Cấp bản sao trích lục,Hộ tịch,Cấp xã,,,,\"Sửa đổi, bổ "
      "sung\",15/03/2026,\n"
      "1.000894,Đăng ký khai tử,Hộ tịch,Cấp xã,,,,Thay thế,15/03/2026,1.003583\n"
      "1.001022,Xác nhận tình trạng hôn nhân,Hộ tịch,Cấp xã,,,,Bãi bỏ,1/4/2026,\n";
  ParsedBatch b = ParseDecisionCsv(csv);
  CHECK(b.issues.empty());
  CHECK(b.records_seen == 5);
  REQUIRE(b.procedures.size() == 5);

  const Procedure& born = b.procedures[0];
  CHECK(born.code == "1.001193");
  CHECK(born.name == "Đăng ký khai sinh");
  CHECK(born.field == "Hộ tịch");
  CHECK(born.levels == motcua::domain::kLevelCommune);
  CHECK(born.status == PostingStatus::kInForce);
  CHECK(born.effective_from == Date{2025, 7, 1});
  CHECK_FALSE(born.effective_until.has_value());
  CHECK(born.channels == std::vector<Channel>{{"Trực tiếp", "Ngay trong ngày", "Miễn lệ phí", ""}});
  CHECK(born.legal_basis_text == "Luật Hộ tịch 2014");

  CHECK(b.procedures[1].levels == (motcua::domain::kLevelProvince | motcua::domain::kLevelCommune));
  CHECK(b.procedures[1].effective_from == Date{2025, 7, 1});
  CHECK(b.procedures[1].channels.empty());

  // The date of an amendment, replacement or abolition is when the change took
  // effect: the old item was in force until the day before, never after.
  const Procedure& amended = b.procedures[2];
  CHECK(amended.status == PostingStatus::kAmended);
  CHECK_FALSE(amended.effective_from.has_value());
  CHECK(amended.effective_until == Date{2026, 3, 14});
  CHECK_FALSE(amended.InForceOn(Date{2026, 3, 1}));  // status alone keeps it off the kiosk

  CHECK(b.procedures[3].status == PostingStatus::kReplaced);
  CHECK(b.procedures[3].replaced_by == "1.003583");
  CHECK(b.procedures[4].status == PostingStatus::kAbolished);
  CHECK(b.procedures[4].effective_until == Date{2026, 3, 31});
}

TEST_CASE("decision CSV: BOM, CRLF and quoted fields") {
  const std::string csv =
      "\xEF\xBB\xBF"
      "Mã TTHC,Tên TTHC,Trạng thái,Phí lệ phí,Căn cứ pháp lý\r\n"
      "1.001193,\"Đăng ký khai sinh, có yếu tố \"\"nước ngoài\"\"\",Còn hiệu lực,\"8.000 đồng\","
      "\"Luật Hộ tịch 2014;\r\nNghị định 123/2015/NĐ-CP\"\r\n"
      "\r\n"
      "1.000656,Đăng ký kết hôn,Còn hiệu lực,,\r\n";
  ParsedBatch b = ParseDecisionCsv(csv);
  CHECK(b.issues.empty());
  REQUIRE(b.procedures.size() == 2);
  CHECK(b.procedures[0].name == "Đăng ký khai sinh, có yếu tố \"nước ngoài\"");
  CHECK(b.procedures[0].legal_basis_text == "Luật Hộ tịch 2014;\nNghị định 123/2015/NĐ-CP");
  CHECK(b.procedures[0].channels == std::vector<Channel>{{"Trực tiếp", "", "8.000 đồng", ""}});
  CHECK(b.procedures[1].code == "1.000656");
}

TEST_CASE("decision CSV: columns in any order, names matched without diacritics or case") {
  const std::string csv =
      "TRẠNG THÁI,ten tthc,Ghi chú,MÃ TTHC,ngay hieu luc\n"
      "Còn hiệu lực,Đăng ký khai sinh,bất kỳ,1.001193,01/07/2025\n";
  ParsedBatch b = ParseDecisionCsv(csv);
  CHECK(b.issues.empty());
  REQUIRE(b.procedures.size() == 1);
  CHECK(b.procedures[0].code == "1.001193");
  CHECK(b.procedures[0].name == "Đăng ký khai sinh");
  CHECK(b.procedures[0].effective_from == Date{2025, 7, 1});
}

TEST_CASE("decision CSV: a missing required column gives one issue and no rows") {
  ParsedBatch b = ParseDecisionCsv(
      "Mã TTHC,Tên TTHC,Lĩnh vực\n1.001193,Đăng ký khai sinh,Hộ tịch\n1.000656,Kết hôn,Hộ tịch\n");
  CHECK(b.procedures.empty());
  REQUIRE(b.issues.size() == 1);
  CHECK(b.issues[0].line == 1);
  CHECK(b.issues[0].reason.find("Trạng thái") != std::string::npos);
  CHECK(ParseDecisionCsv("").issues.size() == 1);
}

TEST_CASE("decision CSV: bad rows are reported by the line they start on, good rows kept") {
  const std::string csv =
      std::string(kHeader) +
      "1.001193,Đăng ký khai sinh,,,,,\"Luật\nHộ tịch\",Còn hiệu lực,,\n"  // lines 2-3
      ",Thiếu mã,,,,,,Còn hiệu lực,,\n"                                    // line 4
      "1.00119,Mã ngắn,,,,,,Còn hiệu lực,,\n"                              // line 5
      "1.000656,Ngày sai,,,,,,Còn hiệu lực,31/02/2026,\n"                  // line 6
      "1.000657,Trạng thái lạ,,,,,,Tạm dừng,,\n"                           // line 7
      "1.000658,,,,,,,Còn hiệu lực,,\n"                                    // line 8
      "1.000659,Thay bằng mã sai,,,,,,Thay thế,01/01/2026,abc\n"           // line 9
      "1.000660,Thừa cột,,,,,,Còn hiệu lực,,,x\n"                          // line 10
      "1.001193,Trùng mã,,,,,,Còn hiệu lực,,\n"                            // line 11
      "1.000661,Tên \xFF lỗi,,,,,,Còn hiệu lực,,\n"                        // line 12
      "1.000662,Hợp lệ,,,,,,Bãi bỏ,2026-01-01,\n";                         // line 13
  ParsedBatch b = ParseDecisionCsv(csv);
  REQUIRE(b.procedures.size() == 2);
  CHECK(b.procedures[0].code == "1.001193");
  CHECK(b.procedures[0].legal_basis_text == "Luật\nHộ tịch");
  CHECK(b.procedures[1].code == "1.000662");
  CHECK(b.records_seen == 11);

  struct Want {
    int line;
    const char* code;
    const char* reason_part;
  };
  const Want want[] = {
      {4, "", "missing procedure code"},
      {5, "1.00119", "is not d.dddddd"},
      {6, "1.000656", "not a date"},
      {7, "1.000657", "unknown status"},
      {8, "1.000658", "missing procedure name"},
      {9, "1.000659", "not a procedure code"},
      {10, "", "fields"},
      {11, "1.001193", "duplicate code, first seen on line 2"},
      {12, "", "not valid UTF-8"},
  };
  REQUIRE(b.issues.size() == std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    CAPTURE(i);
    CHECK(b.issues[i].line == want[i].line);
    CHECK(b.issues[i].code == want[i].code);
    CHECK(b.issues[i].reason.find(want[i].reason_part) != std::string::npos);
  }
}

TEST_CASE("decision CSV: broken quoting spoils one row, not the file") {
  const std::string csv = std::string(kHeader) +
                          "1.000001,\"Tên\" thừa,,,,,,Còn hiệu lực,,\n"   // line 2
                          "1.000002,Tốt,,,,,,Còn hiệu lực,,\n"            // line 3
                          "1.000003,\"Không đóng,,,,,,Còn hiệu lực,,\n";  // line 4: runs to EOF
  ParsedBatch b = ParseDecisionCsv(csv);
  REQUIRE(b.procedures.size() == 1);
  CHECK(b.procedures[0].code == "1.000002");
  REQUIRE(b.issues.size() == 2);
  CHECK(b.issues[0].line == 2);
  CHECK(b.issues[0].reason.find("closing quote") != std::string::npos);
  CHECK(b.issues[1].line == 4);
  CHECK(b.issues[1].reason.find("not closed") != std::string::npos);
}

TEST_CASE("decision CSV: fields over the size limit are refused") {
  const std::string huge(motcua::catalog::kMaxFieldBytes + 10, 'a');
  const std::string csv = std::string(kHeader) + "1.000001,\"" + huge +
                          "\",,,,,,Còn hiệu lực,,\n1.000002,Tốt,,,,,,Còn hiệu lực,,\n";
  ParsedBatch b = ParseDecisionCsv(csv);
  REQUIRE(b.procedures.size() == 1);
  REQUIRE(b.issues.size() == 1);
  CHECK(b.issues[0].line == 2);
  CHECK(b.issues[0].reason.find("longer than") != std::string::npos);
}

TEST_CASE("decision CSV: NFD text comes out NFC, ParseAny picks the CSV parser") {
  const std::string csv = "Mã TTHC,Tên TTHC,Trạng thái\n1.001193,Đăng ky\xCC\x81 khai sinh,Mới\n";
  ParsedBatch b = motcua::catalog::ParseAny("danh-muc.txt", csv);
  REQUIRE(b.procedures.size() == 1);
  CHECK(b.procedures[0].name == "Đăng ký khai sinh");
  CHECK(b.procedures[0].status == PostingStatus::kInForce);
}

}  // namespace

// Found by tests/fuzz/catalog_import_fuzz.cpp (corpus/catalog_import/csv_lone_cr):
// a lone CR ends a physical line too, so issue line numbers count it.
TEST_CASE("decision CSV: a lone CR counts as a line break in issue line numbers") {
  const std::string csv = std::string(kHeader) +
                          "1.000002,Tốt,,,,,,Còn hiệu lực,,\r"        // line 2, old Mac ending
                          "1.000003,\"Không đóng,,,,,,Còn hiệu lực,,\n";  // line 3: runs to EOF
  ParsedBatch b = ParseDecisionCsv(csv);
  REQUIRE(b.procedures.size() == 1);
  REQUIRE(b.issues.size() == 1);
  CHECK(b.issues[0].line == 3);
}
