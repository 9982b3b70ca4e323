// Per-client limits ("at most N in any window of W ms"), keyed by the client
// address. Time is the injected Clock's MonotonicMs, so tests advance a
// FakeClock instead of sleeping, and a wall-clock jump (boards have no RTC)
// neither lifts nor extends a limit. Thread-safe; memory is bounded.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace motcua::feedback {

struct RateLimit {
  int max_events = 10;         // 0 = no limit
  int64_t window_ms = 600000;  // 10 minutes
};

class RateLimiter {
 public:
  // `max_keys` bounds memory: beyond it, keys with nothing left in their
  // window are dropped, then the key seen least recently.
  RateLimiter(const Clock& clock, RateLimit limit, size_t max_keys = 10000);

  // Would one more event for `key` stay within the limit? Does not record.
  bool Allowed(const std::string& key);
  // Records an event (whether or not it was allowed).
  void Record(const std::string& key);
  // Allowed() and, if so, Record() in one step.
  bool TryAcquire(const std::string& key);
  // Milliseconds until one more event would be allowed (0 if it is now).
  int64_t RetryAfterMs(const std::string& key);

  const RateLimit& limit() const { return limit_; }

 private:
  struct Bucket {
    std::deque<int64_t> times;  // monotonic ms, ascending, at most max_events
    int64_t last_seen = 0;
  };
  void PruneLocked(Bucket& b, int64_t now) const;
  void EvictLocked(int64_t now);
  // The key's bucket, made (evicting the stalest when full) if new, pruned
  // to the window and marked seen now.
  Bucket& TouchLocked(const std::string& key, int64_t now);

  const Clock& clock_;
  const RateLimit limit_;
  const size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace motcua::feedback
