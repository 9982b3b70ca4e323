#include "feedback/rate_limiter.h"

#include <algorithm>

namespace motcua::feedback {

RateLimiter::RateLimiter(const Clock& clock, RateLimit limit, size_t max_keys)
    : clock_(clock), limit_(limit), max_keys_(std::max<size_t>(max_keys, 1)) {}

void RateLimiter::PruneLocked(Bucket& b, int64_t now) const {
  while (!b.times.empty() && now - b.times.front() >= limit_.window_ms) b.times.pop_front();
}

void RateLimiter::EvictLocked(int64_t now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    PruneLocked(it->second, now);
    it = it->second.times.empty() ? buckets_.erase(it) : std::next(it);
  }
  while (buckets_.size() >= max_keys_) {
    auto oldest = std::min_element(
        buckets_.begin(), buckets_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    buckets_.erase(oldest);
  }
}

bool RateLimiter::Allowed(const std::string& key) {
  if (limit_.max_events <= 0) return true;
  const int64_t now = clock_.MonotonicMs();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return true;
  PruneLocked(it->second, now);
  return static_cast<int>(it->second.times.size()) < limit_.max_events;
}

void RateLimiter::Record(const std::string& key) {
  if (limit_.max_events <= 0) return;
  const int64_t now = clock_.MonotonicMs();
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& b = TouchLocked(key, now);
  b.times.push_back(now);
  // Only the newest max_events matter for the decision.
  while (static_cast<int>(b.times.size()) > limit_.max_events) b.times.pop_front();
}

RateLimiter::Bucket& RateLimiter::TouchLocked(const std::string& key, int64_t now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) EvictLocked(now);
    it = buckets_.emplace(key, Bucket{}).first;
  }
  Bucket& b = it->second;
  PruneLocked(b, now);
  b.last_seen = now;
  return b;
}

bool RateLimiter::TryAcquire(const std::string& key) {
  if (limit_.max_events <= 0) return true;
  const int64_t now = clock_.MonotonicMs();
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& b = TouchLocked(key, now);
  if (static_cast<int>(b.times.size()) >= limit_.max_events) return false;
  b.times.push_back(now);
  return true;
}

int64_t RateLimiter::RetryAfterMs(const std::string& key) {
  if (limit_.max_events <= 0) return 0;
  const int64_t now = clock_.MonotonicMs();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return 0;
  PruneLocked(it->second, now);
  if (static_cast<int>(it->second.times.size()) < limit_.max_events) return 0;
  return it->second.times.front() + limit_.window_ms - now;
}

}  // namespace motcua::feedback
