// The device's corrected clock. Boards have no real-time clock: after a
// power cut the system clock may be hours or days off. Every hub response
// carries the hub's time; the sync worker measures the offset and sets it
// here, and the whole program (pages, receipts, deadlines) reads time
// through this clock. Until the hub has answered during this boot the
// offset is unknown: `certain()` is false and officers are warned.
#pragma once

#include <atomic>
#include <cstdint>

#include "core/clock.h"

namespace motcua::sync {

class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(const Clock& base) : base_(base) {}

  int64_t NowUnixMs() const override { return base_.NowUnixMs() + offset_.load(); }
  int64_t MonotonicMs() const override { return base_.MonotonicMs(); }

  // The uncorrected system clock.
  const Clock& base() const { return base_; }
  // Hub time minus system time, once measured in this boot.
  void SetOffset(int64_t offset_ms) {
    offset_ = offset_ms;
    certain_ = true;
  }
  int64_t offset() const { return offset_.load(); }
  bool certain() const { return certain_.load(); }

 private:
  const Clock& base_;
  std::atomic<int64_t> offset_{0};
  std::atomic<bool> certain_{false};
};

}  // namespace motcua::sync
