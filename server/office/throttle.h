// Login throttling, per account and per client address (ARCHITECTURE
// "Security model"). In memory on purpose: a restart forgets it, which costs
// an attacker a power cycle of the board they cannot reach, and saves an SD
// write per failed attempt. Time is the injected Clock's monotonic time, so a
// wall-clock jump (boards have no RTC) neither unlocks nor extends a lock.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace motcua::office {

struct ThrottleOptions {
  // Failures for one login name within `window_ms` before it is locked.
  // Counted for names that do not exist too, so a lock never tells whether
  // an account exists.
  int account_failures = 5;
  // Failures from one client address within `window_ms` before it is locked
  // (a phone guessing many names). Higher: a counter's officers share one
  // Wi-Fi, and through NAT one address.
  int client_failures = 20;
  int64_t window_ms = 15 * 60 * 1000;
  // How long a lock lasts. Attempts while locked are refused without
  // checking the password, so they cost no PBKDF2 time.
  int64_t lockout_ms = 15 * 60 * 1000;
  // Keys remembered at most (memory bound); the oldest idle ones go first.
  size_t max_keys = 4096;
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, ThrottleOptions options) : clock_(clock), opt_(options) {}

  // 0 when an attempt may go ahead; otherwise milliseconds until it may.
  int64_t RetryAfterMs(const std::string& account, const std::string& client);
  void RecordFailure(const std::string& account, const std::string& client);
  // Clears the account's failures. The client's stay: one good login must
  // not reset a guesser's budget for other names.
  void RecordSuccess(const std::string& account);

 private:
  struct Entry {
    std::deque<int64_t> failures;  // monotonic ms, within the window
    int64_t locked_until = 0;
    int64_t last = 0;
  };
  using Map = std::unordered_map<std::string, Entry>;
  int64_t Remaining(Map& m, const std::string& key, int64_t now);
  void Fail(Map& m, const std::string& key, int limit, int64_t now);
  void Prune(Map& m, int64_t now);

  const Clock& clock_;
  ThrottleOptions opt_;
  std::mutex mu_;
  Map accounts_;
  Map clients_;
};

// Caps how many password checks run at once: each PBKDF2 holds a web worker
// for ~0.1 s here and several times that on a board (crypto/password.h).
class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int max) : max_(max) {}
  // Waits up to wait_ms for a slot; false when none came free.
  bool Acquire(int wait_ms);
  void Release();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int max_;
  int used_ = 0;
};

}  // namespace motcua::office
