// When sync rounds run: at start, every interval while the hub answers, at
// once when an officer presses "sync now", and with exponential backoff
// and jitter while it does not.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "sync/device.h"

namespace motcua::sync {

struct WorkerOptions {
  int64_t interval_ms = 300000;
  int64_t backoff_min_ms = 5000;
  int64_t backoff_max_ms = 900000;
};

// The wait after `failures` consecutive failed rounds (failures >= 1): the
// base doubles from min up to max; the wait is drawn uniformly from
// [base/2, base] ("equal jitter"), so devices that failed together retry
// apart while none waits less than half the base.
int64_t BackoffDelayMs(int failures, int64_t min_ms, int64_t max_ms, Rng& rng);

class SyncWorker {
 public:
  // `rng` draws the jitter; `clock` stamps the schedule shown to officers.
  SyncWorker(DeviceSync& sync, const Clock& clock, Rng& rng, WorkerOptions options);
  ~SyncWorker();  // stops
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void Start();
  // Wakes the worker for a round now (an officer pressed "sync now").
  void SyncNow();
  // Finishes the round in progress (bounded by the transport timeouts) and joins.
  void Stop();
  // Rounds finished since start (tests wait on it).
  int64_t rounds() const;

 private:
  void Run();

  DeviceSync& sync_;
  const Clock& clock_;
  Rng& rng_;
  WorkerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool now_ = false;
  int64_t rounds_ = 0;
  std::thread thread_;
};

}  // namespace motcua::sync
