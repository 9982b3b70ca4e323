// What the hub's pages read from pushed entries: feedback across the province
// with overdue first, the report summed over communes, communes with their
// devices, bundle procedures with posting checks.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "crypto/random.h"
#include "support/temp_dir.h"
#include "sync/hub.h"
#include "sync/hub_views.h"

using namespace motcua::sync;
using motcua::Date;
using nlohmann::json;
namespace domain = motcua::domain;

namespace {

Date D(const char* iso) { return Date::Parse(iso).value(); }

struct ViewsFixture {
  motcua::testing::TempDir dir;
  motcua::FakeClock clock;
  std::unique_ptr<motcua::crypto::DrbgRng> rng = motcua::crypto::DrbgRng::Create().value();
  std::unique_ptr<Hub> hub;
  std::string dev_a, dev_b;  // Phường Tô Hiệu, Phường Chiềng An
  std::map<std::string, int64_t> next_seq;

  ViewsFixture() {
    clock.SetDate(D("2026-03-20"));
    HubOptions o;
    o.blob_dir = dir.File("blobs");
    hub = Hub::Open(dir.File("hub.db"), clock, *rng, o).value();
    dev_a = hub->AddDevice("03646").value().device.id;
    dev_b = hub->AddDevice("03664").value().device.id;
  }

  void Push(const std::string& dev, const std::string& kind, const json& payload) {
    IncomingEntry e;
    e.seq = ++next_seq[dev];
    e.kind = kind;
    e.created_at = clock.NowUnixMs();
    e.boot_id = "boot-1";
    e.payload_json = payload.dump();
    e.content_hash = EntryHash(e.kind, e.created_at, e.boot_id, e.payload_json);
    auto out = hub->WithDb([&](motcua::store::Db& db) {
      return HubStore(db).StoreEntries(dev, {e}, clock.NowUnixMs());
    });
    REQUIRE(out.ok());
    REQUIRE(out->stored == 1);
  }

  void Received(const std::string& dev, const std::string& code, const char* received,
                const char* transfer_due, const char* answer_due) {
    Push(dev, "feedback.received",
         {{"code", code},
          {"received_date", received},
          {"channel", domain::FeedbackChannelKey(domain::FeedbackChannel::kOnline)},
          {"kind", domain::FeedbackKindKey(domain::FeedbackKind::kOtherIssue)},
          {"title", "Phản ánh " + code},
          {"sender", {{"name", "Người gửi"}}},
          {"state", "received"},
          {"transfer_due", transfer_due},
          {"answer_due", answer_due}});
  }

  void SetStatus(const std::string& dev, const std::string& code, domain::FeedbackAction action,
                 domain::FeedbackState to, const char* on, bool with_action = true) {
    json p = {
        {"code", code}, {"from", "received"}, {"to", domain::FeedbackStateKey(to)}, {"on", on}};
    if (with_action) p["action"] = domain::FeedbackActionKey(action);
    Push(dev, "feedback.status", p);
  }

  // A: answer clock overdue; B: pending in time; C: not accepted (done);
  // D: still unclassified past its transfer date; E: a status change that
  // lost its action (left out of the report).
  void Seed() {
    Received(dev_a, "A", "2026-03-02", "2026-03-09", "2026-03-16");
    SetStatus(dev_a, "A", domain::FeedbackAction::kAcceptForHandling,
              domain::FeedbackState::kInProgress, "2026-03-03");
    Received(dev_a, "B", "2026-03-18", "2026-03-25", "2026-04-01");
    Received(dev_b, "C", "2026-03-05", "2026-03-12", "2026-03-19");
    SetStatus(dev_b, "C", domain::FeedbackAction::kRejectNotAccepted,
              domain::FeedbackState::kNotAccepted, "2026-03-06");
    Received(dev_b, "D", "2026-03-10", "2026-03-17", "2026-03-24");
    Received(dev_b, "E", "2026-03-12", "2026-03-19", "2026-03-26");
    SetStatus(dev_b, "E", domain::FeedbackAction::kAcceptForHandling,
              domain::FeedbackState::kInProgress, "2026-03-13", /*with_action=*/false);
  }

  std::vector<ProvinceFeedback> Feedback(const std::string& commune = "") {
    auto r = hub->WithDb(
        [&](motcua::store::Db& db) { return LoadProvinceFeedback(db, clock.Today(), commune); });
    REQUIRE_MESSAGE(r.ok(), r.status().ToString());
    return *r;
  }
};

}  // namespace

TEST_CASE("hub views: feedback across the province, overdue first, then by due date") {
  ViewsFixture f;
  f.Seed();
  std::vector<ProvinceFeedback> items = f.Feedback();
  std::vector<std::string> order;
  for (const auto& i : items) order.push_back(i.summary.code);
  CHECK(order == std::vector<std::string>{"A", "D", "B", "E", "C"});
  CHECK(items[0].overdue);
  CHECK(items[0].state == domain::FeedbackState::kInProgress);
  CHECK(*items[0].due == D("2026-03-16"));  // the answer clock runs once accepted
  CHECK(items[1].overdue);
  CHECK(*items[1].due == D("2026-03-17"));  // the transfer clock while unclassified
  CHECK_FALSE(items[2].overdue);
  CHECK_FALSE(items[3].history_ok);
  CHECK_FALSE(items[4].due.has_value());
  CHECK(items[4].commune == "03664");

  std::vector<ProvinceFeedback> a = f.Feedback("03646");
  REQUIRE(a.size() == 2);
  CHECK(a[0].summary.code == "A");
}

TEST_CASE("hub views: a status change that arrives before its receipt waits for it") {
  ViewsFixture f;
  f.SetStatus(f.dev_a, "X", domain::FeedbackAction::kAcceptForHandling,
              domain::FeedbackState::kInProgress, "2026-03-03");
  CHECK(f.Feedback().empty());
}

TEST_CASE("hub views: the province report is the sum of the communes' and keeps the invariants") {
  ViewsFixture f;
  f.Seed();
  auto period = domain::MakeCustomPeriod(D("2026-03-01"), D("2026-03-31")).value();
  auto rep = BuildProvinceReport(f.Feedback(), period, f.clock.Today());
  REQUIRE_MESSAGE(rep.ok(), rep.status().ToString());
  CHECK(rep->left_out == 1);
  CHECK(rep->total.received == 4);
  CHECK(rep->total.not_accepted == 1);
  CHECK(rep->total.pending == 3);
  CHECK(rep->total.pending_overdue == 2);
  CHECK(rep->communes.size() == 75);
  int received = 0, done = 0, pending = 0, overdue = 0;
  for (const auto& [code, r] : rep->communes) {
    CHECK(domain::CheckInvariants(r).ok());
    received += r.received;
    done += r.done;
    pending += r.pending;
    overdue += r.pending_overdue;
  }
  CHECK(received == rep->total.received);
  CHECK(done == rep->total.done);
  CHECK(pending == rep->total.pending);
  CHECK(overdue == rep->total.pending_overdue);
}

TEST_CASE("hub views: communes list every commune with devices, contact and clock offset") {
  ViewsFixture f;
  f.Seed();
  DeviceReport r;
  r.boot_id = "boot-1";
  r.clock_offset_ms = 3LL * 86400 * 1000;  // the board is three days behind
  r.pending = 7;
  REQUIRE(f.hub
              ->WithDb([&](motcua::store::Db& db) {
                return HubStore(db).RecordContact(f.dev_a, r, f.clock.NowUnixMs());
              })
              .ok());
  auto communes =
      f.hub->WithDb([&](motcua::store::Db& db) { return LoadCommunes(db, f.clock.Today()); });
  REQUIRE(communes.ok());
  REQUIRE(communes->size() == 75);
  const CommuneOverview& to_hieu = (*communes)[0];
  CHECK(to_hieu.code == "03646");
  CHECK(to_hieu.name == "Phường Tô Hiệu");
  REQUIRE(to_hieu.devices.size() == 1);
  CHECK(to_hieu.devices[0].secret.empty());  // never carried into a page
  CHECK(*to_hieu.devices[0].clock_offset_ms == 3LL * 86400 * 1000);
  CHECK(*to_hieu.devices[0].pending == 7);
  CHECK(to_hieu.devices[0].last_contact.has_value());
  CHECK(to_hieu.entries == 3);
  CHECK(to_hieu.feedback == 2);
  CHECK(to_hieu.feedback_overdue == 1);
  const CommuneOverview& chieng_an = (*communes)[1];
  CHECK(chieng_an.feedback == 3);
  CHECK(chieng_an.feedback_pending == 2);
  CHECK(chieng_an.feedback_overdue == 1);
  CHECK_FALSE(chieng_an.devices[0].last_contact.has_value());
}

TEST_CASE("hub views: bundle procedures with the posting checks from the commune's entries") {
  ViewsFixture f;
  auto none =
      f.hub->WithDb([&](motcua::store::Db& db) { return LoadBundleProcedures(db, "03646"); });
  REQUIRE(none.ok());
  CHECK(none->empty());
  // A stored bundle (its signature is not checked here) and two posting checks.
  StoredBundle b;
  b.commune = "03646";
  b.version = 4;
  b.issued_at = f.clock.NowUnixMs();
  b.content_hash = "x";
  b.procedures = 2;
  b.signed_file =
      "MOTCUA-BUNDLE-1\nsig\n" +
      json{{"format", 1},
           {"commune", "03646"},
           {"version", 4},
           {"procedures",
            {{{"code", "1.001"}, {"name", "Đăng ký khai sinh"}, {"status", "in_force"}},
             {{"code", "1.002"}, {"name", "Chứng thực bản sao"}, {"status", "in_force"}}}}}
          .dump();
  REQUIRE(f.hub->WithDb([&](motcua::store::Db& db) { return HubStore(db).PutBundle(b); }).ok());
  f.Push(f.dev_a, "posting.check",
         {{"change", "posted"}, {"on", "2026-03-02"}, {"codes", {"1.001", "1.002"}}});
  f.Push(f.dev_a, "posting.check",
         {{"change", "taken_down"}, {"on", "2026-03-05"}, {"codes", {"1.002"}}});
  auto procs =
      f.hub->WithDb([&](motcua::store::Db& db) { return LoadBundleProcedures(db, "03646"); });
  REQUIRE(procs.ok());
  REQUIRE(procs->size() == 2);
  CHECK((*procs)[0].name == "Đăng ký khai sinh");
  CHECK((*procs)[0].posting == "posted");
  CHECK((*procs)[1].posting == "taken_down");
  CHECK((*procs)[1].posting_on == "2026-03-05");
}
