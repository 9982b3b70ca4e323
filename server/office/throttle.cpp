#include "office/throttle.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <vector>

namespace motcua::office {

int64_t LoginThrottle::Remaining(Map& m, const std::string& key, int64_t now) {
  auto it = m.find(key);
  if (it == m.end() || it->second.locked_until <= now) return 0;
  return it->second.locked_until - now;
}

void LoginThrottle::Fail(Map& m, const std::string& key, int limit, int64_t now) {
  if (m.size() >= opt_.max_keys && !m.count(key)) Prune(m, now);
  Entry& e = m[key];
  e.last = now;
  while (!e.failures.empty() && e.failures.front() <= now - opt_.window_ms) e.failures.pop_front();
  e.failures.push_back(now);
  if (static_cast<int>(e.failures.size()) >= limit) {
    e.locked_until = now + opt_.lockout_ms;
    e.failures.clear();
  }
}

void LoginThrottle::Prune(Map& m, int64_t now) {
  // Forget entries that are neither locked nor inside the window; if that is
  // not enough, drop the least recently used half.
  for (auto it = m.begin(); it != m.end();) {
    const Entry& e = it->second;
    if (e.locked_until <= now && e.last <= now - opt_.window_ms) {
      it = m.erase(it);
    } else {
      ++it;
    }
  }
  if (m.size() < opt_.max_keys) return;
  std::vector<int64_t> lasts;
  for (const auto& kv : m) lasts.push_back(kv.second.last);
  std::nth_element(lasts.begin(), lasts.begin() + lasts.size() / 2, lasts.end());
  const int64_t median = lasts[lasts.size() / 2];
  for (auto it = m.begin(); it != m.end();) {
    it = it->second.last <= median ? m.erase(it) : std::next(it);
  }
}

int64_t LoginThrottle::RetryAfterMs(const std::string& account, const std::string& client) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = clock_.MonotonicMs();
  return std::max(Remaining(accounts_, account, now), Remaining(clients_, client, now));
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& client) {
  std::lock_guard<std::mutex> lock(mu_);
  const int64_t now = clock_.MonotonicMs();
  Fail(accounts_, account, opt_.account_failures, now);
  Fail(clients_, client, opt_.client_failures, now);
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_.erase(account);
}

bool ConcurrencyLimit::Acquire(int wait_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return used_ < max_; }))
    return false;
  ++used_;
  return true;
}

void ConcurrencyLimit::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    --used_;
  }
  cv_.notify_one();
}

}  // namespace motcua::office
