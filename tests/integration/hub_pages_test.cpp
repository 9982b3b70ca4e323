// The hub's pages (issue 5, "Hub pages") between real processes: `motcua
// hub` with a province officer made by `motcua officer add`, one commune
// board that pushes feedback to it, and the officer logging in through the
// back office's form to read communes, feedback, the report and bundles.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "office_client.h"
#include "support/cut_proxy.h"
#include "support/server_process.h"
#include "support/strings.h"
#include "support/temp_dir.h"

using namespace motcua::testing;  // NOLINT: test file
using nlohmann::json;

namespace {

struct HubAndBoard {
  TempDir dir;
  std::unique_ptr<ServerProcess> hub;
  std::unique_ptr<ServerProcess> board;
  CutProxy proxy;  // between board and hub

  // `hub_unreachable`: the proxy refuses connections until told otherwise.
  explicit HubAndBoard(bool hub_unreachable = false) {
    const std::string conf = dir.File("hub.conf");
    {
      std::ofstream c(conf);
      c << "db = " << dir.File("hub/hub.db") << "\ndata_dir = " << dir.File("hub")
        << "\nhub_listen = 127.0.0.1:0\nhub_plain_http = yes\npublic_levels = all\n"
        << "pbkdf2_iterations = 10000\n";
    }
    std::string out;
    REQUIRE_MESSAGE(RunMotcua("hub key generate --config " + conf, "", &out) == 0, out);
    REQUIRE_MESSAGE(RunMotcua("import --config " + conf + " " + MOTCUA_SOURCE_DIR +
                                  "/server/catalog/demo/procedures.jsonl",
                              "", &out) == 0,
                    out);
    REQUIRE_MESSAGE(
        RunMotcua("hub device add 03646 --config " + conf + " --out " + dir.File("prov"), "",
                  &out) == 0,
        out);
    REQUIRE_MESSAGE(RunMotcua("officer add --config " + conf +
                                  " --username tinh --name 'Cầm Văn Tỉnh' --role "
                                  "centre_civil_servant --password-stdin",
                              std::string(kOfficerPassword) + "\n", &out) == 0,
                    out);
    hub = std::make_unique<ServerProcess>(std::vector<std::string>{"--config", conf});
    hub->set_command("hub");
    REQUIRE_MESSAGE(hub->Start(), hub->log());
    for (int i = 0; i < 200 && hub->ports().size() < 3; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(hub->ports().size() == 3);

    REQUIRE(proxy.Start(hub->ports()[2]));
    proxy.SetRefuse(hub_unreachable);
    std::ifstream in(dir.File("prov/sync.conf"));
    std::ostringstream bc;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("sync_hub =", 0) == 0)
        line = "sync_hub = http://127.0.0.1:" + std::to_string(proxy.port());
      bc << line << "\n";
    }
    bc << "db = " << dir.File("dev/dev.db") << "\ndata_dir = " << dir.File("dev")
       << "\nsync_interval_s = 1\nsync_backoff_min_ms = 50\nsync_backoff_max_ms = 200\n"
       << "feedback_rate_limit = 0\npbkdf2_iterations = 10000\n";
    std::ofstream(dir.File("dev.conf")) << bc.str();
    REQUIRE_MESSAGE(RunMotcua("officer add --config " + dir.File("dev.conf") +
                                  " --username lan --name 'Lò Thị Lan' --role "
                                  "centre_civil_servant --password-stdin",
                              std::string(kOfficerPassword) + "\n", &out) == 0,
                    out);
    board =
        std::make_unique<ServerProcess>(std::vector<std::string>{"--config", dir.File("dev.conf")});
    REQUIRE_MESSAGE(board->Start(), board->log());
  }

  // Returns the tracking code.
  std::string Submit(int i) {
    json body = {{"name", "Người gửi " + std::to_string(i)},
                 {"address", "Bản Thử, phường Tô Hiệu"},
                 {"phone", "0912345678"},
                 {"title", "Phản ánh gửi tỉnh số " + std::to_string(i)},
                 {"content",
                  "Hồ sơ chứng thực nộp đã lâu mà chưa có kết quả, số " + std::to_string(i) + "."},
                 {"kind", "other"},
                 {"consent", true}};
    HttpResult r =
        HttpPost(board->base_url() + "/api/v1/feedback", body.dump(), "application/json");
    REQUIRE_MESSAGE(r.status == 201, r.body);
    return json::parse(r.body)["code"];
  }

  // The board's public status of `code` (state key, answer, history).
  json Lookup(const std::string& code) {
    HttpResult r = HttpGet(board->base_url() + "/api/v1/feedback/" + code + "?phone4=5678");
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return json::parse(r.body);
  }
};

std::string FormEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Polls `get` until `pred` holds (10 s).
template <typename Get, typename Pred>
auto WaitFor(Get get, Pred pred) {
  auto v = get();
  for (int i = 0; i < 100 && !pred(v); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    v = get();
  }
  return v;
}

}  // namespace

TEST_CASE("Hub pages: a province officer logs in and sees communes, feedback, report, bundles") {
  HubAndBoard s;
  for (int i = 0; i < 3; ++i) s.Submit(i);

  const std::string base = s.hub->base_url();
  // Not logged in: the login form, as in the back office.
  HttpResult anon = HttpGet(base + "/can-bo/tinh");
  CHECK((anon.status == 303 || anon.status == 302));
  CHECK(Contains(anon.headers["location"], "/can-bo/dang-nhap"));

  Browser b(s.dir);
  HttpResult login = b.Login(base, "tinh", kOfficerPassword);
  REQUIRE_MESSAGE(login.status == 303, login.body);

  // The board syncs every second: wait until the hub lists its three feedback.
  HttpResult fb;
  for (int i = 0; i < 100; ++i) {
    fb = b.Get(base + "/can-bo/tinh/phan-anh");
    if (fb.status == 200 && Contains(fb.body, "Phản ánh gửi tỉnh số 2") &&
        Contains(fb.body, "Phản ánh gửi tỉnh số 0"))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(fb.status == 200);
  CHECK(Contains(fb.body, "Phản ánh gửi tỉnh số 0"));
  CHECK(Contains(fb.body, "Phường Tô Hiệu"));
  CHECK(Contains(fb.body, "3 phản ánh, 3 đang xử lý, 0 quá hạn"));
  CHECK_FALSE(Contains(fb.body, "Người gửi"));  // no personal data on the list
  CHECK(Contains(fb.body, "Các xã</a>"));       // the hub's navigation

  HttpResult communes = b.Get(base + "/can-bo/tinh");
  REQUIRE(communes.status == 200);
  CHECK(Contains(communes.body, "Phường Tô Hiệu"));
  CHECK(Contains(communes.body, "Thiết bị 03646-1"));
  CHECK(Contains(communes.body, "Liên lạc lần cuối"));
  CHECK(Contains(communes.body, "74 xã, phường chưa có thiết bị"));
  CHECK(Contains(communes.body, "khớp giờ tỉnh"));

  HttpResult report = b.Get(base + "/can-bo/tinh/bao-cao");
  REQUIRE(report.status == 200);
  CHECK(Contains(report.body, "Báo cáo tổng hợp phản ánh, kiến nghị"));
  CHECK(
      Contains(report.body, "<th scope=\"row\">Tiếp nhận mới trong kỳ</th><td class=\"n\">3</td>"));
  CHECK(Contains(report.body, "Phường Tô Hiệu</a></th><td class=\"n\">3</td>"));
  CHECK(b.Get(base + "/can-bo/tinh/bao-cao?ky=khong-co").status == 400);

  // The board asked for its bundle on its first contact and holds the version issued.
  HttpResult procs;
  std::string issued, held;
  for (int i = 0; i < 50; ++i) {
    procs = b.Get(base + "/can-bo/tinh/thu-tuc");
    issued = Find(procs.body, "Danh mục phiên bản ([0-9]+)");
    held = Find(procs.body, "Thiết bị 03646-1: đang dùng phiên bản ([0-9]+)");
    if (!issued.empty() && held == issued) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(procs.status == 200);
  REQUIRE_FALSE(issued.empty());
  CHECK(held == issued);
  CHECK_FALSE(Contains(procs.body, "chờ cập nhật"));

  HttpResult one = b.Get(base + "/can-bo/tinh/xa/03646");
  REQUIRE(one.status == 200);
  CHECK(Contains(one.body, "Danh mục thủ tục"));
  CHECK(Contains(one.body, "Chưa báo niêm yết"));
  CHECK(b.Get(base + "/can-bo/tinh/xa/99999").status == 404);
}

TEST_CASE("A board that has not reached the hub since start warns on every officer page") {
  HubAndBoard s(/*hub_unreachable=*/true);
  const std::string base = s.board->base_url();
  Browser b(s.dir, "board-jar");
  REQUIRE(b.Login(base, "lan", kOfficerPassword).status == 303);
  const std::string warning = "chưa được đối chiếu với giờ tỉnh";
  for (const char* path : {"/can-bo/", "/can-bo/phan-anh", "/can-bo/dong-bo"}) {
    HttpResult r = b.Get(base + path);
    CHECK(r.status == 200);
    CHECK_MESSAGE(Contains(r.body, warning), path);
  }
  // The hub answers: the clock is confirmed and the warning goes.
  s.proxy.SetRefuse(false);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gone = !Contains(b.Get(base + "/can-bo/").body, warning);
  }
  CHECK(gone);
}

TEST_CASE("A step decided at the province reaches the commune once, through its workflow") {
  HubAndBoard s;
  const std::string code = s.Submit(0);
  const std::string hub = s.hub->base_url();
  Browser b(s.dir);
  REQUIRE(b.Login(hub, "tinh", kOfficerPassword).status == 303);

  // The feedback reaches the hub; its page there offers the steps allowed now.
  const std::string page = hub + "/can-bo/tinh/phan-anh/03646-1/" + code;
  HttpResult one = WaitFor([&] { return b.Get(page); },
                           [](const HttpResult& r) { return r.status == 200; });
  REQUIRE(one.status == 200);
  CHECK(Contains(one.body, "Phản ánh gửi tỉnh số 0"));
  CHECK(Contains(one.body, "Xử lý tại tỉnh, gửi về xã"));
  CHECK(Contains(one.body, "value=\"accept\""));
  CHECK_FALSE(Contains(one.body, "Người gửi 0"));  // no personal data at the hub
  CHECK(Contains(b.Get(hub + "/can-bo/tinh/phan-anh").body, "href=\"/can-bo/tinh/phan-anh/03646-1/" + code));
  const std::string csrf = Find(one.body, "name=\"csrf\" value=\"([^\"]+)\"");
  REQUIRE_FALSE(csrf.empty());

  // Wrong input is refused at the hub with the machine's message; nothing is sent.
  HttpResult bad = b.Post(page, "csrf=" + csrf + "&action=resolve&outcome=amend&answer=");
  CHECK(bad.status == 422);
  CHECK(Contains(bad.body, "Không thể chuyển"));
  CHECK(b.Post(page, "csrf=" + csrf + "&action=khong-co").status == 422);
  HttpResult long_reason =
      b.Post(page, "csrf=" + csrf + "&action=reject&reason=" + std::string(4001, 'a'));
  CHECK(long_reason.status == 422);
  CHECK(Contains(long_reason.body, "Nội dung quá dài"));
  CHECK(b.Post(page, "action=accept").status == 403);  // no CSRF token
  CHECK(b.Get(hub + "/can-bo/tinh/phan-anh/03646-1/PA-KHONGCO").status == 404);
  CHECK(b.Get(hub + "/can-bo/tinh/phan-anh/99999-1/" + code).status == 404);

  // Accept: sent, then a second step waits until the commune answered.
  HttpResult sent = b.Post(page, "csrf=" + csrf + "&action=accept");
  REQUIRE_MESSAGE(sent.status == 303, sent.body);
  HttpResult again = b.Post(page, "csrf=" + csrf + "&action=accept");
  CHECK((again.status == 409 || again.status == 422));  // waiting, or already applied

  // The board applies it through its workflow: state, public note, its audit.
  json st = WaitFor([&] { return s.Lookup(code); },
                    [](const json& j) { return j["state"] == "in_progress"; });
  CHECK(st["state"] == "in_progress");
  CHECK(st["history"].size() == 2);
  Browser lan(s.dir, "board-jar");
  REQUIRE(lan.Login(s.board->base_url(), "lan", kOfficerPassword).status == 303);
  CHECK(Contains(lan.Get(s.board->base_url() + "/can-bo/phan-anh/" + code).body,
                 "cán bộ tỉnh tinh"));

  // The board's answer and its status change come back: the hub shows both.
  one = WaitFor([&] { return b.Get(page); },
                [](const HttpResult& r) { return Contains(r.body, "Xã đã thực hiện"); });
  CHECK(Contains(one.body, "Xã đã thực hiện"));
  CHECK(Contains(one.body, "Đang xử lý"));
  CHECK(Contains(one.body, "value=\"resolve\""));

  // The province answers; the board records and, once published, shows it.
  const std::string answer = "Hồ sơ đã được giải quyết; tỉnh đã đôn đốc bộ phận liên quan.";
  sent = b.Post(page, "csrf=" + csrf + "&action=resolve&outcome=recommend&answer=" +
                          FormEncode(answer));
  REQUIRE_MESSAGE(sent.status == 303, sent.body);
  st = WaitFor([&] { return s.Lookup(code); },
               [](const json& j) { return j["state"] == "resolved"; });
  CHECK(st["state"] == "resolved");
  one = WaitFor([&] { return b.Get(page); }, [](const HttpResult& r) {
    return !Contains(r.body, "Đang chờ xã nhận") && Contains(r.body, "value=\"publish\"");
  });

  // A step decided from a state the commune has since left is refused there,
  // not applied on top: the board publishes while cut off from the hub, the
  // hub (still seeing "resolved") sends "publish".
  s.proxy.SetRefuse(true);
  const std::string bcsrf = lan.Csrf(s.board->base_url() + "/can-bo/phan-anh/" + code);
  REQUIRE(lan.Post(s.board->base_url() + "/can-bo/phan-anh/" + code + "/xu-ly",
                   "csrf=" + bcsrf + "&action=publish")
              .status == 303);
  sent = b.Post(page, "csrf=" + csrf + "&action=publish");
  REQUIRE_MESSAGE(sent.status == 303, sent.body);
  s.proxy.SetRefuse(false);
  one = WaitFor([&] { return b.Get(page); },
                [](const HttpResult& r) { return Contains(r.body, "Xã không thực hiện"); });
  CHECK(Contains(one.body, "Xã không thực hiện"));
  CHECK(Contains(one.body, "Phản ánh đang ở trạng thái «Đã công khai kết quả»"));
  st = s.Lookup(code);
  CHECK(st["state"] == "published");
  CHECK(st["history"].size() == 4);  // received, accepted, resolved, published once
  // The board's officers see the refusal among the sync alerts.
  CHECK(Contains(lan.Get(s.board->base_url() + "/can-bo/dong-bo").body,
                 "Không áp dụng được thông báo từ tỉnh"));
}
