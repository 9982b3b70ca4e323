// Rate limits on the injected monotonic clock (no sleeping) and one-time form
// tokens.
#include <doctest/doctest.h>

#include "feedback/form_token.h"
#include "feedback/rate_limiter.h"

using motcua::FakeClock;
using motcua::SeededRng;
using motcua::feedback::FormTokens;
using motcua::feedback::RateLimiter;

TEST_CASE("rate limit: N per window per client, sliding, on the monotonic clock") {
  FakeClock clock(1'800'000'000'000);
  RateLimiter rl(clock, {3, 600'000});
  for (int i = 0; i < 3; ++i) CHECK(rl.TryAcquire("10.0.0.1"));
  CHECK_FALSE(rl.TryAcquire("10.0.0.1"));
  CHECK(rl.TryAcquire("10.0.0.2"));  // another client is not affected
  CHECK(rl.RetryAfterMs("10.0.0.1") == 600'000);
  clock.Advance(599'999);
  CHECK_FALSE(rl.Allowed("10.0.0.1"));
  CHECK(rl.RetryAfterMs("10.0.0.1") == 1);
  clock.Advance(1);
  CHECK(rl.Allowed("10.0.0.1"));
  // A wall-clock jump (board without RTC) changes nothing.
  clock.Set(0);
  for (int i = 0; i < 3; ++i) CHECK(rl.TryAcquire("10.0.0.1"));
  CHECK_FALSE(rl.TryAcquire("10.0.0.1"));
}

TEST_CASE("rate limit: Allowed does not count, Record does, 0 means no limit") {
  FakeClock clock;
  RateLimiter rl(clock, {2, 1000});
  for (int i = 0; i < 10; ++i) CHECK(rl.Allowed("a"));
  rl.Record("a");
  rl.Record("a");
  CHECK_FALSE(rl.Allowed("a"));
  RateLimiter none(clock, {0, 1000});
  for (int i = 0; i < 100; ++i) CHECK(none.TryAcquire("a"));
}

TEST_CASE("rate limit: memory stays bounded under many clients") {
  FakeClock clock;
  RateLimiter rl(clock, {1, 1000}, 100);
  for (int i = 0; i < 1000; ++i) CHECK(rl.TryAcquire("10.0." + std::to_string(i)));
  // The newest client is still limited; old ones were evicted.
  CHECK_FALSE(rl.TryAcquire("10.0.999"));
}

TEST_CASE("form tokens: signed, expiring, and tied to this device's secret") {
  FakeClock clock(1'800'000'000'000);
  SeededRng rng(7);
  FormTokens tokens("secret-a", clock, rng, 3'600'000);
  const std::string t = tokens.Issue();
  auto p = tokens.Verify(t);
  CHECK(p.check == FormTokens::Check::kValid);
  CHECK(p.nonce.size() == 32);
  CHECK(p.issued_at == 1'800'000'000'000);
  CHECK(tokens.Issue() != t);

  std::string forged = t;
  forged[5] = forged[5] == 'a' ? 'b' : 'a';
  CHECK(tokens.Verify(forged).check == FormTokens::Check::kInvalid);
  CHECK(tokens.Verify("").check == FormTokens::Check::kInvalid);
  CHECK(tokens.Verify(t.substr(0, t.size() - 1)).check == FormTokens::Check::kInvalid);
  FormTokens other("secret-b", clock, rng, 3'600'000);
  CHECK(other.Verify(t).check == FormTokens::Check::kInvalid);

  clock.Advance(3'600'001);
  CHECK(tokens.Verify(t).check == FormTokens::Check::kExpired);
}
