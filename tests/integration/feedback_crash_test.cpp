// Power cuts during bursts: clients send submissions (JSON, and forms with
// an attachment) while the server is killed with SIGKILL at a random moment,
// restarted on the same files, and killed again, round after round. After
// each cut every tracking code a client received must be in the database
// with its content and its files, the database must pass PRAGMA
// integrity_check, the audit chain must verify, and the server must start
// again and answer lookups.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "crypto/hash.h"
#include "domain/audit_chain.h"
#include "feedback_client.h"
#include "store/feedback_repo.h"

using namespace motcua::testing;  // NOLINT: test file
using nlohmann::json;

namespace {

struct Acked {
  std::string content;
  std::string attachment_sha;  // empty for JSON submissions
};

}  // namespace

TEST_CASE("SIGKILL during bursts, again and again, loses no acknowledged submission") {
  FeedbackServer s("feedback_rate_limit = 0\nlookup_rate_limit = 0\nthreads = 8\n");
  std::string base = s.server->base_url();
  std::mt19937 rng(std::random_device{}());
  std::mutex mu;
  std::map<std::string, Acked> acked;  // code -> what was sent
  std::atomic<bool> stop{false};
  std::atomic<int> count{0};

  auto json_client = [&](int id) {
    for (int i = 0; !stop; ++i) {
      const std::string content = "Phản ánh thử nghiệm số " + std::to_string(i) + " của máy " +
                                  std::to_string(id) + ": nội dung đủ dài để hợp lệ.";
      json body = {{"name", "Người gửi " + std::to_string(id)},
                   {"address", "Bản Thử"},
                   {"phone", "0912345678"},
                   {"title", "Thử mất điện"},
                   {"content", content},
                   {"kind", "other"},
                   {"consent", true}};
      HttpResult r =
          HttpPost(base + "/api/v1/feedback", body.dump(), "application/json", Opts({}, 5000));
      if (r.status != 201) continue;  // killed mid-request: never acknowledged
      std::lock_guard<std::mutex> lock(mu);
      acked[json::parse(r.body)["code"]] = {content, ""};
      ++count;
    }
  };
  auto form_client = [&](int id) {
    for (int i = 0; !stop; ++i) {
      HttpResult page = HttpGet(base + "/phan-anh", Opts({}, 5000));
      if (page.status != 200) continue;
      const size_t at = page.body.find("name=\"form_token\" value=\"");
      if (at == std::string::npos) continue;
      const size_t from = at + 25;
      const std::string token = page.body.substr(from, page.body.find('"', from) - from);
      auto parts = GoodForm(token);
      const std::string content = "Biểu mẫu thử số " + std::to_string(i) + " của máy " +
                                  std::to_string(id) + " kèm một ảnh chụp.";
      SetPart(parts, "content", content);
      std::string jpg = FakeJpeg(20000 + 1000 * id);
      jpg.replace(20, 16, std::to_string(id * 1000000 + i));
      parts.push_back({"files", jpg, "anh.jpg", "image/jpeg"});
      HttpResult r = PostForm(base, parts, Opts({}, 5000));
      if (r.status != 303) continue;
      const std::string code = CodeFromLocation(r.headers["location"]);
      std::lock_guard<std::mutex> lock(mu);
      acked[code] = {content, motcua::crypto::Sha256Hex(jpg)};
      ++count;
    }
  };

  auto check_all = [&] {
    auto db = s.Db();
    CHECK(db->IntegrityCheck().ok());
    for (const auto& kv : acked) {
      // Not a structured binding: CAPTURE's lambda may not capture one (clang).
      const std::string& code = kv.first;
      const Acked& sent = kv.second;
      CAPTURE(code);
      auto row = motcua::store::FindFeedbackByCode(*db, code);
      REQUIRE(row.ok());
      REQUIRE(row->has_value());
      CHECK((*row)->content == sent.content);
      auto files = motcua::store::FeedbackAttachments(*db, (*row)->id);
      if (sent.attachment_sha.empty()) {
        CHECK(files->empty());
        continue;
      }
      REQUIRE(files->size() == 1);
      CHECK((*files)[0].sha256 == sent.attachment_sha);
      std::ifstream in(s.AttachmentPath((*files)[0].stored_name), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      CHECK(motcua::crypto::Sha256Hex(bytes) == sent.attachment_sha);
    }
    // One audit entry and one outbox entry per record, and the chain holds.
    auto audit = motcua::store::AuditEntries(*db);
    const int64_t records = motcua::store::CountFeedback(*db).value();
    CHECK(static_cast<int64_t>(audit->size()) == records);
    CHECK(static_cast<int64_t>(motcua::store::OutboxEntries(*db, 0, 100000)->size()) == records);
    CHECK(motcua::domain::VerifyChain(*audit).value() == -1);
  };

  constexpr int kRounds = 4;
  for (int round = 1; round <= kRounds; ++round) {
    CAPTURE(round);
    stop = false;
    const int target = count + 25;
    std::vector<std::thread> clients;
    clients.emplace_back(json_client, 1);
    clients.emplace_back(json_client, 2);
    clients.emplace_back(form_client, 3);
    clients.emplace_back(form_client, 4);
    for (int waited = 0; count < target && waited < 30000; waited += 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    // A random moment a little later: requests are in flight right now.
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 40));
    s.server->Kill(SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
    REQUIRE(count >= target);
    MESSAGE("round " << round << ": acknowledged so far " << acked.size());
    check_all();
    if (round < kRounds) {
      REQUIRE_MESSAGE(s.server->Start(), s.server->log());
      base = s.server->base_url();
    }
  }

  // The server comes back on the same files and answers for what it acknowledged.
  REQUIRE_MESSAGE(s.server->Start(), s.server->log());
  const std::string code = acked.begin()->first;
  HttpResult st = HttpGet(s.Url("/api/v1/feedback/" + code + "?phone4=5678"));
  CHECK(st.status == 200);
  CHECK(HttpPost(s.Url("/api/v1/feedback"),
                 json{{"name", "Sau khi khởi động lại"},
                      {"address", "Bản Thử"},
                      {"phone", "0912345678"},
                      {"title", "Sau mất điện"},
                      {"content", "Hệ thống vẫn nhận phản ánh sau khi khởi động lại."},
                      {"kind", "other"},
                      {"consent", true}}
                     .dump(),
                 "application/json")
            .status == 201);
}
