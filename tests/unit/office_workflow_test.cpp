// The feedback workflow through the back office: the state machine decides,
// every step is stored with its event, audit entry and outbox entry; the
// inbox sorts by deadline; the report's sums hold.
#include <doctest/doctest.h>

#include "domain/audit_chain.h"
#include "domain/procedure.h"
#include "office_fixture.h"
#include "store/feedback_repo.h"

using motcua::testing::OfficeFixture;
using namespace motcua;  // NOLINT: test file
using domain::FeedbackAction;
using domain::FeedbackState;

namespace {

const office::Actor kLan{1, "lan", "Lò Thị Lan", "192.168.1.20"};

// A feedback as the intake stores it (row + the receipt event).
void Receive(OfficeFixture& f, const std::string& code, const Date& on,
             const std::string& kind = "not_practical") {
  auto db = f.Db();
  const auto due = domain::ComputeDueDates(*f.office->Calendar(),
                                           f.office->options().deadlines, on);
  store::FeedbackRow r;
  r.code = code;
  r.received_at = on.ToDays() * 86400000LL;
  r.received_date = on.ToIso();
  r.kind = kind;
  r.title = "Phản ánh " + code;
  r.content = "Nội dung";
  r.sender_name = "Quàng Văn Minh";
  r.sender_address = "Bản Hụm";
  r.sender_phone = "0912345678";
  r.phone_last4 = "5678";
  r.consent = true;
  r.state_since = on.ToIso();
  r.transfer_due = due.transfer.ToIso();
  r.answer_due = due.answer.ToIso();
  r.updated_at = r.received_at;
  auto id = store::InsertFeedback(*db, r);
  REQUIRE(id.ok());
  store::FeedbackEventRow ev;
  ev.feedback_id = *id;
  ev.at = r.received_at;
  ev.on_date = r.received_date;
  ev.state = "received";
  ev.public_note = "Đã tiếp nhận.";
  REQUIRE(store::InsertFeedbackEvent(*db, ev).ok());
}

domain::ActionInput In(FeedbackAction a) {
  domain::ActionInput in;
  in.action = a;
  return in;
}

}  // namespace

TEST_CASE("a full life cycle: accept, clarify, resolve, publish, archive") {
  OfficeFixture f;
  Receive(f, "PA-AAAAA-00001", {2026, 3, 2});
  REQUIRE(f.office->Act("PA-AAAAA-00001", In(FeedbackAction::kAcceptForHandling), kLan).ok());
  auto ask = In(FeedbackAction::kAskClarification);
  ask.reason = "Xin cho biết số hồ sơ.";
  REQUIRE(f.office->Act("PA-AAAAA-00001", ask, kLan).ok());
  f.clock.Advance(86400000);
  REQUIRE(f.office->Act("PA-AAAAA-00001", In(FeedbackAction::kClarificationReceived), kLan).ok());
  auto resolve = In(FeedbackAction::kResolve);
  resolve.outcome = domain::Outcome::kAmend;
  resolve.answer = "Xã đã bỏ yêu cầu bản sao.";
  REQUIRE(f.office->Act("PA-AAAAA-00001", resolve, kLan).ok());
  auto d = f.office->Feedback("PA-AAAAA-00001");
  REQUIRE(d->has_value());
  CHECK((*d)->row.answer == std::optional<std::string>("Xã đã bỏ yêu cầu bản sao."));
  CHECK_FALSE((*d)->row.answer_published_at.has_value());  // not public yet
  CHECK((*d)->row.klass == "within_competence");
  REQUIRE(f.office->Act("PA-AAAAA-00001", In(FeedbackAction::kPublishAnswer), kLan).ok());
  REQUIRE(f.office->Act("PA-AAAAA-00001", In(FeedbackAction::kArchive), kLan).ok());
  d = f.office->Feedback("PA-AAAAA-00001");
  CHECK((*d)->state == FeedbackState::kArchived);
  CHECK((*d)->row.answer_published_at.has_value());
  CHECK((*d)->actions.empty());
  REQUIRE((*d)->events.size() == 7);
  CHECK((*d)->events[2].public_note == "Đề nghị ông/bà làm rõ: Xin cho biết số hồ sơ.");
  CHECK((*d)->events[3].on_date == "2026-03-03");
  CHECK((*d)->events[4].outcome == std::optional<std::string>("amend"));
  CHECK((*d)->events[4].actor == "officer:lan");

  auto audit = store::AuditEntries(*f.Db());
  REQUIRE(audit.ok());
  CHECK(audit->back().action == "feedback.archive");
  CHECK(audit->back().subject == "PA-AAAAA-00001");
  CHECK(*domain::VerifyChain(*audit) == -1);
  auto outbox = store::OutboxEntries(*f.Db());
  int status_msgs = 0;
  for (const auto& o : *outbox) status_msgs += o.kind == "feedback.status";
  CHECK(status_msgs == 6);
}

TEST_CASE("impossible transitions and missing inputs are refused with the machine's message") {
  OfficeFixture f;
  Receive(f, "PA-AAAAA-00002", {2026, 3, 2});
  auto r = f.office->Act("PA-AAAAA-00002", In(FeedbackAction::kPublishAnswer), kLan);
  CHECK(r.status().code() == Code::kInvalidArgument);
  CHECK(r.status().message().find("Không thể chuyển từ «Đã tiếp nhận»") != std::string::npos);
  auto transfer = In(FeedbackAction::kTransferOutsideCompetence);
  CHECK(f.office->Act("PA-AAAAA-00002", transfer, kLan).status().code() == Code::kInvalidArgument);
  auto reject = In(FeedbackAction::kRejectNotAccepted);
  reject.reason = "   ";
  CHECK(f.office->Act("PA-AAAAA-00002", reject, kLan).status().code() == Code::kInvalidArgument);
  CHECK(f.office->Act("PA-KHONG-COOO1", In(FeedbackAction::kArchive), kLan).status().code() ==
        Code::kNotFound);
  // Nothing was written by the refusals.
  CHECK((*f.office->Feedback("PA-AAAAA-00002"))->events.size() == 1);
  transfer.target_body = "Sở Tư pháp tỉnh Sơn La";
  REQUIRE(f.office->Act("PA-AAAAA-00002", transfer, kLan).ok());
  auto d = f.office->Feedback("PA-AAAAA-00002");
  CHECK((*d)->row.klass == "outside_competence");
  CHECK((*d)->events.back().public_note.find("Sở Tư pháp tỉnh Sơn La") != std::string::npos);
}

TEST_CASE("a step decided at the province: the expected state, and its hook inside the step") {
  OfficeFixture f;
  Receive(f, "PA-AAAAA-00003", {2026, 3, 2});
  const office::Actor tinh{0, "province:tinh", "Cầm Văn Tỉnh", ""};
  const size_t outbox0 = store::OutboxEntries(*f.Db())->size();
  const size_t audit0 = store::AuditEntries(*f.Db())->size();

  // Decided from another state than the stored one: refused, nothing written.
  office::ActOptions stale;
  stale.expect_state = "in_progress";
  auto r = f.office->Act("PA-AAAAA-00003", In(FeedbackAction::kAcceptForHandling), tinh, stale);
  CHECK(r.status().code() == Code::kConflict);
  CHECK(r.status().message() ==
        "Phản ánh đang ở trạng thái «Đã tiếp nhận», không còn «Đang xử lý» như lúc quyết định "
        "thao tác này.");

  // The hook fails: the whole step rolls back (row, event, audit, outbox).
  office::ActOptions failing;
  failing.expect_state = "received";
  failing.also = [](store::Db& db) {
    REQUIRE(db.Exec("CREATE TABLE hook_ran(x)").ok());  // rolled back with the step
    return motcua::Status(Code::kConflict, "hub message 4 already handled");
  };
  r = f.office->Act("PA-AAAAA-00003", In(FeedbackAction::kAcceptForHandling), tinh, failing);
  CHECK(r.status().code() == Code::kConflict);
  auto d = f.office->Feedback("PA-AAAAA-00003");
  CHECK((*d)->state == FeedbackState::kReceived);
  CHECK((*d)->events.size() == 1);
  CHECK(store::OutboxEntries(*f.Db())->size() == outbox0);
  CHECK(store::AuditEntries(*f.Db())->size() == audit0);
  CHECK_FALSE(f.Db()->Exec("SELECT * FROM hook_ran").ok());

  // The hook succeeds: one step, written with it, by the province officer.
  int ran = 0;
  office::ActOptions ok;
  ok.expect_state = "received";
  ok.also = [&ran](store::Db& db) {
    ++ran;
    return db.Exec("CREATE TABLE hook_ran(x)");
  };
  REQUIRE(f.office->Act("PA-AAAAA-00003", In(FeedbackAction::kAcceptForHandling), tinh, ok).ok());
  CHECK(ran == 1);
  CHECK(f.Db()->Exec("SELECT * FROM hook_ran").ok());
  d = f.office->Feedback("PA-AAAAA-00003");
  CHECK((*d)->state == FeedbackState::kInProgress);
  CHECK((*d)->events.back().actor == "province:tinh");
  CHECK(store::AuditEntries(*f.Db())->back().actor == "province:tinh");
}

TEST_CASE("inbox: overdue first, then by due date, filters by state, kind and deadline") {
  OfficeFixture f;
  Receive(f, "PA-AAAAA-00010", {2026, 3, 2});                // transfer due 09/03
  Receive(f, "PA-AAAAA-00011", {2026, 2, 23}, "illegal");    // transfer due 02/03: today
  Receive(f, "PA-AAAAA-00012", {2026, 2, 2});                // long overdue
  f.clock.SetDate({2026, 3, 5});  // Thursday
  auto all = f.office->Inbox({});
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].row.code == "PA-AAAAA-00012");
  CHECK((*all)[0].flags.overdue);
  CHECK((*all)[1].row.code == "PA-AAAAA-00011");
  CHECK((*all)[1].flags.overdue);
  CHECK((*all)[2].row.code == "PA-AAAAA-00010");
  CHECK((*all)[2].flags.due_soon);  // 09/03 is 2 working days away
  office::InboxQuery soon;
  soon.due = office::InboxQuery::Due::kDueSoon;
  CHECK(f.office->Inbox(soon)->size() == 1);
  office::InboxQuery late;
  late.due = office::InboxQuery::Due::kOverdue;
  CHECK(f.office->Inbox(late)->size() == 2);
  office::InboxQuery kind;
  kind.kind = domain::FeedbackKind::kIllegal;
  CHECK(f.office->Inbox(kind)->size() == 1);

  // Accepted, the answer clock runs instead; archived ones leave the inbox.
  REQUIRE(f.office->Act("PA-AAAAA-00012", In(FeedbackAction::kAcceptForHandling), kLan).ok());
  auto after = f.office->Inbox({});
  CHECK(after->at(0).flags.clock == domain::DeadlineClock::kAnswer);
  auto reject = In(FeedbackAction::kRejectNotAccepted);
  reject.reason = "Thiếu địa chỉ người gửi.";
  REQUIRE(f.office->Act("PA-AAAAA-00011", reject, kLan).ok());
  REQUIRE(f.office->Act("PA-AAAAA-00011", In(FeedbackAction::kArchive), kLan).ok());
  CHECK(f.office->Inbox({})->size() == 2);
  office::InboxQuery archived;
  archived.state = FeedbackState::kArchived;
  CHECK(f.office->Inbox(archived)->size() == 1);
}

TEST_CASE("reports count the stored histories and their sums hold") {
  OfficeFixture f;
  // Q1 2026 runs 15/12/2025 - 14/03/2026.
  Receive(f, "PA-AAAAA-00020", {2025, 12, 1});  // carried over
  Receive(f, "PA-AAAAA-00021", {2026, 1, 5});
  Receive(f, "PA-AAAAA-00022", {2026, 1, 6});
  Receive(f, "PA-AAAAA-00023", {2026, 3, 2});
  f.clock.SetDate({2026, 1, 7});
  REQUIRE(f.office->Act("PA-AAAAA-00021", In(FeedbackAction::kAcceptForHandling), kLan).ok());
  auto resolve = In(FeedbackAction::kResolve);
  resolve.outcome = domain::Outcome::kRecommend;
  resolve.answer = "Đã kiến nghị tỉnh.";
  REQUIRE(f.office->Act("PA-AAAAA-00021", resolve, kLan).ok());
  auto transfer = In(FeedbackAction::kTransferOfficialsBehaviour);
  transfer.target_body = "Chủ tịch UBND xã";
  REQUIRE(f.office->Act("PA-AAAAA-00022", transfer, kLan).ok());
  f.clock.SetDate({2026, 3, 20});
  auto q1 = domain::MakeReportPeriod(domain::PeriodKind::kQuarter, 2026, 1);
  auto rep = f.office->Report(*q1, domain::kLevelCommune);
  REQUIRE_MESSAGE(rep.ok(), rep.status().ToString());
  const auto& r = rep->feedback;
  CHECK(r.carried_over == 1);
  CHECK(r.received == 3);
  CHECK(r.total == 4);
  CHECK(r.resolved_on_time == 1);
  CHECK(r.transferred_on_time == 1);
  CHECK(r.done == 2);
  CHECK(r.pending == 2);
  CHECK(r.pending_overdue == 2);  // never classified, past the transfer limit
  CHECK(r.resolved_by_outcome.at(domain::Outcome::kRecommend) == 1);
  CHECK(domain::CheckInvariants(r).ok());
  CHECK(rep->audit_entries == 3);
  CHECK(rep->audit_last_hash.size() == 64);
}
