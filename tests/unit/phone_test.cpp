#include "domain/phone.h"

#include <doctest/doctest.h>

using motcua::domain::IsMobilePhone;
using motcua::domain::Last4;
using motcua::domain::NormalizePhone;

TEST_CASE("NormalizePhone accepts what people type") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"0912345678", "0912345678"},       {"0912 345 678", "0912345678"},
      {"0912.345.678", "0912345678"},     {"091-234-5678", "0912345678"},
      {" 0912345678 ", "0912345678"},     {"+84912345678", "0912345678"},
      {"+84 912 345 678", "0912345678"},  {"+84 (0) 912 345 678", "0912345678"},
      {"(+84) 912345678", "0912345678"},  {"84912345678", "0912345678"},
      {"0084 912 345 678", "0912345678"}, {"0321234567", "0321234567"},
      {"0551234567", "0551234567"},       {"0761234567", "0761234567"},
      {"0861234567", "0861234567"},       {"0212 3852 123", "02123852123"},  // Sơn La landline
      {"(0212) 385.2123", "02123852123"}, {"+84 212 3852 123", "02123852123"},
      {"024 3825 1234", "02438251234"},  // Hà Nội
      {"\t0912345678", "0912345678"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    auto got = NormalizePhone(r.in);
    REQUIRE(got.has_value());
    CHECK(*got == r.out);
  }
}

TEST_CASE("NormalizePhone rejects what an officer could not dial") {
  const char* rows[] = {
      "",
      "0",
      "091234567",    // 9 digits
      "09123456789",  // 11-digit mobile
      "0112345678",   // 01x is no longer a mobile prefix
      "0412345678",   // 04 neither
      "0612345678",
      "1912345678",
      "912345678",     // no trunk 0 and no country code
      "0212385212",    // 10-digit landline
      "021238521234",  // 12 digits
      "+1 212 555 0100",
      "+85 912345678",
      "0912+345678",
      "++84912345678",
      "0912345678 ext 12",
      "0912/345678",
      "09l2345678",            // letter l for 1
      "０９１２３４５６７８",  // full-width digits
      "0912345678\n",
      "0912345678,",
      "+",
      "84",
      "                                          0912345678",  // over 40 bytes
  };
  for (const char* r : rows) {
    CAPTURE(r);
    CHECK_FALSE(NormalizePhone(r).has_value());
  }
  // "\0" "3": split, or the escape reads as octal \034 and the literal is short.
  CHECK_FALSE(NormalizePhone(std::string("0912\0" "345678", 11)).has_value());
}

TEST_CASE("IsMobilePhone and Last4") {
  CHECK(IsMobilePhone("0912345678"));
  CHECK(IsMobilePhone("0321234567"));
  CHECK_FALSE(IsMobilePhone("02123852123"));
  CHECK_FALSE(IsMobilePhone(""));
  CHECK(Last4("0912345678") == "5678");
  CHECK(Last4("02123852123") == "2123");
  CHECK(Last4("123") == "123");
  CHECK(Last4("") == "");
}
