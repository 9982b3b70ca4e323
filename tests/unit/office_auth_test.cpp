// Officer login, sessions and throttling, with a hand-set clock.
#include <doctest/doctest.h>

#include "crypto/hash.h"
#include "crypto/password.h"
#include "domain/audit_chain.h"
#include "office_fixture.h"
#include "store/feedback_repo.h"
#include "store/officer_repo.h"

using motcua::testing::OfficeFixture;
using namespace motcua;  // NOLINT: test file
using Kind = office::LoginOutcome::Kind;

namespace {
constexpr char kPass[] = "mat-khau-dai-123";
constexpr char kIp[] = "192.168.1.20";
}  // namespace

TEST_CASE("login makes a session whose token is never stored, and logout ends it") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  auto a = f.office->Login("Lan", kPass, kIp);  // the name is case-insensitive
  REQUIRE(a.kind == Kind::kOk);
  CHECK(a.token.size() == 43);
  CHECK(a.session.csrf.size() == 43);
  CHECK(a.session.csrf != a.token);
  auto s = f.office->CheckSession(a.token);
  REQUIRE(s.ok());
  REQUIRE(s->has_value());
  CHECK((*s)->username == "lan");
  // Only the hash is in the database.
  auto row = store::FindSession(*f.Db(), a.token);
  REQUIRE(row.ok());
  CHECK_FALSE(row->has_value());
  auto hashed = store::FindSession(*f.Db(), crypto::Sha256Hex(a.token));
  REQUIRE(hashed->has_value());
  // A new token at every login.
  auto b = f.office->Login("lan", kPass, kIp);
  REQUIRE(b.kind == Kind::kOk);
  CHECK(b.token != a.token);
  REQUIRE(f.office->Logout(**s, kIp).ok());
  CHECK_FALSE(f.office->CheckSession(a.token)->has_value());
  CHECK(f.office->CheckSession(b.token)->has_value());
  CHECK_FALSE(f.office->CheckSession("not-a-token")->has_value());
}

TEST_CASE("wrong password and unknown name give the same answer") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  CHECK(f.office->Login("lan", "sai-mat-khau-99", kIp).kind == Kind::kWrong);
  CHECK(f.office->Login("khong-co", kPass, kIp).kind == Kind::kWrong);
  CHECK(f.office->Login("", "", kIp).kind == Kind::kWrong);
  CHECK(f.office->Login("bad name!", kPass, kIp).kind == Kind::kWrong);
}

TEST_CASE("sessions expire when idle and at their absolute limit") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  SUBCASE("idle") {
    auto a = f.office->Login("lan", kPass, kIp);
    f.clock.Advance(29 * 60 * 1000);
    CHECK(f.office->CheckSession(a.token)->has_value());  // refreshes last_seen
    f.clock.Advance(29 * 60 * 1000);
    CHECK(f.office->CheckSession(a.token)->has_value());
    f.clock.Advance(31 * 60 * 1000);
    CHECK_FALSE(f.office->CheckSession(a.token)->has_value());
    // Deleted, not just refused.
    CHECK_FALSE(store::FindSession(*f.Db(), crypto::Sha256Hex(a.token))->has_value());
  }
  SUBCASE("absolute, however busy") {
    auto a = f.office->Login("lan", kPass, kIp);
    for (int i = 0; i < 12 * 3; ++i) {
      f.clock.Advance(20 * 60 * 1000);
      CHECK(f.office->CheckSession(a.token)->has_value());
    }
    f.clock.Advance(1);
    CHECK_FALSE(f.office->CheckSession(a.token)->has_value());
  }
  SUBCASE("a clock set back before the login") {
    auto a = f.office->Login("lan", kPass, kIp);
    f.clock.Set(f.clock.NowUnixMs() - 3600 * 1000);
    CHECK_FALSE(f.office->CheckSession(a.token)->has_value());
  }
}

TEST_CASE("login is throttled per account and per client, on the monotonic clock") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  for (int i = 0; i < 5; ++i) CHECK(f.office->Login("lan", "sai", kIp).kind == Kind::kWrong);
  // Locked: even the right password is refused, from any address.
  auto locked = f.office->Login("lan", kPass, "10.0.0.9");
  CHECK(locked.kind == Kind::kThrottled);
  CHECK(locked.retry_after_ms == 15 * 60 * 1000);
  // A wall-clock jump does not unlock it; monotonic time does.
  f.clock.Set(f.clock.NowUnixMs() + 24 * 3600 * 1000LL);
  CHECK(f.office->Login("lan", kPass, kIp).kind == Kind::kThrottled);
  f.clock.Advance(15 * 60 * 1000);
  CHECK(f.office->Login("lan", kPass, kIp).kind == Kind::kOk);

  // One client guessing many names is locked too, for every name.
  for (int i = 0; i < 20; ++i) {
    CHECK(f.office->Login("ten" + std::to_string(i), "sai", "10.0.0.66").kind == Kind::kWrong);
  }
  CHECK(f.office->Login("lan", kPass, "10.0.0.66").kind == Kind::kThrottled);
  CHECK(f.office->Login("lan", kPass, kIp).kind == Kind::kOk);
}

TEST_CASE("a cheaper stored hash is upgraded at the next login") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  auto opt = OfficeFixture::Fast();
  opt.pbkdf2_iterations = 2000;
  auto stronger = office::Office::Open(f.DbPath(), f.clock, f.rng, opt);
  REQUIRE(stronger.ok());
  auto before = store::FindActiveOfficer(*f.Db(), "lan");
  CHECK(crypto::NeedsRehash((*before)->password, 2000));
  REQUIRE((*stronger)->Login("lan", kPass, kIp).kind == Kind::kOk);
  auto after = store::FindActiveOfficer(*f.Db(), "lan");
  CHECK_FALSE(crypto::NeedsRehash((*after)->password, 2000));
  CHECK((*after)->password.rfind("pbkdf2-sha256$2000$", 0) == 0);
}

TEST_CASE("password change checks the old one and ends the officer's other sessions") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  auto phone = f.office->Login("lan", kPass, kIp);
  auto lost = f.office->Login("lan", kPass, "10.0.0.2");
  Status wrong = f.office->ChangePassword(phone.session, "sai", "mat-khau-moi-456", kIp);
  CHECK(wrong.code() == Code::kPermissionDenied);
  CHECK(f.office->ChangePassword(phone.session, kPass, "ngan", kIp).code() ==
        Code::kInvalidArgument);
  REQUIRE(f.office->ChangePassword(phone.session, kPass, "mat-khau-moi-456", kIp).ok());
  CHECK(f.office->CheckSession(phone.token)->has_value());
  CHECK_FALSE(f.office->CheckSession(lost.token)->has_value());
  CHECK(f.office->Login("lan", kPass, kIp).kind == Kind::kWrong);
  CHECK(f.office->Login("lan", "mat-khau-moi-456", kIp).kind == Kind::kOk);
}

TEST_CASE("logins, failures and logouts are in the audit chain, without secrets") {
  OfficeFixture f;
  f.AddOfficer("lan", domain::OfficerRole::kCentreCivilServant);
  auto ok = f.office->Login("lan", kPass, kIp);
  (void)f.office->Login("lan", "sai-mat-khau", kIp);
  (void)f.office->Login("ai-do", "sai-mat-khau", kIp);
  REQUIRE(f.office->Logout(ok.session, kIp).ok());
  auto entries = store::AuditEntries(*f.Db());
  REQUIRE(entries.ok());
  std::vector<std::string> actions;
  for (const auto& e : *entries) {
    actions.push_back(e.action);
    CHECK(e.detail_json.find(kPass) == std::string::npos);
    CHECK(e.detail_json.find(ok.token) == std::string::npos);
    CHECK(e.detail_json.find("sai-mat-khau") == std::string::npos);
  }
  CHECK(actions == std::vector<std::string>{"roster.add", "auth.login", "auth.login_failed",
                                            "auth.login_failed", "auth.logout"});
  CHECK((*entries)[1].detail_json.find(kIp) != std::string::npos);  // the real client
  CHECK((*entries)[1].actor == "officer:lan");
  CHECK((*entries)[3].actor == "unknown");  // the typed name of a non-account is not logged
  CHECK(*domain::VerifyChain(*entries) == -1);
}

TEST_CASE("LoginThrottle forgets old failures and bounds its memory") {
  FakeClock clock;
  office::ThrottleOptions opt;
  opt.max_keys = 8;
  office::LoginThrottle t(clock, opt);
  for (int i = 0; i < 4; ++i) t.RecordFailure("lan", "ip");
  clock.Advance(opt.window_ms);  // the four age out of the window
  for (int i = 0; i < 4; ++i) t.RecordFailure("lan", "ip");
  CHECK(t.RetryAfterMs("lan", "ip") == 0);
  t.RecordFailure("lan", "ip");
  CHECK(t.RetryAfterMs("lan", "ip") == opt.lockout_ms);
  t.RecordSuccess("lan");
  CHECK(t.RetryAfterMs("lan", "other") == 0);
  for (int i = 0; i < 100; ++i) t.RecordFailure("n" + std::to_string(i), "ip" + std::to_string(i));
  CHECK(t.RetryAfterMs("n99", "ip99") == 0);  // still counting, memory bounded
}
