#include "core/clock.h"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace motcua {

int64_t SystemClock::NowUnixMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::MonotonicMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

uint64_t Rng::NextU64() {
  uint64_t v;
  Fill(&v, sizeof v);
  return v;
}

uint64_t Rng::Uniform(uint64_t bound) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  for (;;) {
    uint64_t v = NextU64();
    if (v < limit) return v % bound;
  }
}

void SystemRng::Fill(void* buf, size_t n) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    ssize_t got = getrandom(p, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::perror("getrandom");
      std::abort();  // no safe fallback for secrets
    }
    p += got;
    n -= static_cast<size_t>(got);
  }
}

void SeededRng::Fill(void* buf, size_t n) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    size_t k = n < 8 ? n : 8;
    std::memcpy(p, &z, k);
    p += k;
    n -= k;
  }
}

std::string FormatVietnamTime(int64_t unix_ms) {
  int64_t secs = unix_ms / 1000 + kVietnamUtcOffsetSeconds;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  Date d = Date::FromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s %02d:%02d:%02d", d.ToIso().c_str(), static_cast<int>(rem / 3600),
                static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  return buf;
}

}  // namespace motcua
