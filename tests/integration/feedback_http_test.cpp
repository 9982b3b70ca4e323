// Citizen feedback through real HTTP against the real server binary: the
// form, a full submission with attachments, every validation error, the
// duplicate guard, the receipt and the status lookup.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "crypto/hash.h"
#include "domain/tracking_code.h"
#include "feedback_client.h"
#include "store/feedback_repo.h"

using namespace motcua::testing;  // NOLINT: test file

namespace {

// Limits off here; feedback_abuse_test.cpp tests them on servers of its own.
FeedbackServer& Shared() {
  static FeedbackServer s("feedback_rate_limit = 0\nlookup_rate_limit = 0\n");
  return s;
}

// Submits a good form and returns {code, receipt location}.
std::pair<std::string, std::string> SubmitGood(FeedbackServer& s, std::vector<Part> extra = {}) {
  auto parts = GoodForm(FormToken(s.server->base_url()));
  for (auto& p : extra) parts.push_back(p);
  HttpResult r = PostForm(s.server->base_url(), parts);
  REQUIRE_MESSAGE(r.status == 303, r.body.substr(0, 2000));
  const std::string loc = r.headers["location"];
  return {CodeFromLocation(loc), loc};
}

}  // namespace

TEST_CASE("the form explains scope, lists Điều 5 kinds, shows the contact block") {
  HttpResult r = HttpGet(Shared().Url("/phan-anh"));
  CHECK(r.status == 200);
  CHECK(r.headers["cache-control"] == "no-store");
  for (const char* s : {"Khiếu nại, tố cáo", "tư vấn", "Nghị định 20/2008/NĐ-CP",
                        "Quy định hành chính không hợp pháp", "Tối đa 5.000 ký tự", "tối đa 3 tệp",
                        "Nơi tiếp nhận phản ánh, kiến nghị", "0212 3800 000", "name=\"website\"",
                        "/static/feedback.js", "Nghị định 13/2023/NĐ-CP"}) {
    CAPTURE(s);
    CHECK(Contains(r.body, s));
  }
  // The contact block appears once (in the page, not again in the footer).
  const size_t first = r.body.find("Nơi tiếp nhận phản ánh");
  CHECK(r.body.find("Nơi tiếp nhận phản ánh", first + 1) == std::string::npos);
  // Each served form has its own token.
  CHECK(FormToken(Shared().server->base_url()) != FormToken(Shared().server->base_url()));
}

TEST_CASE("home and procedure pages link to the form, the procedure is prefilled") {
  CHECK(Contains(HttpGet(Shared().Url("/")).body, "href=\"/phan-anh\""));
  HttpResult p = HttpGet(Shared().Url("/thu-tuc/1.001193"));
  CHECK(Contains(p.body, "href=\"/phan-anh?thu_tuc=1.001193\""));
  HttpResult f = HttpGet(Shared().Url("/phan-anh?thu_tuc=1.001193"));
  CHECK(Contains(f.body, "value=\"1.001193\""));
  CHECK(Contains(f.body, "Thủ tục đăng ký khai sinh"));
  HttpResult bad = HttpGet(Shared().Url("/phan-anh?thu_tuc=9.999999"));
  CHECK(bad.status == 200);
  CHECK_FALSE(Contains(bad.body, "value=\"9.999999\""));
}

TEST_CASE("a full submission with three attachments is stored durably, files and all") {
  FeedbackServer& s = Shared();
  const std::string jpg = FakeJpeg(200000), png = FakePng(1000), pdf = FakePdf(3000);
  auto [code, loc] = SubmitGood(s, {{"files", jpg, "anh.jpg", "image/jpeg"},
                                    {"files", png, "C:\\Tai lieu\\so do.png", "image/png"},
                                    {"files", pdf, "đơn.pdf", "application/pdf"}});
  REQUIRE(code.size() == 14);

  HttpResult receipt = HttpGet(s.Url(loc));
  CHECK(receipt.status == 200);
  for (const std::string& t :
       {code, std::string("Giấy biên nhận phản ánh, kiến nghị"), std::string("Hạn trả lời dự kiến"),
        std::string("10 ngày làm việc"), std::string("3 tệp"), std::string("/phan-anh/tra-cuu"),
        std::string("0212 3800 000"), std::string("Thủ tục đăng ký khai sinh")}) {
    CAPTURE(t);
    CHECK(Contains(receipt.body, t));
  }
  // Personal data stays off the receipt page except the last 4 phone digits.
  CHECK_FALSE(Contains(receipt.body, "Lò Văn Pấng"));
  CHECK_FALSE(Contains(receipt.body, "0912345678"));
  CHECK_FALSE(Contains(receipt.body, "pang@example.vn"));
  CHECK(Contains(receipt.body, "5678"));
  // Without the key the receipt link is not found.
  CHECK(HttpGet(s.Url("/phan-anh/bien-nhan/" + code)).status == 404);

  auto db = s.Db();
  auto row = motcua::store::FindFeedbackByCode(*db, code);
  REQUIRE(row->has_value());
  CHECK((*row)->sender_phone == "0912345678");
  CHECK((*row)->sender_name == "Lò Văn Pấng");
  CHECK((*row)->procedure_code == std::optional<std::string>("1.001193"));
  auto files = motcua::store::FeedbackAttachments(*db, (*row)->id);
  REQUIRE(files->size() == 3);
  const std::string bytes[] = {jpg, png, pdf};
  const char* kinds[] = {"jpeg", "png", "pdf"};
  const char* names[] = {"anh.jpg", "so do.png", "đơn.pdf"};
  for (int i = 0; i < 3; ++i) {
    const auto& a = (*files)[i];
    CHECK(a.kind == kinds[i]);
    CHECK(a.original_name == names[i]);
    CHECK(a.sha256 == motcua::crypto::Sha256Hex(bytes[i]));
    std::ifstream in(s.AttachmentPath(a.stored_name), std::ios::binary);
    std::string got((std::istreambuf_iterator<char>(in)), {});
    CHECK(got == bytes[i]);
  }
  CHECK(motcua::store::OutboxEntries(*db)->size() >= 1);
  CHECK_FALSE(Contains(s.server->log(), "0912345678"));
  CHECK_FALSE(Contains(s.server->log(), "Pấng"));
}

TEST_CASE("each validation error is shown on its field, with the values kept") {
  FeedbackServer& s = Shared();
  struct Case {
    const char* field;
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      {"name", "", "Vui lòng nhập họ và tên người gửi."},
      {"address", " ", "Vui lòng nhập địa chỉ"},
      {"phone", "0912 34", "Số điện thoại chưa đúng"},
      {"email", "pang@", "Địa chỉ thư điện tử chưa đúng"},
      {"title", "", "Vui lòng nhập tiêu đề"},
      {"content", "Ngắn", "Nội dung quá ngắn"},
      {"kind", "khieu_nai", "thuộc loại nào"},
      {"procedure_code", "9.999999", "Không có thủ tục nào mang mã 9.999999"},
      {"consent", "", "Cần đồng ý"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.field);
    auto parts = GoodForm(FormToken(s.server->base_url()));
    SetPart(parts, c.field, c.value);
    if (std::string(c.field) == "consent") {
      parts.erase(std::remove_if(parts.begin(), parts.end(),
                                 [](const Part& p) { return p.name == "consent"; }),
                  parts.end());
    }
    HttpResult r = PostForm(s.server->base_url(), parts);
    CHECK(r.status == 422);
    CHECK(Contains(r.body, c.message));
    CHECK(Contains(r.body, "id=\"e-" + std::string(c.field) + "\""));
    CHECK(Contains(r.body, "Vui lòng sửa 1 mục"));
    // What the citizen typed is still there.
    CHECK(Contains(r.body, "value=\"Bản Nà Ngà, xã Mường Bú\"") ==
          (std::string(c.field) != "address"));
    CHECK(Contains(r.body, "Tôi nộp hồ sơ ngày 02/3") == (std::string(c.field) != "content"));
  }
  // Too long content: the limit and the count are named.
  auto parts = GoodForm(FormToken(s.server->base_url()));
  std::string long_text;
  for (int i = 0; i < 5001; ++i) long_text += "ệ";
  SetPart(parts, "content", long_text);
  HttpResult r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 422);
  CHECK(Contains(r.body, "Nội dung dài quá 5.000 ký tự (hiện có 5.001 ký tự)"));
}

TEST_CASE("invalid UTF-8 is refused with a clear message, NFD is stored as NFC") {
  FeedbackServer& s = Shared();
  auto parts = GoodForm(FormToken(s.server->base_url()));
  SetPart(parts, "title", "Ti\xC3\x28u \xFF\xFE");
  HttpResult r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 422);
  CHECK(Contains(r.body, "không phải mã UTF-8"));

  parts = GoodForm(FormToken(s.server->base_url()));
  SetPart(parts, "name", "Lo\xCC\x80 Va\xCC\x86n Nfd");
  HttpResult ok = PostForm(s.server->base_url(), parts);
  REQUIRE(ok.status == 303);
  auto row = motcua::store::FindFeedbackByCode(*s.Db(), CodeFromLocation(ok.headers["location"]));
  CHECK((*row)->sender_name == "Lò Văn Nfd");
}

TEST_CASE("a double tap, reload or resend of the same form never makes a second record") {
  FeedbackServer& s = Shared();
  auto parts = GoodForm(FormToken(s.server->base_url()));
  parts.push_back({"files", FakeJpeg(5000), "anh.jpg", "image/jpeg"});
  SetPart(parts, "title", "Gửi hai lần liên tiếp");
  auto db = s.Db();
  const int64_t before = motcua::store::CountFeedback(*db).value();
  HttpResult a = PostForm(s.server->base_url(), parts);
  HttpResult b = PostForm(s.server->base_url(), parts);
  HttpResult c = PostForm(s.server->base_url(), parts);
  REQUIRE(a.status == 303);
  CHECK(b.status == 303);
  CHECK(c.status == 303);
  CHECK(a.headers["location"] == b.headers["location"]);
  CHECK(a.headers["location"] == c.headers["location"]);
  CHECK(motcua::store::CountFeedback(*db).value() == before + 1);
  CHECK(HttpGet(s.Url(b.headers["location"])).status == 200);
}

TEST_CASE("lookup with the right phone digits shows status, never personal data") {
  FeedbackServer& s = Shared();
  auto [code, loc] = SubmitGood(s);
  HttpResult form = HttpGet(s.Url("/phan-anh/tra-cuu?ma=" + code));
  CHECK(form.status == 200);
  CHECK(Contains(form.body, "value=\"" + code + "\""));

  HttpResult ok = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + code + "&so4=5678",
                           "application/x-www-form-urlencoded");
  CHECK(ok.status == 200);
  CHECK(Contains(ok.body, "Đã tiếp nhận"));
  CHECK(Contains(ok.body, "Quá trình xử lý"));
  CHECK(Contains(ok.body, "Hành vi chậm trễ, gây phiền hà"));
  for (const char* personal :
       {"Lò Văn Pấng", "Nà Ngà", "0912345678", "pang@example.vn", "Tôi nộp hồ sơ ngày 02/3"}) {
    CAPTURE(personal);
    CHECK_FALSE(Contains(ok.body, personal));
  }
  // Typed loosely: lower case with spaces.
  std::string loose = code;
  for (char& ch : loose) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + loose + "+&so4=5678",
                 "application/x-www-form-urlencoded")
            .status == 200);
}

TEST_CASE("wrong phone digits and unknown codes get the same answer") {
  FeedbackServer& s = Shared();
  auto [code, loc] = SubmitGood(s);
  HttpResult wrong = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + code + "&so4=1111",
                              "application/x-www-form-urlencoded");
  // A well-formed code (valid check symbol) that no one holds.
  std::string payload = code.substr(3, 5) + code.substr(9, 4);
  payload[0] = payload[0] == 'Z' ? 'Y' : 'Z';
  const std::string other = "PA-" + payload.substr(0, 5) + "-" + payload.substr(5, 4) +
                            motcua::domain::TrackingCheckSymbol(payload);
  REQUIRE(motcua::domain::NormalizeTrackingCode(other) == other);
  HttpResult unknown = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + other + "&so4=5678",
                                "application/x-www-form-urlencoded");
  CHECK(wrong.status == 404);
  CHECK(unknown.status == 404);
  auto notice = [](const std::string& body) {
    size_t a = body.find("role=\"alert\"");
    return a == std::string::npos ? std::string() : body.substr(a, body.find("</div>", a) - a);
  };
  CHECK(notice(wrong.body) == notice(unknown.body));
  CHECK(Contains(wrong.body, "Không tìm thấy phản ánh khớp"));
  // A mistyped code is caught by its check symbol and said so.
  std::string typo = code;
  typo[5] = typo[5] == '7' ? '8' : '7';
  HttpResult t = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + typo + "&so4=5678",
                          "application/x-www-form-urlencoded");
  CHECK(t.status == 400);
  CHECK(Contains(t.body, "gõ nhầm"));
}
