// The feedback service over a real SQLite file: one transaction per record,
// the duplicate guard, deadlines on the working-day calendar, lookups that
// never reveal personal data, the audit chain and the outbox.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "domain/holidays.h"
#include "domain/tracking_code.h"
#include "feedback/service.h"
#include "store/feedback_repo.h"
#include "store/migrations.h"
#include "support/fake_files.h"
#include "support/temp_dir.h"

using motcua::Date;
using motcua::FakeClock;
using motcua::SeededRng;
using motcua::feedback::FeedbackOptions;
using motcua::feedback::FeedbackService;
using motcua::feedback::LookupOutcome;
using motcua::feedback::SubmitOutcome;
using motcua::feedback::SubmitRequest;
using motcua::testing::FakeJpeg;
using K = SubmitOutcome::Kind;

namespace {

struct ServiceFixture {
  motcua::testing::TempDir dir;
  FakeClock clock;
  SeededRng rng{42};
  std::unique_ptr<FeedbackService> svc;

  explicit ServiceFixture(FeedbackOptions opt = {}) {
    clock.SetDate(Date{2026, 4, 24});  // a Friday before Hùng Kings' day and 30/4
    opt.attachments_dir = dir.File("attachments");
    opt.calendar = motcua::domain::BuildCalendar(motcua::domain::ShippedHolidays());
    opt.boot_id = "boot-1";
    Open(opt);
  }
  void Open(const FeedbackOptions& opt) {
    svc.reset();
    auto s = FeedbackService::Open(dir.File("f.db"), clock, rng, opt,
                                   [](const std::string& c) { return c == "1.001193"; });
    REQUIRE_MESSAGE(s.ok(), s.status().ToString());
    svc = std::move(s).value();
  }
  SubmitRequest Form() {
    SubmitRequest r;
    r.from_form = true;
    r.form_token = svc->IssueFormToken();
    r.client_ip = "192.168.1.20";
    auto& in = r.input;
    in.name = "Lò Văn Pấng";
    in.address = "Bản Nà Ngà, xã Mường Bú";
    in.phone = "0912 345 678";
    in.title = "Chậm trả kết quả đăng ký khai sinh";
    in.content = "Tôi nộp hồ sơ ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được.";
    in.kind = "delay_harassment";
    in.procedure_code = "1.001193";
    in.consent = true;
    return r;
  }
  std::unique_ptr<motcua::store::Db> Db() {
    auto db = motcua::store::Db::Open(dir.File("f.db"));
    REQUIRE(db.ok());
    return std::move(db).value();
  }
};

}  // namespace

TEST_CASE("a submission commits feedback, attachments, event, audit and outbox together") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  const std::string jpeg = FakeJpeg(1000);  // outlives the request: Upload::data is a view
  r.input.files = {{"anh.jpg", jpeg}};
  SubmitOutcome out = fx.svc->Submit(r);
  REQUIRE(out.kind == K::kCreated);
  CHECK(out.code.rfind("PA-", 0) == 0);
  CHECK(out.code.size() == 14);

  auto db = fx.Db();
  auto row = motcua::store::FindFeedbackByCode(*db, out.code);
  REQUIRE(row.ok());
  REQUIRE(row->has_value());
  const auto& f = **row;
  CHECK(f.sender_phone == "0912345678");
  CHECK(f.phone_last4 == "5678");
  CHECK(f.received_date == "2026-04-24");
  CHECK(f.state == "received");
  CHECK(f.boot_id == "boot-1");
  CHECK(f.client_ip_hash.size() == 16);
  CHECK(f.client_ip_hash.find("192.168") == std::string::npos);
  // 10 working days after Fri 24/4/2026, skipping the weekend, Hùng Kings'
  // compensatory Monday 27/4, 30/4 and 1/5.
  CHECK(f.answer_due == "2026-05-13");
  CHECK(f.transfer_due == "2026-05-06");
  CHECK(f.answer_rule == "10 ngày làm việc");

  auto files = motcua::store::FeedbackAttachments(*db, f.id);
  REQUIRE(files.ok());
  REQUIRE(files->size() == 1);
  const auto& a = (*files)[0];
  CHECK(a.kind == "jpeg");
  CHECK(a.original_name == "anh.jpg");
  CHECK(a.stored_name != "anh.jpg");
  CHECK(a.size == static_cast<int64_t>(jpeg.size()));
  std::ifstream in(fx.dir.File("attachments/" + a.stored_name), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  CHECK(bytes == jpeg);

  auto events = motcua::store::FeedbackEvents(*db, f.id);
  REQUIRE(events->size() == 1);
  CHECK((*events)[0].state == "received");
  auto outbox = motcua::store::OutboxEntries(*db);
  REQUIRE(outbox->size() == 1);
  CHECK((*outbox)[0].kind == "feedback.received");
  CHECK((*outbox)[0].state == "pending");
  auto payload = nlohmann::json::parse((*outbox)[0].payload_json);
  CHECK(payload["code"] == out.code);
  CHECK(payload["attachments"][0]["sha256"] == a.sha256);
  auto audit = motcua::store::AuditEntries(*db);
  REQUIRE(audit->size() == 1);
  CHECK((*audit)[0].subject == out.code);
  // The audit detail carries no personal data.
  CHECK((*audit)[0].detail_json.find("0912345678") == std::string::npos);
  CHECK((*audit)[0].detail_json.find("Pấng") == std::string::npos);
  CHECK(fx.svc->VerifyAuditChain().value() == -1);
}

TEST_CASE("the same form sent twice gives the same code and one record") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  const std::string jpeg = FakeJpeg(1000);
  r.input.files = {{"anh.jpg", jpeg}};
  auto first = fx.svc->Submit(r);
  auto second = fx.svc->Submit(r);
  REQUIRE(first.kind == K::kCreated);
  CHECK(second.kind == K::kDuplicate);
  CHECK(second.code == first.code);
  CHECK(second.receipt_key == first.receipt_key);
  auto db = fx.Db();
  CHECK(motcua::store::CountFeedback(*db).value() == 1);
  CHECK(motcua::store::AllAttachmentNames(*db)->size() == 1);
  // A fresh form makes a new record.
  CHECK(fx.svc->Submit(fx.Form()).kind == K::kCreated);
  CHECK(motcua::store::CountFeedback(*db).value() == 2);
  CHECK(fx.svc->VerifyAuditChain().value() == -1);
}

TEST_CASE("forms need a token this server signed, the honeypot refuses") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  r.form_token = "";
  CHECK(fx.svc->Submit(r).kind == K::kForbidden);
  r.form_token = "0123456789abcdef0123456789abcdef.1.0123456789abcdef0123456789abcdef";
  CHECK(fx.svc->Submit(r).kind == K::kForbidden);
  r = fx.Form();
  r.honeypot = "http://spam.example";
  CHECK(fx.svc->Submit(r).kind == K::kHoneypot);
  CHECK(motcua::store::CountFeedback(*fx.Db()).value() == 0);
}

TEST_CASE("an old form is shown again with its values, a used one still redirects") {
  ServiceFixture fx;
  SubmitRequest old_form = fx.Form();
  SubmitRequest used = fx.Form();
  REQUIRE(fx.svc->Submit(used).kind == K::kCreated);
  fx.clock.Advance(8LL * 24 * 3600 * 1000);
  auto out = fx.svc->Submit(old_form);
  CHECK(out.kind == K::kTokenExpired);
  CHECK(out.validation.echo.name == "Lò Văn Pấng");
  CHECK(fx.svc->Submit(used).kind == K::kDuplicate);
}

TEST_CASE("API idempotency keys guard API resends") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  r.from_form = false;
  r.form_token.clear();
  r.idempotency_key = "kiosk-1:42";
  auto a = fx.svc->Submit(r);
  auto b = fx.svc->Submit(r);
  REQUIRE(a.kind == K::kCreated);
  CHECK(b.kind == K::kDuplicate);
  CHECK(a.code == b.code);
  r.idempotency_key.clear();
  CHECK(fx.svc->Submit(r).kind == K::kCreated);  // no key: a new record each time
}

TEST_CASE("invalid input stores nothing and writes no file") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  const std::string jpeg = FakeJpeg(1000);
  r.input.files = {{"anh.jpg", jpeg}};
  r.input.phone = "123";
  auto out = fx.svc->Submit(r);
  CHECK(out.kind == K::kInvalid);
  REQUIRE(out.validation.errors.size() == 1);
  CHECK(out.validation.errors[0].field == "phone");
  CHECK(motcua::store::CountFeedback(*fx.Db()).value() == 0);
  struct stat sb;
  CHECK(stat(fx.dir.File("attachments").c_str(), &sb) == 0);
  // The token was not used: the corrected form goes through.
  r.input.phone = "0912345678";
  CHECK(fx.svc->Submit(r).kind == K::kCreated);
}

TEST_CASE("submission rate limit per client, lifted as the monotonic clock moves") {
  FeedbackOptions opt;
  opt.submit_limit = {2, 600'000};
  ServiceFixture fx(opt);
  CHECK(fx.svc->Submit(fx.Form()).kind == K::kCreated);
  CHECK(fx.svc->Submit(fx.Form()).kind == K::kCreated);
  auto limited = fx.svc->Submit(fx.Form());
  CHECK(limited.kind == K::kRateLimited);
  CHECK(limited.retry_after_ms == 600'000);
  SubmitRequest other = fx.Form();
  other.client_ip = "192.168.1.21";
  CHECK(fx.svc->Submit(other).kind == K::kCreated);
  fx.clock.Advance(600'000);
  CHECK(fx.svc->Submit(fx.Form()).kind == K::kCreated);
}

TEST_CASE("lookup: code and last 4 phone digits, wrong or unknown give one answer") {
  FeedbackOptions opt;
  opt.lookup_limit = {3, 600'000};
  ServiceFixture fx(opt);
  auto out = fx.svc->Submit(fx.Form());
  REQUIRE(out.kind == K::kCreated);
  const std::string ip = "10.1.1.1";
  auto found = fx.svc->Lookup(out.code, "5678", ip);
  REQUIRE(found.kind == LookupOutcome::Kind::kFound);
  CHECK(found.status.state == motcua::domain::FeedbackState::kReceived);
  CHECK(found.status.answer_due == Date{2026, 5, 13});
  REQUIRE(found.status.history.size() == 1);
  // Typed loosely: lower case, spaces, O for 0 is read as 0.
  std::string loose = out.code;
  for (char& c : loose) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(fx.svc->Lookup(" " + loose + " ", "5678", ip).kind == LookupOutcome::Kind::kFound);
  CHECK(fx.svc->Lookup(out.code, "5679", ip).kind == LookupOutcome::Kind::kNotFound);
  // A well-formed code nobody has: the same answer as wrong digits.
  std::string other = "PA-" + std::string(9, '2');
  other = *motcua::domain::NormalizeTrackingCode(
      other + motcua::domain::TrackingCheckSymbol(std::string(9, '2')));
  CHECK(fx.svc->Lookup(other, "5678", "10.1.1.2").kind == LookupOutcome::Kind::kNotFound);
  std::string typo = out.code;
  typo[4] = typo[4] == '7' ? '8' : '7';  // one symbol mistyped: the check symbol catches it
  CHECK(fx.svc->Lookup(typo, "5678", "10.1.1.2").kind == LookupOutcome::Kind::kBadCode);
  CHECK(fx.svc->Lookup(out.code, "56a8", "10.1.1.2").kind == LookupOutcome::Kind::kBadPhone4);
  // The 4th lookup of this client in the window is refused, right or wrong.
  CHECK(fx.svc->Lookup(out.code, "5678", ip).kind == LookupOutcome::Kind::kRateLimited);
  fx.clock.Advance(600'000);
  CHECK(fx.svc->Lookup(out.code, "5678", ip).kind == LookupOutcome::Kind::kFound);
}

TEST_CASE("receipt needs the key handed out with the code") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  const std::string jpeg = FakeJpeg(1000);
  r.input.files = {{"a.jpg", jpeg}};
  auto out = fx.svc->Submit(r);
  auto ok = fx.svc->Receipt(out.code, out.receipt_key);
  REQUIRE(ok.ok());
  REQUIRE(ok->has_value());
  CHECK((*ok)->phone_last4 == "5678");
  CHECK((*ok)->attachments == 1);
  CHECK((*ok)->answer_due == Date{2026, 5, 13});
  CHECK_FALSE(fx.svc->Receipt(out.code, "")->has_value());
  CHECK_FALSE(fx.svc->Receipt(out.code, std::string(24, '0'))->has_value());
}

TEST_CASE("answer deadline is configurable: working or calendar days") {
  FeedbackOptions opt;
  opt.deadlines.answer = {7, false};  // 7 calendar days
  ServiceFixture fx(opt);
  auto out = fx.svc->Submit(fx.Form());
  auto row = motcua::store::FindFeedbackByCode(*fx.Db(), out.code);
  // 24/4 + 7 = 1/5, a holiday: moves to the next working day, Mon 4/5.
  CHECK((*row)->answer_due == "2026-05-04");
  CHECK((*row)->answer_rule == "7 ngày");
}

TEST_CASE("start-up removes attachment files no committed record refers to") {
  ServiceFixture fx;
  SubmitRequest r = fx.Form();
  const std::string jpeg = FakeJpeg(1000);
  r.input.files = {{"a.jpg", jpeg}};
  auto out = fx.svc->Submit(r);
  REQUIRE(out.kind == K::kCreated);
  std::ofstream(fx.dir.File("attachments/deadbeef.jpg")) << "left by a crash";
  std::ofstream(fx.dir.File("attachments/cafe.jpg.part")) << "half written";
  FeedbackOptions opt;
  opt.attachments_dir = fx.dir.File("attachments");
  fx.Open(opt);
  struct stat sb;
  CHECK(stat(fx.dir.File("attachments/deadbeef.jpg").c_str(), &sb) != 0);
  CHECK(stat(fx.dir.File("attachments/cafe.jpg.part").c_str(), &sb) != 0);
  auto names = motcua::store::AllAttachmentNames(*fx.Db());
  REQUIRE(names->size() == 1);
  CHECK(stat(fx.dir.File("attachments/" + (*names)[0]).c_str(), &sb) == 0);
}

TEST_CASE("the schema has the feedback tables at version 10") {
  motcua::testing::TempDir dir;
  auto db = motcua::store::Db::Open(dir.File("m.db"));
  REQUIRE(motcua::store::MigrateTo(**db, 1).ok());
  CHECK(motcua::store::SchemaVersion(**db).value() == 1);
  REQUIRE(motcua::store::Migrate(**db).ok());
  CHECK(motcua::store::SchemaVersion(**db).value() >= 10);
  for (const char* t : {"feedback", "feedback_attachments", "feedback_events", "audit_log",
                        "outbox", "form_tokens"}) {
    auto st = (*db)->Prepare(std::string("SELECT COUNT(*) FROM ") + t);
    CAPTURE(t);
    REQUIRE(st.ok());
    CHECK(st->Step().value());
  }
}
