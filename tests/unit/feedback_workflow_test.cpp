#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <utility>

#include "domain/feedback.h"
#include "domain/holidays.h"

using motcua::Code;
using motcua::Date;
using namespace motcua::domain;  // NOLINT: test file

namespace {

using S = FeedbackState;
using A = FeedbackAction;

// The expected machine, written out independently of feedback.cpp.
const std::map<std::pair<S, A>, S>& Allowed() {
  static const std::map<std::pair<S, A>, S> m = {
      {{S::kReceived, A::kAcceptForHandling}, S::kInProgress},
      {{S::kReceived, A::kRejectNotAccepted}, S::kNotAccepted},
      {{S::kReceived, A::kTransferOfficialsBehaviour}, S::kTransferred},
      {{S::kReceived, A::kTransferOutsideCompetence}, S::kTransferred},
      {{S::kInProgress, A::kAskClarification}, S::kNeedsClarification},
      {{S::kInProgress, A::kPark}, S::kParked},
      {{S::kInProgress, A::kResolve}, S::kResolved},
      {{S::kNeedsClarification, A::kClarificationReceived}, S::kInProgress},
      {{S::kNeedsClarification, A::kPark}, S::kParked},
      {{S::kParked, A::kResume}, S::kInProgress},
      {{S::kResolved, A::kPublishAnswer}, S::kPublished},
      {{S::kPublished, A::kArchive}, S::kArchived},
      {{S::kNotAccepted, A::kArchive}, S::kArchived},
      {{S::kTransferred, A::kArchive}, S::kArchived},
  };
  return m;
}

// An input with every field filled, so only the transition is judged.
ActionInput Full(A action) {
  ActionInput in;
  in.action = action;
  in.reason = "Nội dung không rõ ràng";
  in.target_body = "Sở Tư pháp tỉnh Sơn La";
  in.outcome = Outcome::kRecommend;
  in.answer = "Đã kiến nghị Sở Tư pháp xem xét.";
  return in;
}

}  // namespace

TEST_CASE("Every (state, action) pair: allowed ones lead where expected, others are refused") {
  int allowed = 0, refused = 0;
  for (S from : AllFeedbackStates()) {
    for (A action : AllFeedbackActions()) {
      CAPTURE(FeedbackStateKey(from));
      CAPTURE(FeedbackActionKey(action));
      auto it = Allowed().find({from, action});
      auto got = ApplyAction(from, Full(action));
      auto bare = NextState(from, action);
      if (it != Allowed().end()) {
        ++allowed;
        REQUIRE(got.ok());
        CHECK(*got == it->second);
        REQUIRE(bare.ok());
        CHECK(*bare == it->second);
      } else {
        ++refused;
        REQUIRE_FALSE(got.ok());
        CHECK(got.status().code() == Code::kInvalidArgument);
        CHECK(got.status().message().find(FeedbackStateVietnamese(from)) != std::string::npos);
        CHECK_FALSE(bare.ok());
      }
    }
  }
  CHECK(allowed == 14);
  CHECK(refused == 9 * 11 - 14);
}

TEST_CASE("Refusal messages are the Vietnamese officers see") {
  auto r = ApplyAction(S::kArchived, Full(A::kResume));
  CHECK(r.status().message() == "Không thể chuyển từ «Đã lưu trữ» sang «Đang xử lý».");
  r = ApplyAction(S::kReceived, Full(A::kPublishAnswer));
  CHECK(r.status().message() == "Không thể chuyển từ «Đã tiếp nhận» sang «Đã công khai kết quả».");
  r = ApplyAction(S::kArchived, Full(A::kArchive));
  CHECK(r.status().message() == "Phản ánh, kiến nghị đã ở trạng thái «Đã lưu trữ».");
}

TEST_CASE("AllowedActions lists exactly the allowed pairs, for the officer's buttons") {
  for (S s : AllFeedbackStates()) {
    std::set<A> expected;
    for (const auto& [key, to] : Allowed()) {
      if (key.first == s) expected.insert(key.second);
    }
    auto got = AllowedActions(s);
    CHECK(std::set<A>(got.begin(), got.end()) == expected);
    CHECK(got.size() == expected.size());  // no duplicates
  }
  CHECK(AllowedActions(S::kArchived).empty());
}

TEST_CASE("Required inputs are enforced, with Vietnamese messages") {
  struct Case {
    S from;
    A action;
    void (*blank)(ActionInput&);
    const char* message;
  };
  const Case cases[] = {
      {S::kReceived, A::kRejectNotAccepted, [](ActionInput& in) { in.reason = "  \t"; },
       "Cần ghi lý do không tiếp nhận để thông báo cho người gửi."},
      {S::kReceived, A::kTransferOutsideCompetence, [](ActionInput& in) { in.target_body = ""; },
       "Cần ghi tên cơ quan có thẩm quyền nhận phản ánh, kiến nghị."},
      {S::kReceived, A::kTransferOfficialsBehaviour, [](ActionInput& in) { in.target_body = " "; },
       "Cần ghi tên cơ quan có thẩm quyền nhận phản ánh, kiến nghị."},
      {S::kInProgress, A::kAskClarification, [](ActionInput& in) { in.reason = ""; },
       "Cần ghi nội dung đề nghị người gửi làm rõ."},
      {S::kInProgress, A::kPark, [](ActionInput& in) { in.reason = "\n"; },
       "Cần ghi lý do tạm dừng (chưa đủ căn cứ xử lý)."},
      {S::kNeedsClarification, A::kPark, [](ActionInput& in) { in.reason = ""; },
       "Cần ghi lý do tạm dừng (chưa đủ căn cứ xử lý)."},
      {S::kInProgress, A::kResolve, [](ActionInput& in) { in.outcome.reset(); },
       "Cần chọn hình thức xử lý (sửa đổi, bổ sung, bãi bỏ, kiến nghị, ban hành mới)."},
      {S::kInProgress, A::kResolve, [](ActionInput& in) { in.answer = " "; },
       "Cần nhập nội dung trả lời người gửi."},
  };
  for (const Case& c : cases) {
    ActionInput in = Full(c.action);
    c.blank(in);
    auto r = ApplyAction(c.from, in);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == Code::kInvalidArgument);
    CHECK(r.status().message() == c.message);
  }
  // Actions without required inputs pass with an empty input.
  for (A a : {A::kAcceptForHandling, A::kClarificationReceived, A::kResume, A::kPublishAnswer,
              A::kArchive}) {
    for (S s : AllFeedbackStates()) {
      ActionInput in;
      in.action = a;
      CHECK(ApplyAction(s, in).ok() == (Allowed().count({s, a}) == 1));
    }
  }
}

TEST_CASE("Keys round-trip and labels are present for every value") {
  std::set<std::string> keys;
  for (S s : AllFeedbackStates()) {
    CHECK(ParseFeedbackStateKey(FeedbackStateKey(s)) == s);
    CHECK(std::string(FeedbackStateVietnamese(s)).size() > 0);
    keys.insert(FeedbackStateKey(s));
  }
  CHECK(keys.size() == 9);
  keys.clear();
  for (A a : AllFeedbackActions()) {
    CHECK(ParseFeedbackActionKey(FeedbackActionKey(a)) == a);
    CHECK(std::string(FeedbackActionVietnamese(a)).size() > 0);
    keys.insert(FeedbackActionKey(a));
  }
  CHECK(keys.size() == 11);
  for (Outcome o : AllOutcomes()) CHECK(ParseOutcomeKey(OutcomeKey(o)) == o);
  CHECK(AllOutcomes().size() == 5);
  for (FeedbackChannel c : AllFeedbackChannels()) {
    CHECK(ParseFeedbackChannelKey(FeedbackChannelKey(c)) == c);
  }
  for (FeedbackClass c : AllFeedbackClasses()) {
    CHECK(ParseFeedbackClassKey(FeedbackClassKey(c)) == c);
  }
  auto kinds = AllFeedbackKinds();
  CHECK(kinds.size() == 9);
  for (FeedbackKind k : kinds) {
    CHECK(ParseFeedbackKindKey(FeedbackKindKey(k)) == k);
    CHECK(std::string(FeedbackKindClause(k)).rfind("Điều 5 khoản ", 0) == 0);
  }
  CHECK(IsAboutOfficialsBehaviour(FeedbackKind::kDelayOrHarassment));
  CHECK_FALSE(IsAboutOfficialsBehaviour(FeedbackKind::kIllegal));
  CHECK_FALSE(ParseFeedbackStateKey("Đang xử lý").has_value());
  CHECK_FALSE(ParseFeedbackActionKey("").has_value());
}

TEST_CASE("Stored histories are replayed and checked") {
  const Date rec{2026, 3, 2};
  std::vector<StateChange> h = {
      {{2026, 3, 3}, A::kAcceptForHandling, S::kInProgress, {}},
      {{2026, 3, 5}, A::kAskClarification, S::kNeedsClarification, {}},
      {{2026, 3, 9}, A::kClarificationReceived, S::kInProgress, {}},
      {{2026, 3, 12}, A::kResolve, S::kResolved, Outcome::kAmend},
      {{2026, 3, 13}, A::kPublishAnswer, S::kPublished, {}},
  };
  CHECK(ValidateHistory(rec, h).ok());
  CHECK(StateOn(h, {2026, 3, 2}) == S::kReceived);
  CHECK(StateOn(h, {2026, 3, 6}) == S::kNeedsClarification);
  CHECK(StateOn(h, {2026, 3, 31}) == S::kPublished);
  CHECK(ClassOn(h, {2026, 3, 2}) == FeedbackClass::kUnclassified);
  CHECK(ClassOn(h, {2026, 3, 3}) == FeedbackClass::kWithinCompetence);

  auto bad = h;
  bad[2].on = {2026, 3, 4};  // before the previous step
  CHECK(ValidateHistory(rec, bad).message() == "Bước 3: ngày 04/03/2026 sớm hơn bước trước.");
  bad = h;
  bad[3].outcome.reset();
  CHECK(ValidateHistory(rec, bad).message() == "Bước 4: thiếu hình thức xử lý.");
  bad = h;
  bad[0].to = S::kResolved;
  CHECK_FALSE(ValidateHistory(rec, bad).ok());
  bad = h;
  bad.erase(bad.begin());  // asks for clarification straight from "received"
  CHECK(ValidateHistory(rec, bad).message() ==
        "Bước 1: Không thể chuyển từ «Đã tiếp nhận» sang «Chờ người gửi làm rõ».");
  CHECK_FALSE(ValidateHistory({2026, 3, 4}, h).ok());  // step before receipt
}

TEST_CASE("Feedback deadlines: due dates and flags across Tết 2026") {
  const WorkCalendar cal = BuildCalendar(ShippedHolidays());
  FeedbackDeadlines cfg;
  CHECK(ValidateDeadlines(cfg).ok());
  const Date rec{2026, 2, 13};  // Friday before Tết
  auto due = ComputeDueDates(cal, cfg, rec);
  CHECK(due.transfer == Date{2026, 2, 27});
  CHECK(due.answer == Date{2026, 3, 6});

  // Received, classification pending.
  auto f = CurrentDeadline(cal, cfg, rec, S::kReceived, rec, {2026, 2, 18});
  CHECK(f.clock == DeadlineClock::kTransfer);
  CHECK(f.due == Date{2026, 2, 27});
  CHECK(f.working_days_left == 5);
  CHECK_FALSE(f.due_soon);
  f = CurrentDeadline(cal, cfg, rec, S::kReceived, rec, {2026, 2, 25});
  CHECK(f.working_days_left == 2);
  CHECK(f.due_soon);
  CHECK_FALSE(f.overdue);
  f = CurrentDeadline(cal, cfg, rec, S::kReceived, rec, {2026, 2, 27});
  CHECK(f.due_today);
  CHECK(f.due_soon);
  f = CurrentDeadline(cal, cfg, rec, S::kReceived, rec, {2026, 3, 2});
  CHECK(f.overdue);
  CHECK_FALSE(f.due_soon);
  CHECK(f.working_days_left == -1);

  // In progress and parked run the answer clock from receipt.
  f = CurrentDeadline(cal, cfg, rec, S::kParked, {2026, 3, 1}, {2026, 3, 9});
  CHECK(f.clock == DeadlineClock::kAnswer);
  CHECK(f.due == Date{2026, 3, 6});
  CHECK(f.overdue);
  // Clarification counts from the request.
  f = CurrentDeadline(cal, cfg, rec, S::kNeedsClarification, {2026, 2, 24}, {2026, 2, 24});
  CHECK(f.clock == DeadlineClock::kClarification);
  CHECK(f.due == Date{2026, 3, 3});
  // Resolved: no publish clock unless configured.
  CHECK(CurrentDeadline(cal, cfg, rec, S::kResolved, {2026, 3, 2}, {2026, 3, 2}).clock ==
        DeadlineClock::kNone);
  cfg.publish = DeadlineRule{3, true};
  f = CurrentDeadline(cal, cfg, rec, S::kResolved, {2026, 3, 2}, {2026, 3, 2});
  CHECK(f.clock == DeadlineClock::kPublish);
  CHECK(f.due == Date{2026, 3, 5});
  for (S s : {S::kNotAccepted, S::kTransferred, S::kPublished, S::kArchived}) {
    CHECK(CurrentDeadline(cal, cfg, rec, s, rec, {2026, 12, 1}).clock == DeadlineClock::kNone);
  }

  cfg.answer = DeadlineRule{-1, true};
  CHECK(ValidateDeadlines(cfg).message() == "Hạn trả lời: Thời hạn không được là số âm.");
}
