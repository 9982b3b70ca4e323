// Field checks of the feedback form (NĐ 20/2008 Điều 5, 7; NĐ 13/2023).
#include <doctest/doctest.h>

#include <string>

#include "feedback/validate.h"
#include "support/fake_files.h"

using motcua::feedback::CleanLine;
using motcua::feedback::CleanText;
using motcua::feedback::CountCodePoints;
using motcua::feedback::FeedbackInput;
using motcua::feedback::FeedbackLimits;
using motcua::feedback::Validate;
using motcua::feedback::Validation;
using motcua::testing::FakeJpeg;
using motcua::testing::FakePdf;

namespace {

FeedbackInput Good() {
  FeedbackInput in;
  in.name = "Lò Văn Pấng";
  in.address = "Bản Nà Ngà, xã Mường Bú, tỉnh Sơn La";
  in.phone = "+84 912 345 678";
  in.email = "";
  in.title = "Chậm trả kết quả đăng ký khai sinh";
  in.content = "Tôi nộp hồ sơ đăng ký khai sinh cho con ngày 02/3 nhưng đến nay chưa nhận được.";
  in.kind = "delay_harassment";
  in.procedure_code = "1.001193";
  in.consent = true;
  return in;
}

bool Exists(const std::string& code) { return code == "1.001193"; }

std::string ErrorFor(const Validation& v, const std::string& field) {
  for (const auto& e : v.errors)
    if (e.field == field) return e.message;
  return "";
}

}  // namespace

TEST_CASE("a complete submission is valid and normalised") {
  FeedbackInput in = Good();
  in.name = "  Lò   Văn\tPấng ";
  in.content = "Dòng thứ nhất  \r\nDòng thứ hai\r\n\r\n";
  // Named, not temporaries: Upload::data is a view of the bytes.
  const std::string jpeg = FakeJpeg(100), pdf = FakePdf(100);
  in.files = {{"C:\\Users\\a\\anh.jpg", jpeg}, {"don.pdf", pdf}};
  Validation v = Validate(in, {}, Exists);
  REQUIRE(v.ok());
  CHECK(v.value.name == "Lò Văn Pấng");
  CHECK(v.value.phone == "0912345678");
  CHECK_FALSE(v.value.email.has_value());
  CHECK(v.value.content == "Dòng thứ nhất\nDòng thứ hai");
  CHECK(v.value.kind == motcua::domain::FeedbackKind::kDelayOrHarassment);
  CHECK(v.value.procedure_code == std::optional<std::string>("1.001193"));
  REQUIRE(v.value.attachments.size() == 2);
  CHECK(v.value.attachments[0].original_name == "anh.jpg");
  CHECK(v.value.attachments[0].kind == motcua::domain::FileKind::kJpeg);
  CHECK(v.value.attachments[1].kind == motcua::domain::FileKind::kPdf);
}

TEST_CASE("each required field has its own Vietnamese message, in form order") {
  FeedbackInput in;
  Validation v = Validate(in, {}, Exists);
  std::vector<std::string> fields;
  for (const auto& e : v.errors) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"kind", "title", "content", "name", "address", "phone",
                                           "consent"});
  CHECK(ErrorFor(v, "name") == "Vui lòng nhập họ và tên người gửi.");
  CHECK(ErrorFor(v, "phone").find("số điện thoại") != std::string::npos);
  CHECK(ErrorFor(v, "consent").find("đồng ý") != std::string::npos);
}

TEST_CASE("phone numbers: mobile and landline, with or without +84") {
  for (const char* ok : {"0912345678", "+84912345678", "84 912 345 678", "0212 3852 000",
                         "+84 (0)212 385 2000", "091.234.5678"}) {
    FeedbackInput in = Good();
    in.phone = ok;
    CAPTURE(ok);
    CHECK(Validate(in, {}, Exists).ok());
  }
  for (const char* bad : {"12345", "0912 345 67", "+1 202 555 0101", "0912345678 ext 2", "abc"}) {
    FeedbackInput in = Good();
    in.phone = bad;
    CAPTURE(bad);
    CHECK(ErrorFor(Validate(in, {}, Exists), "phone").find("chưa đúng") != std::string::npos);
  }
}

TEST_CASE("lengths are counted in characters, limits named in the message") {
  FeedbackLimits lim;
  FeedbackInput in = Good();
  std::string long_content;
  for (size_t i = 0; i < lim.content_max + 1; ++i) long_content += "ệ";  // 3 bytes each
  in.content = long_content;
  auto v = Validate(in, lim, Exists);
  CHECK(ErrorFor(v, "content").find("5.000 ký tự") != std::string::npos);
  CHECK(ErrorFor(v, "content").find("5.001") != std::string::npos);
  in.content = long_content.substr(0, lim.content_max * 3);
  CHECK(Validate(in, lim, Exists).ok());
  in.content = "Ngắn quá";
  CHECK(ErrorFor(Validate(in, lim, Exists), "content").find("quá ngắn") != std::string::npos);
  CHECK(CountCodePoints("Đăng ký") == 7);
}

TEST_CASE("invalid UTF-8 is refused per field and never echoed") {
  FeedbackInput in = Good();
  in.title = "Ti\xC3\x28u \xFF";
  in.address = std::string("abc\0def", 7);
  auto v = Validate(in, {}, Exists);
  CHECK(ErrorFor(v, "title").find("UTF-8") != std::string::npos);
  CHECK(v.echo.title.empty());
  CHECK(v.echo.name == "Lò Văn Pấng");
  // A NUL is valid UTF-8 but a control character: dropped from single lines.
  CHECK(ErrorFor(v, "address").empty());
  CHECK(v.value.address == "abcdef");
}

TEST_CASE("NFD input (as some phones send) is stored as NFC") {
  FeedbackInput in = Good();
  in.name = "Lo\xCC\x80 Va\xCC\x86n";  // "Lò Văn" decomposed
  auto v = Validate(in, {}, Exists);
  REQUIRE(v.ok());
  CHECK(v.value.name == "Lò Văn");
}

TEST_CASE("kind must be one of NĐ 20/2008 Điều 5, procedure must exist") {
  FeedbackInput in = Good();
  in.kind = "complaint";
  CHECK_FALSE(ErrorFor(Validate(in, {}, Exists), "kind").empty());
  in = Good();
  in.procedure_code = "9.999999";
  CHECK(ErrorFor(Validate(in, {}, Exists), "procedure_code").find("9.999999") != std::string::npos);
  in.procedure_code = "khai sinh";
  CHECK(ErrorFor(Validate(in, {}, Exists), "procedure_code").find("danh sách gợi ý") !=
        std::string::npos);
  in.procedure_code = "";
  CHECK(Validate(in, {}, Exists).ok());
}

TEST_CASE("e-mail is optional but checked when given") {
  FeedbackInput in = Good();
  in.email = "ten@gmail.com";
  CHECK(Validate(in, {}, Exists).value.email == std::optional<std::string>("ten@gmail.com"));
  for (const char* bad : {"ten@", "@gmail.com", "ten gmail.com", "a@b", "a@@b.vn", "x@y..vn"}) {
    in.email = bad;
    CAPTURE(bad);
    CHECK_FALSE(ErrorFor(Validate(in, {}, Exists), "email").empty());
  }
}

TEST_CASE("attachments: judged by their bytes, at most 3 of 5 MB") {
  FeedbackInput in = Good();
  in.files = {{"anh.jpg", "this is not a jpeg"}};
  auto v = Validate(in, {}, Exists);
  CHECK(ErrorFor(v, "files").find("«anh.jpg» không phải ảnh") != std::string::npos);
  const std::string big = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(5u << 20, 'z');
  in.files = {{"to.png", big}};
  CHECK(ErrorFor(Validate(in, {}, Exists), "files").find("lớn hơn 5 MB") != std::string::npos);
  const std::string jpeg = FakeJpeg(100);
  in.files = {{"1.jpg", jpeg}, {"2.jpg", jpeg}, {"3.jpg", jpeg}, {"4.jpg", jpeg}};
  CHECK(ErrorFor(Validate(in, {}, Exists), "files").find("tối đa 3") != std::string::npos);
  const std::string pdf = FakePdf(100);
  in.files = {{"../../etc/passwd", pdf}};
  auto ok = Validate(in, {}, Exists);
  REQUIRE(ok.ok());
  CHECK(ok.value.attachments[0].original_name == "passwd");
}

TEST_CASE("CleanLine and CleanText") {
  CHECK(CleanLine(" a \n b ") == std::optional<std::string>("a b"));
  CHECK(CleanLine("\xFF") == std::nullopt);
  CHECK(CleanText("\n\n a\r\rb\x07 \n") == std::optional<std::string>("a\n\nb"));
}
