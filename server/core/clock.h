// Time and randomness come in through these interfaces so that deadlines,
// expiry and backoff are tested without sleeping and without luck.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/date.h"

namespace motcua {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, Unix epoch, milliseconds. May jump (boards have no RTC).
  virtual int64_t NowUnixMs() const = 0;
  // Monotonic time for timeouts and rate limits, milliseconds.
  virtual int64_t MonotonicMs() const = 0;
  Date Today() const { return VietnamDateAt(NowUnixMs()); }
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnixMs() const override;
  int64_t MonotonicMs() const override;
};

// A clock tests set by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_ms = 0) : now_(unix_ms), mono_(0) {}
  int64_t NowUnixMs() const override { return now_.load(); }
  int64_t MonotonicMs() const override { return mono_.load(); }
  void Set(int64_t unix_ms) { now_ = unix_ms; }
  void SetDate(const Date& d) { now_ = d.ToDays() * 86400000LL; }  // 07:00 in Vietnam
  void Advance(int64_t ms) {
    now_ += ms;
    mono_ += ms;
  }

 private:
  std::atomic<int64_t> now_;
  std::atomic<int64_t> mono_;
};

class Rng {
 public:
  virtual ~Rng() = default;
  // Fills buf with unpredictable bytes (suitable for tokens and codes).
  virtual void Fill(void* buf, size_t n) = 0;
  uint64_t NextU64();
  // Uniform in [0, bound) without modulo bias; bound > 0.
  uint64_t Uniform(uint64_t bound);
};

// The kernel's CSPRNG (getrandom(2)).
class SystemRng final : public Rng {
 public:
  void Fill(void* buf, size_t n) override;
};

// Deterministic generator for tests (splitmix64); never for secrets.
class SeededRng final : public Rng {
 public:
  explicit SeededRng(uint64_t seed) : state_(seed) {}
  void Fill(void* buf, size_t n) override;

 private:
  uint64_t state_;
};

// "2026-11-28 19:50:44" in Vietnam time.
std::string FormatVietnamTime(int64_t unix_ms);

}  // namespace motcua
