// Abuse limits of the feedback form over real HTTP: body and file sizes,
// files that lie about their type, markup and SQL in every field, the CSRF
// guards, the honeypot and the per-client rate limits.
#include <doctest/doctest.h>

#include "feedback_client.h"
#include "store/feedback_repo.h"

using namespace motcua::testing;  // NOLINT: test file

namespace {

FeedbackServer& Open() {
  static FeedbackServer s("feedback_rate_limit = 0\nlookup_rate_limit = 0\n");
  return s;
}

int64_t FeedbackCount(FeedbackServer& s) { return motcua::store::CountFeedback(*s.Db()).value(); }

}  // namespace

TEST_CASE("oversized bodies are refused and the server keeps serving") {
  FeedbackServer& s = Open();
  const int64_t before = FeedbackCount(s);
  // Over the HTTP layer's 17 MiB: refused before the body is read.
  auto parts = GoodForm(FormToken(s.server->base_url()));
  parts.push_back({"files", FakeJpeg(18u << 20), "big.jpg", "image/jpeg"});
  HttpResult huge = PostForm(s.server->base_url(), parts, Opts({}, 60000));
  CHECK(huge.status == 413);
  // Over the form parser's 16 MiB: a page that says what to do.
  parts = GoodForm(FormToken(s.server->base_url()));
  for (int i = 0; i < 4; ++i) parts.push_back({"files", FakeJpeg(4200000), "p.jpg", "image/jpeg"});
  HttpResult big = PostForm(s.server->base_url(), parts, Opts({}, 60000));
  CHECK(big.status == 413);
  CHECK(Contains(big.body, "Mỗi tệp không quá 5 MB"));
  CHECK(FeedbackCount(s) == before);
  CHECK(HttpGet(s.Url("/phan-anh")).status == 200);
}

TEST_CASE("a file over 5 MB, a fourth file, or a fake .jpg: the form comes back, values kept") {
  FeedbackServer& s = Open();
  const int64_t before = FeedbackCount(s);
  auto parts = GoodForm(FormToken(s.server->base_url()));
  parts.push_back({"files", FakePng((5u << 20) + 1), "anh-lon.png", "image/png"});
  HttpResult r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 422);
  CHECK(Contains(r.body, "Tệp «anh-lon.png» lớn hơn 5 MB"));
  CHECK(Contains(r.body, "vui lòng chọn lại tệp đính kèm"));
  CHECK(Contains(r.body, "value=\"Lò Văn Pấng\""));

  parts = GoodForm(FormToken(s.server->base_url()));
  for (int i = 0; i < 4; ++i) parts.push_back({"files", FakeJpeg(100), "a.jpg", "image/jpeg"});
  r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 422);
  CHECK(Contains(r.body, "tối đa 3 tệp đính kèm"));

  parts = GoodForm(FormToken(s.server->base_url()));
  parts.push_back({"files", "MZ\x90\x00 this is an .exe really", "anh.jpg", "image/jpeg"});
  r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 422);
  CHECK(Contains(r.body, "Tệp «anh.jpg» không phải ảnh JPEG, PNG hoặc tệp PDF"));
  CHECK(FeedbackCount(s) == before);
}

TEST_CASE("HTML and script in every field are rendered as text, never as markup") {
  FeedbackServer& s = Open();
  const std::string evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
  // Shown again on an error: every field echoes escaped.
  auto parts = GoodForm(FormToken(s.server->base_url()));
  for (const char* f :
       {"name", "address", "phone", "email", "title", "content", "kind", "procedure_code"}) {
    SetPart(parts, f, evil);
  }
  HttpResult r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 422);
  CHECK_FALSE(Contains(r.body, "<script>alert"));
  CHECK_FALSE(Contains(r.body, "<img src=x"));
  CHECK(Contains(r.body, "&lt;script&gt;alert(1)&lt;"));

  // Stored and shown on the receipt and lookup: still text.
  parts = GoodForm(FormToken(s.server->base_url()));
  for (const char* f : {"name", "address", "title"}) SetPart(parts, f, evil);
  SetPart(parts, "content", evil + " nội dung đủ dài để hợp lệ.");
  HttpResult ok = PostForm(s.server->base_url(), parts);
  REQUIRE(ok.status == 303);
  const std::string code = CodeFromLocation(ok.headers["location"]);
  HttpResult receipt = HttpGet(s.Url(ok.headers["location"]));
  CHECK(receipt.status == 200);
  CHECK_FALSE(Contains(receipt.body, "<script>alert"));
  CHECK(Contains(receipt.body, "&lt;script&gt;alert(1)&lt;"));
  HttpResult look = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + code + "&so4=5678",
                             "application/x-www-form-urlencoded");
  CHECK(look.status == 200);
  CHECK_FALSE(Contains(look.body, "<script>alert"));
  auto row = motcua::store::FindFeedbackByCode(*s.Db(), code);
  CHECK((*row)->title == evil);
}

TEST_CASE("SQL metacharacters are stored verbatim") {
  FeedbackServer& s = Open();
  const std::string sql = "Robert'); DROP TABLE feedback;-- \" OR 1=1 /* %_ \\";
  auto parts = GoodForm(FormToken(s.server->base_url()));
  SetPart(parts, "name", sql);
  SetPart(parts, "address", sql);
  SetPart(parts, "title", sql);
  SetPart(parts, "content", sql + "\n' UNION SELECT sender_phone FROM feedback --");
  HttpResult ok = PostForm(s.server->base_url(), parts);
  REQUIRE(ok.status == 303);
  auto row = motcua::store::FindFeedbackByCode(*s.Db(), CodeFromLocation(ok.headers["location"]));
  REQUIRE(row->has_value());
  CHECK((*row)->sender_name == sql);
  CHECK((*row)->sender_address == sql);
  CHECK((*row)->title == sql);
  CHECK((*row)->content == sql + "\n' UNION SELECT sender_phone FROM feedback --");
  CHECK(FeedbackCount(s) >= 1);
}

TEST_CASE("CSRF: a form without our token, or from another origin, is refused") {
  FeedbackServer& s = Open();
  const int64_t before = FeedbackCount(s);
  auto parts = GoodForm("");
  CHECK(PostForm(s.server->base_url(), parts).status == 403);
  parts =
      GoodForm("0123456789abcdef0123456789abcdef.1800000000000.0123456789abcdef0123456789abcdef");
  HttpResult forged = PostForm(s.server->base_url(), parts);
  CHECK(forged.status == 403);
  // The values come back with a fresh token, so a person loses nothing.
  CHECK(Contains(forged.body, "value=\"Lò Văn Pấng\""));
  parts = GoodForm(FormToken(s.server->base_url()));
  HttpResult cross = PostForm(s.server->base_url(), parts, Opts({"Origin: https://evil.example"}));
  CHECK(cross.status == 403);
  CHECK(FeedbackCount(s) == before);
  const std::string host = s.server->base_url().substr(7);
  HttpResult same = PostForm(s.server->base_url(), parts, Opts({"Origin: http://" + host}));
  CHECK(same.status == 303);
}

TEST_CASE("the hidden honeypot field refuses bots, nothing is stored") {
  FeedbackServer& s = Open();
  const int64_t before = FeedbackCount(s);
  auto parts = GoodForm(FormToken(s.server->base_url()));
  SetPart(parts, "website", "http://spam.example");
  HttpResult r = PostForm(s.server->base_url(), parts);
  CHECK(r.status == 400);
  CHECK(FeedbackCount(s) == before);
}

TEST_CASE("per-client rate limits on submissions and lookups (configurable)") {
  FeedbackServer s(
      "feedback_rate_limit = 2\nfeedback_rate_window_s = 600\n"
      "lookup_rate_limit = 3\nlookup_rate_window_s = 600\n");
  std::vector<Part> first = GoodForm(FormToken(s.server->base_url()));
  HttpResult a = PostForm(s.server->base_url(), first);
  REQUIRE(a.status == 303);
  REQUIRE(PostForm(s.server->base_url(), GoodForm(FormToken(s.server->base_url()))).status == 303);
  HttpResult limited = PostForm(s.server->base_url(), GoodForm(FormToken(s.server->base_url())));
  CHECK(limited.status == 429);
  CHECK(limited.headers.count("retry-after") == 1);
  CHECK(Contains(limited.body, "thử lại sau 10 phút"));
  CHECK(Contains(limited.body, "value=\"Lò Văn Pấng\""));  // nothing typed is lost
  CHECK(motcua::store::CountFeedback(*s.Db()).value() == 2);
  // A resend of an accepted form still gets its receipt, limit or not.
  HttpResult again = PostForm(s.server->base_url(), first);
  CHECK(again.status == 303);
  CHECK(again.headers["location"] == a.headers["location"]);
  // The JSON API shares the limit.
  HttpResult api = HttpPost(s.Url("/api/v1/feedback"), "{}", "application/json");
  CHECK(api.status == 429);

  const std::string code = CodeFromLocation(a.headers["location"]);
  for (int i = 0; i < 3; ++i) {
    HttpResult r = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + code + "&so4=0000",
                            "application/x-www-form-urlencoded");
    CHECK(r.status == 404);
  }
  // Even the right digits are refused once the limit is hit (no probing).
  HttpResult r = HttpPost(s.Url("/phan-anh/tra-cuu"), "ma=" + code + "&so4=5678",
                          "application/x-www-form-urlencoded");
  CHECK(r.status == 429);
  CHECK(HttpGet(s.Url("/api/v1/feedback/" + code + "?phone4=5678")).status == 429);
}
