// The officers' pages through real HTTP against the real server binary:
// login, throttling, expiry, CSRF, and a feedback's whole life from the
// citizen's form to the published answer in the citizen's lookup.
#include <doctest/doctest.h>

#include "feedback_client.h"
#include "office_client.h"

using namespace motcua::testing;  // NOLINT: test file

namespace {

OfficeServer& Srv() {
  static OfficeServer s;
  return s;
}

std::string LoggedIn(Browser& b) {
  HttpResult r = b.Login(Srv().Url(""), "lan", kOfficerPassword);
  REQUIRE_MESSAGE(r.status == 303, r.body.substr(0, 400));
  return b.SessionCookie();
}

}  // namespace

TEST_CASE("officer pages without a session send the browser to the login page") {
  for (const char* path : {"/can-bo/", "/can-bo/phan-anh", "/can-bo/bao-cao?ky=2026-q1"}) {
    CAPTURE(path);
    HttpResult r = HttpGet(Srv().Url(path));
    CHECK(r.status == 303);
    CHECK(r.headers["location"].rfind("/can-bo/dang-nhap?tiep=%2Fcan-bo%2F", 0) == 0);
  }
  HttpResult post = HttpPost(Srv().Url("/can-bo/niem-yet/danh-dau"), "code=1.001193",
                             "application/x-www-form-urlencoded");
  CHECK(post.status == 303);
  CHECK(post.headers["location"].rfind("/can-bo/dang-nhap", 0) == 0);
  HttpResult login = HttpGet(Srv().Url("/can-bo/dang-nhap"));
  CHECK(login.status == 200);
  CHECK(Contains(login.body, "Đăng nhập"));
}

TEST_CASE("login sets an HttpOnly SameSite=Strict session cookie, logout ends it on the server") {
  TempDir d;
  Browser b(d);
  HttpResult page = b.Get(Srv().Url("/can-bo/dang-nhap"));
  const std::string token = Find(page.body, "name=\"login_token\" value=\"([^\"]+)\"");
  HttpResult r = b.Post(Srv().Url("/can-bo/dang-nhap"),
                        "login_token=" + token + "&username=lan&password=" + kOfficerPassword +
                            "&tiep=%2Fcan-bo%2Fphan-anh");
  REQUIRE(r.status == 303);
  CHECK(r.headers["location"] == "/can-bo/phan-anh");
  const std::string cookie = r.headers["set-cookie"];  // the last one: the login token's removal
  CHECK(Contains(cookie, "HttpOnly"));
  CHECK(Contains(cookie, "SameSite=Strict"));
  CHECK_FALSE(Contains(cookie, "Secure"));  // plain HTTP on loopback
  const std::string sid = b.SessionCookie();
  REQUIRE(sid.size() == 43);
  HttpResult home = b.Get(Srv().Url("/can-bo/"));
  CHECK(home.status == 200);
  CHECK(Contains(home.body, "Việc cần làm"));
  CHECK(Contains(home.body, "Lò Thị Lan"));

  const std::string csrf = b.Csrf(Srv().Url("/can-bo/"));
  HttpResult out = b.Post(Srv().Url("/can-bo/dang-xuat"), "csrf=" + csrf);
  CHECK(out.status == 303);
  // The old token no longer opens anything, even if a copy was kept.
  HttpOptions stolen;
  stolen.headers = {"Cookie: motcua_sid=" + sid};
  CHECK(HttpGet(Srv().Url("/can-bo/"), stolen).status == 303);
}

TEST_CASE("wrong password and unknown name read the same") {
  TempDir d;
  Browser b(d);
  HttpResult wrong = b.Login(Srv().Url(""), "lan", "sai-mat-khau-1");
  HttpResult unknown = b.Login(Srv().Url(""), "khongco", "sai-mat-khau-1");
  CHECK(wrong.status == 200);
  CHECK(unknown.status == 200);
  const std::string msg = "Tên đăng nhập hoặc mật khẩu không đúng.";
  CHECK(Contains(wrong.body, msg));
  CHECK(Contains(unknown.body, msg));
  CHECK(b.SessionCookie().empty());
  // The login form without its own token is refused.
  HttpResult forged = HttpPost(Srv().Url("/can-bo/dang-nhap"),
                               std::string("username=lan&password=") + kOfficerPassword,
                               "application/x-www-form-urlencoded");
  CHECK(forged.status == 403);
}

TEST_CASE("an expired session goes back to the login page") {
  TempDir d;
  Browser b(d);
  LoggedIn(b);
  CHECK(b.Get(Srv().Url("/can-bo/")).status == 200);
  // 31 minutes without a request (the server's clock is real; age the row).
  auto db = Srv().Db();
  REQUIRE(db->Exec("UPDATE sessions SET last_seen = last_seen - 31 * 60 * 1000").ok());
  HttpResult r = b.Get(Srv().Url("/can-bo/phan-anh"));
  CHECK(r.status == 303);
  CHECK(r.headers["location"] == "/can-bo/dang-nhap?tiep=%2Fcan-bo%2Fphan-anh");
}

TEST_CASE("a POST without the CSRF token gets 403 and changes nothing") {
  TempDir d;
  Browser b(d);
  LoggedIn(b);
  HttpResult none = b.Post(Srv().Url("/can-bo/niem-yet/danh-dau"), "code=1.001193");
  CHECK(none.status == 403);
  HttpResult wrong = b.Post(Srv().Url("/can-bo/niem-yet/danh-dau"),
                            "code=1.001193&csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  CHECK(wrong.status == 403);
  CHECK(Contains(wrong.body, "Biểu mẫu không hợp lệ"));
  auto marks = Srv().Db()->Prepare("SELECT COUNT(*) FROM posting_marks");
  REQUIRE(marks->Step().value());
  CHECK(marks->Int(0) == 0);
  const std::string csrf = b.Csrf(Srv().Url("/can-bo/niem-yet"));
  HttpResult ok = b.Post(Srv().Url("/can-bo/niem-yet/danh-dau"), "code=1.001193&csrf=" + csrf);
  CHECK(ok.status == 303);
  CHECK(ok.headers["location"] == "/can-bo/niem-yet?ok=niem-yet");
}

TEST_CASE("login is throttled: 429 with Retry-After, the right password refused while locked") {
  OfficeServer s;
  TempDir d;
  Browser b(d);
  for (int i = 0; i < 5; ++i) CHECK(b.Login(s.Url(""), "lan", "sai-mat-khau-1").status == 200);
  HttpResult r = b.Login(s.Url(""), "lan", kOfficerPassword);
  CHECK(r.status == 429);
  CHECK(r.headers["retry-after"] == "900");
  CHECK(Contains(r.body, "Đăng nhập sai quá nhiều lần"));
  CHECK(b.SessionCookie().empty());
}

TEST_CASE("a feedback's life: citizen's form, officer's steps, the answer in the citizen's lookup") {
  // The citizen.
  std::vector<Part> form = GoodForm(FormToken(Srv().Url("")));
  HttpResult sent = PostForm(Srv().Url(""), form);
  REQUIRE_MESSAGE(sent.status == 303, sent.body.substr(0, 300));
  const std::string code = CodeFromLocation(sent.headers["location"]);
  REQUIRE(code.size() == 14);

  // The officer.
  TempDir d;
  Browser b(d);
  LoggedIn(b);
  HttpResult inbox = b.Get(Srv().Url("/can-bo/phan-anh"));
  CHECK(Contains(inbox.body, code));
  CHECK(Contains(inbox.body, "Chậm trả kết quả đăng ký khai sinh"));
  const std::string page_url = Srv().Url("/can-bo/phan-anh/" + code);
  HttpResult page = b.Get(page_url);
  REQUIRE(page.status == 200);
  CHECK(Contains(page.body, "Lò Văn Pấng"));  // officers see the sender; the public never does
  CHECK(Contains(page.body, "Tiếp nhận xử lý"));
  const std::string csrf = Find(page.body, "name=\"csrf\" value=\"([^\"]+)\"");
  auto act = [&](const std::string& fields) {
    return b.Post(page_url + "/xu-ly", "csrf=" + csrf + "&" + fields);
  };
  // An impossible step is refused with the state machine's message.
  HttpResult refused = act("action=publish");
  CHECK(refused.status == 422);
  CHECK(Contains(refused.body, "Không thể chuyển từ «Đã tiếp nhận» sang «Đã công khai kết quả»"));
  CHECK(act("action=accept").status == 303);
  CHECK(act("action=resolve&outcome=amend&answer=").status == 422);  // the answer is required
  CHECK(act("action=resolve&outcome=amend&answer=X%C3%A3+%C4%91%C3%A3+tr%E1%BA%A3+k%E1%BA%BFt+"
            "qu%E1%BA%A3+v%C3%A0+xin+l%E1%BB%97i.")
            .status == 303);
  // Resolved but not yet published: the lookup does not show the answer.
  const std::string lookup = "ma=" + code + "&so4=5678";
  HttpResult before =
      HttpPost(Srv().Url("/phan-anh/tra-cuu"), lookup, "application/x-www-form-urlencoded");
  CHECK(Contains(before.body, "Đã có kết quả xử lý"));
  CHECK_FALSE(Contains(before.body, "Xã đã trả kết quả và xin lỗi."));
  CHECK(act("action=publish").status == 303);
  HttpResult after =
      HttpPost(Srv().Url("/phan-anh/tra-cuu"), lookup, "application/x-www-form-urlencoded");
  CHECK(Contains(after.body, "Xã đã trả kết quả và xin lỗi."));
  CHECK_FALSE(Contains(after.body, "Lò Văn Pấng"));

  HttpResult history = b.Get(page_url);
  CHECK(Contains(history.body, "Đã công khai kết quả"));
  CHECK(Contains(history.body, "Sửa đổi quy định hành chính"));

  // The audit chain holds; tampering with one row is found and named.
  std::string out;
  CHECK(RunMotcua("audit verify --config " + Srv().Conf(), "", &out) == 0);
  CHECK(Contains(out, "every link holds"));
  std::string original;
  {
    auto db = Srv().Db();
    auto row = db->Prepare("SELECT detail_json FROM audit_log WHERE seq = 3");
    REQUIRE(row->Step().value());
    original = row->Text(0);
    REQUIRE(db->Exec("UPDATE audit_log SET detail_json = '{}' WHERE seq = 3").ok());
  }
  out.clear();
  CHECK(RunMotcua("audit verify --config " + Srv().Conf(), "", &out) == 1);
  CHECK(Contains(out, "BROKEN at entry 3"));
  {
    auto db = Srv().Db();  // put it back for the other tests
    auto fix = db->Prepare("UPDATE audit_log SET detail_json = ? WHERE seq = 3");
    fix->Bind(1, original);
    REQUIRE(fix->Run().ok());
  }
  out.clear();
  CHECK(RunMotcua("audit verify --config " + Srv().Conf(), "", &out) == 0);
}

TEST_CASE("the report page and its CSV (UTF-8 with BOM)") {
  TempDir d;
  Browser b(d);
  LoggedIn(b);
  HttpResult page = b.Get(Srv().Url("/can-bo/bao-cao?ky=2026-q4"));
  CHECK(page.status == 200);
  CHECK(Contains(page.body, "Quý IV năm 2026"));
  CHECK(Contains(page.body, "Tổng số phải xử lý"));
  CHECK(Contains(page.body, "Đã niêm yết"));
  HttpResult csv = b.Get(Srv().Url("/can-bo/bao-cao.csv?ky=2026-q4"));
  CHECK(csv.status == 200);
  CHECK(csv.headers["content-type"] == "text/csv; charset=utf-8");
  CHECK(Contains(csv.headers["content-disposition"], "bao-cao-2026-q4.csv"));
  CHECK(csv.body.rfind("\xEF\xBB\xBF\"Báo cáo", 0) == 0);
  CHECK(Contains(csv.body, "\"Phản ánh, kiến nghị\",\"Tổng số phải xử lý\","));
  CHECK(b.Get(Srv().Url("/can-bo/bao-cao?ky=2026-q9")).status == 422);
}

TEST_CASE("roster from the app: a second holder of a role is refused with a clear message") {
  TempDir d;
  Browser b(d);
  LoggedIn(b);
  const std::string csrf = b.Csrf(Srv().Url("/can-bo/can-bo"));
  auto add = [&](const std::string& user, const std::string& role) {
    return b.Post(Srv().Url("/can-bo/can-bo/them"),
                  "csrf=" + csrf + "&username=" + user + "&full_name=C%C3%A1n+b%E1%BB%99&role=" +
                      role + "&password=mat-khau-dai-123&password2=mat-khau-dai-123");
  };
  HttpResult twice = add("lan2", "centre_civil_servant");
  CHECK(twice.status == 422);
  CHECK(Contains(twice.body, "đã có cán bộ đầu mối"));
  CHECK(add("giamdoc", "centre_leader").status == 303);
  HttpResult roster = b.Get(Srv().Url("/can-bo/can-bo"));
  CHECK(Contains(roster.body, "giamdoc"));
  CHECK(Contains(roster.body, "officer:lan"));  // who made the change
}
