#include "domain/report.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/clock.h"
#include "domain/feedback.h"
#include "domain/holidays.h"
#include "domain/report_period.h"

using motcua::Code;
using motcua::Date;
using motcua::SeededRng;
using namespace motcua::domain;  // NOLINT: test file

namespace {

ReportPeriod Period(const char* key, ReportCutoff c = {}) {
  auto p = ParseReportPeriodKey(key, c);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  return p.value();
}

// Random but legal life cycles: each step is an allowed action a few days
// after the previous one; about one in five stops early and stays pending.
std::vector<FeedbackSummary> Generate(uint64_t seed, int n) {
  static const WorkCalendar cal = BuildCalendar(ShippedHolidays());
  const FeedbackDeadlines cfg;
  SeededRng rng(seed);
  const auto channels = AllFeedbackChannels();
  const auto kinds = AllFeedbackKinds();
  const auto outcomes = AllOutcomes();
  std::vector<FeedbackSummary> out;
  for (int i = 0; i < n; ++i) {
    FeedbackSummary f;
    f.code = "PAKN-" + std::to_string(i);
    f.received = Date{2025, 11, 1}.AddDays(static_cast<int64_t>(rng.Uniform(480)));
    f.channel = channels[rng.Uniform(channels.size())];
    f.kind = kinds[rng.Uniform(kinds.size())];
    f.due = ComputeDueDates(cal, cfg, f.received);
    FeedbackState state = FeedbackState::kReceived;
    Date day = f.received;
    for (int step = 0; step < 10; ++step) {
      const auto actions = AllowedActions(state);
      if (actions.empty() || rng.Uniform(5) == 0) break;
      day = day.AddDays(static_cast<int64_t>(rng.Uniform(12)));
      StateChange c;
      c.on = day;
      c.action = actions[rng.Uniform(actions.size())];
      c.to = NextState(state, c.action).value();
      if (c.action == FeedbackAction::kResolve) c.outcome = outcomes[rng.Uniform(outcomes.size())];
      f.history.push_back(c);
      state = c.to;
    }
    out.push_back(std::move(f));
  }
  return out;
}

FeedbackReport Build(const std::vector<FeedbackSummary>& items, const ReportPeriod& p,
                     std::optional<Date> as_of = std::nullopt) {
  auto r = BuildFeedbackReport(items, p, as_of);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  const auto st = CheckInvariants(r.value());
  CHECK_MESSAGE(st.ok(), st.message());
  return r.value();
}

}  // namespace

// ---- Periods -------------------------------------------------------------

TEST_CASE("Report periods follow the 15/12-14/12 pattern") {
  struct Case {
    const char* key;
    Date from, to;
    const char* label;
  };
  const Case cases[] = {
      {"2026-q1", {2025, 12, 15}, {2026, 3, 14}, "Quý I năm 2026"},
      {"2026-q2", {2026, 3, 15}, {2026, 6, 14}, "Quý II năm 2026"},
      {"2026-q3", {2026, 6, 15}, {2026, 9, 14}, "Quý III năm 2026"},
      {"2026-q4", {2026, 9, 15}, {2026, 12, 14}, "Quý IV năm 2026"},
      {"2026-h1", {2025, 12, 15}, {2026, 6, 14}, "6 tháng đầu năm 2026"},
      {"2026-6m", {2025, 12, 15}, {2026, 6, 14}, "6 tháng đầu năm 2026"},
      {"2026-9m", {2025, 12, 15}, {2026, 9, 14}, "9 tháng đầu năm 2026"},
      {"2026-y", {2025, 12, 15}, {2026, 12, 14}, "Năm 2026"},
      {"2026-Q1", {2025, 12, 15}, {2026, 3, 14}, "Quý I năm 2026"},
      {"2026-03-01..2026-03-31",
       {2026, 3, 1},
       {2026, 3, 31},
       "Từ ngày 01/03/2026 đến ngày 31/03/2026"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.key);
    const ReportPeriod p = Period(c.key);
    CHECK(p.from == c.from);
    CHECK(p.to == c.to);
    CHECK(p.label == c.label);
    CHECK(Period(p.key.c_str()).key == p.key);  // the canonical key parses back
  }
}

TEST_CASE("Dates at year boundaries fall in the right report year and quarter") {
  CHECK(ReportYearOf({2025, 12, 14}) == 2025);
  CHECK(ReportYearOf({2025, 12, 15}) == 2026);
  CHECK(ReportYearOf({2025, 12, 31}) == 2026);
  CHECK(ReportYearOf({2026, 1, 1}) == 2026);
  CHECK(QuarterOf({2025, 12, 15}).key == "2026-q1");
  CHECK(QuarterOf({2025, 12, 14}).key == "2025-q4");
  CHECK(QuarterOf({2026, 3, 14}).key == "2026-q1");
  CHECK(QuarterOf({2026, 3, 15}).key == "2026-q2");
  CHECK(QuarterOf({2026, 9, 15}).key == "2026-q4");
  CHECK(Period("2026-q1").Contains({2025, 12, 15}));
  CHECK_FALSE(Period("2026-q1").Contains({2025, 12, 14}));
  // Every day of 2025-2027 is in exactly one quarter, and quarters tile years.
  for (Date d{2025, 1, 1}; d.year < 2028; d = d.AddDays(1)) {
    const ReportPeriod q = QuarterOf(d);
    CHECK(q.Contains(d));
    CHECK(Period((std::to_string(q.year) + "-y").c_str()).Contains(d));
  }
  CHECK(Period("2026-q1").from == Period("2025-q4").to.AddDays(1));
}

TEST_CASE("The cut-off day is configurable") {
  const ReportCutoff calendar_quarters{31};
  CHECK(Period("2026-q1", calendar_quarters).from == Date{2026, 1, 1});
  CHECK(Period("2026-q1", calendar_quarters).to == Date{2026, 3, 31});
  CHECK(Period("2026-q2", calendar_quarters).to == Date{2026, 6, 30});
  CHECK(Period("2026-y", calendar_quarters).to == Date{2026, 12, 31});
  CHECK(ReportYearOf({2025, 12, 31}, calendar_quarters) == 2025);
  const ReportCutoff c20{20};
  CHECK(Period("2026-q1", c20).from == Date{2025, 12, 21});
  CHECK(Period("2026-q1", c20).to == Date{2026, 3, 20});
  CHECK_FALSE(ValidateCutoff({0}).ok());
  CHECK_FALSE(ValidateCutoff({32}).ok());
  CHECK_FALSE(MakeReportPeriod(PeriodKind::kQuarter, 2026, 1, {0}).ok());
}

TEST_CASE("Bad period keys are refused in Vietnamese") {
  for (const char* key : {"", "2026", "2026-q5", "2026-q0", "2026-h2", "x-y", "2026-y2",
                          "2026-03-31..2026-03-01", "2026-02-30..2026-03-01", "-2026-y"}) {
    CAPTURE(key);
    auto p = ParseReportPeriodKey(key);
    REQUIRE_FALSE(p.ok());
    CHECK(p.status().code() == Code::kInvalidArgument);
  }
  CHECK(ParseReportPeriodKey("2026-q5").status().message() ==
        "Kỳ báo cáo không hợp lệ: «2026-q5». Ví dụ: 2026-q1, 2026-h1, 2026-9m, 2026-y.");
}

// ---- Counts --------------------------------------------------------------

TEST_CASE("A small hand-counted report") {
  using A = FeedbackAction;
  using S = FeedbackState;
  auto item = [](const char* code, Date rec, Date transfer_due, Date answer_due,
                 std::vector<StateChange> h) {
    FeedbackSummary f;
    f.code = code;
    f.received = rec;
    f.channel = FeedbackChannel::kInPerson;
    f.kind = FeedbackKind::kNotPractical;
    f.due = {transfer_due, answer_due};
    f.history = std::move(h);
    return f;
  };
  const std::vector<FeedbackSummary> items = {
      // Carried over from 2025-q4, resolved on time in 2026-q1, published in q2.
      item("A", {2025, 12, 1}, {2025, 12, 8}, {2025, 12, 15},
           {{{2025, 12, 2}, A::kAcceptForHandling, S::kInProgress, {}},
            {{2025, 12, 15}, A::kResolve, S::kResolved, Outcome::kAmend},
            {{2026, 3, 20}, A::kPublishAnswer, S::kPublished, {}}}),
      // Done before the period: not counted at all in 2026-q1.
      item("B", {2025, 11, 3}, {2025, 11, 10}, {2025, 11, 17},
           {{{2025, 11, 4}, A::kRejectNotAccepted, S::kNotAccepted, {}}}),
      // Received in the period, transferred late.
      item("C", {2026, 1, 5}, {2026, 1, 12}, {2026, 1, 19},
           {{{2026, 1, 13}, A::kTransferOutsideCompetence, S::kTransferred, {}}}),
      // Received in the period, still unclassified and overdue at 14/3.
      item("D", {2026, 3, 2}, {2026, 3, 9}, {2026, 3, 16}, {}),
      // Received in the period, in progress and in time at 14/3, resolved late in q2.
      item("E", {2026, 3, 10}, {2026, 3, 17}, {2026, 3, 24},
           {{{2026, 3, 11}, A::kAcceptForHandling, S::kInProgress, {}},
            {{2026, 3, 30}, A::kResolve, S::kResolved, Outcome::kRecommend}}),
      // Received after the period.
      item("F", {2026, 3, 15}, {2026, 3, 20}, {2026, 3, 27}, {}),
  };
  const FeedbackReport q1 = Build(items, Period("2026-q1"));
  CHECK(q1.carried_over == 1);
  CHECK(q1.received == 3);
  CHECK(q1.total == 4);
  CHECK(q1.received_by_channel.at(FeedbackChannel::kInPerson) == 3);
  CHECK(q1.received_by_class.at(FeedbackClass::kOutsideCompetence) == 1);
  CHECK(q1.received_by_class.at(FeedbackClass::kUnclassified) == 1);
  CHECK(q1.received_by_class.at(FeedbackClass::kWithinCompetence) == 1);
  CHECK(q1.resolved_on_time == 1);
  CHECK(q1.resolved_by_outcome.at(Outcome::kAmend) == 1);
  CHECK(q1.transferred_late == 1);
  CHECK(q1.done == 2);
  CHECK(q1.pending == 2);
  CHECK(q1.pending_overdue == 1);
  CHECK(q1.pending_in_time == 1);
  CHECK(q1.published == 0);

  const FeedbackReport q2 = Build(items, Period("2026-q2"));
  CHECK(q2.carried_over == 2);  // D and E
  CHECK(q2.received == 1);      // F
  CHECK(q2.resolved_late == 1);
  CHECK(q2.published == 1);  // A, resolved in q1
  CHECK(q2.pending == 2);    // D (overdue) and F (overdue by 14/6)
  CHECK(q2.pending_overdue == 2);

  // The period so far: on 6/3 E is not received yet and D is still in time.
  const FeedbackReport so_far = Build(items, Period("2026-q1"), Date{2026, 3, 6});
  CHECK(so_far.as_of == Date{2026, 3, 6});
  CHECK(so_far.received == 2);
  CHECK(so_far.pending_in_time == 1);
  CHECK(so_far.pending_overdue == 0);

  auto j = ReportToJson(q1);
  CHECK(j["period"]["label"] == "Quý I năm 2026");
  CHECK(j["received_by_channel"]["in_person"] == 3);
  CHECK(j["received_by_channel"]["phone"] == 0);  // zeros are listed too
  CHECK(j["resolved_by_outcome"].size() == 5);
  CHECK(j["received_by_kind"].size() == 9);
}

TEST_CASE("Invariants hold on hundreds of random life cycles, and periods chain") {
  for (uint64_t seed : {1u, 7u, 20260213u}) {
    CAPTURE(seed);
    const auto items = Generate(seed, 600);
    std::vector<FeedbackReport> q;
    for (const char* key : {"2026-q1", "2026-q2", "2026-q3", "2026-q4", "2027-q1"}) {
      q.push_back(Build(items, Period(key)));
    }
    const FeedbackReport year = Build(items, Period("2026-y"));
    const FeedbackReport h1 = Build(items, Period("2026-h1"));
    const FeedbackReport m9 = Build(items, Period("2026-9m"));
    Build(items, Period("2026-01-01..2026-12-31"));
    Build(items, Period("2026-q3"), Date{2026, 7, 20});

    // What one quarter leaves pending, the next carries over.
    for (size_t i = 0; i + 1 < q.size(); ++i) CHECK(q[i].pending == q[i + 1].carried_over);
    // Quarters add up to longer periods.
    CHECK(year.received == q[0].received + q[1].received + q[2].received + q[3].received);
    CHECK(year.done == q[0].done + q[1].done + q[2].done + q[3].done);
    CHECK(year.published == q[0].published + q[1].published + q[2].published + q[3].published);
    CHECK(year.carried_over == q[0].carried_over);
    CHECK(year.pending == q[3].pending);
    CHECK(h1.received == q[0].received + q[1].received);
    CHECK(h1.pending == q[1].pending);
    CHECK(m9.resolved_late == q[0].resolved_late + q[1].resolved_late + q[2].resolved_late);

    // Pending counted independently: received by the end, not done by then.
    int pending = 0;
    for (const auto& f : items) {
      if (f.received <= year.period.to && !IsDone(StateOn(f.history, year.period.to))) ++pending;
    }
    CHECK(year.pending == pending);
    CHECK(year.total > 300);  // the generator really exercises the period
    CHECK(year.done > 100);
    // Every branch of the counting is reached.
    CHECK(year.carried_over > 0);
    CHECK(year.not_accepted > 0);
    CHECK(year.transferred_on_time > 0);
    CHECK(year.transferred_late > 0);
    CHECK(year.resolved_on_time > 0);
    CHECK(year.resolved_late > 0);
    CHECK(year.pending_in_time > 0);
    CHECK(year.pending_overdue > 0);
    CHECK(year.published > 0);
  }
}

TEST_CASE("Broken histories and broken reports are caught") {
  auto items = Generate(99, 50);
  items[17].history = {{items[17].received.AddDays(-1),
                        FeedbackAction::kAcceptForHandling,
                        FeedbackState::kInProgress,
                        {}}};
  auto r = BuildFeedbackReport(items, Period("2026-y"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::kCorrupt);
  CHECK(r.status().message().rfind("Phản ánh, kiến nghị PAKN-17: ", 0) == 0);

  FeedbackReport good = Build(Generate(5, 200), Period("2026-y"));
  struct Tamper {
    const char* name;
    void (*apply)(FeedbackReport&);
  };
  const Tamper tampers[] = {
      {"total", [](FeedbackReport& x) { ++x.total; }},
      {"carried", [](FeedbackReport& x) { ++x.carried_over; }},
      {"channel", [](FeedbackReport& x) { ++x.received_by_channel[FeedbackChannel::kPhone]; }},
      {"kind", [](FeedbackReport& x) { ++x.received_by_kind[FeedbackKind::kIllegal]; }},
      {"class", [](FeedbackReport& x) { --x.received_by_class[FeedbackClass::kUnclassified]; }},
      {"late", [](FeedbackReport& x) { ++x.resolved_late; }},
      {"outcome", [](FeedbackReport& x) { ++x.resolved_by_outcome[Outcome::kAbolish]; }},
      {"overdue", [](FeedbackReport& x) { ++x.pending_overdue; }},
      {"done+pending",
       [](FeedbackReport& x) {
         ++x.done;
         ++x.not_accepted;
       }},
      {"negative", [](FeedbackReport& x) { x.published = -1; }},
      {"as_of", [](FeedbackReport& x) { x.as_of = x.period.to.AddDays(1); }},
  };
  for (const Tamper& t : tampers) {
    CAPTURE(t.name);
    FeedbackReport bad = good;
    t.apply(bad);
    CHECK_FALSE(CheckInvariants(bad).ok());
  }
}
