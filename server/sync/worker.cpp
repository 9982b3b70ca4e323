#include "sync/worker.h"

#include <algorithm>

#include "core/log.h"

namespace motcua::sync {

int64_t BackoffDelayMs(int failures, int64_t min_ms, int64_t max_ms, Rng& rng) {
  int64_t base = std::max<int64_t>(min_ms, 1);
  for (int i = 1; i < failures && base < max_ms; ++i) base *= 2;
  base = std::min(base, max_ms);
  const int64_t half = base / 2;
  return half + static_cast<int64_t>(rng.Uniform(static_cast<uint64_t>(base - half) + 1));
}

SyncWorker::SyncWorker(DeviceSync& sync, const Clock& clock, Rng& rng, WorkerOptions options)
    : sync_(sync), clock_(clock), rng_(rng), options_(options) {}

SyncWorker::~SyncWorker() { Stop(); }

void SyncWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void SyncWorker::SyncNow() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = true;
  }
  cv_.notify_all();
}

void SyncWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t SyncWorker::rounds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rounds_;
}

void SyncWorker::Run() {
  int failures = 0;
  int64_t wait_ms = 0;  // a round at start
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_ || now_; });
      if (stop_) return;
      now_ = false;
    }
    auto r = sync_.SyncOnce();
    if (r.ok()) {
      if (failures > 0) log::Info("sync: hub reachable again");
      failures = 0;
      wait_ms = options_.interval_ms;
      if (r->pushed > 0 || r->bundle_applied || r->messages > 0) {
        log::Info("sync: pushed " + std::to_string(r->pushed) + " (hub holds up to " +
                  std::to_string(r->acked) + ")" + (r->bundle_applied ? ", new bundle" : "") +
                  (r->messages ? ", " + std::to_string(r->messages) + " messages" : ""));
      }
    } else {
      ++failures;
      wait_ms = BackoffDelayMs(failures, options_.backoff_min_ms, options_.backoff_max_ms, rng_);
      log::Warn("sync: round failed (" + r.status().message() + "); retry in " +
                std::to_string(wait_ms / 1000) + " s");
    }
    sync_.NoteSchedule(failures, clock_.NowUnixMs() + wait_ms);
    std::lock_guard<std::mutex> lock(mu_);
    ++rounds_;
  }
}

}  // namespace motcua::sync
