#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

#include "core/clock.h"
#include "crypto/password.h"

using namespace motcua::crypto;
using motcua::Code;
using motcua::SeededRng;

TEST_CASE("VerifyPassword accepts a hash made by another PBKDF2 implementation") {
  // Made with Python's hashlib.pbkdf2_hmac('sha256', pw, bytes(range(16)), 1000).
  const std::string stored =
      "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=";
  CHECK(VerifyPassword("Mật khẩu 2025!", stored).ok());
  CHECK(VerifyPassword("Mat khau 2025!", stored).code() == Code::kPermissionDenied);
  CHECK(VerifyPassword("", stored).code() == Code::kPermissionDenied);
}

TEST_CASE("HashPassword round-trips, salts each hash and records its cost") {
  SeededRng rng(7);
  std::string a = HashPassword("secret", 2000, rng).value();
  std::string b = HashPassword("secret", 2000, rng).value();
  CHECK(a != b);  // fresh salt each time
  CHECK(a.rfind("pbkdf2-sha256$2000$", 0) == 0);
  CHECK(VerifyPassword("secret", a).ok());
  CHECK(VerifyPassword("secret", b).ok());
  CHECK(VerifyPassword("Secret", a).code() == Code::kPermissionDenied);
  CHECK(NeedsRehash(a, 3000));
  CHECK_FALSE(NeedsRehash(a, 2000));
  CHECK(NeedsRehash("garbage", 1000));
  CHECK_FALSE(HashPassword("x", 10, rng).ok());
}

TEST_CASE("VerifyPassword calls unreadable stored strings corrupt") {
  const char* bad[] = {
      "",
      "pbkdf2-sha1$1000$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=",
      "pbkdf2-sha256$01000$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=",
      "pbkdf2-sha256$999999999$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/"
      "4=",
      "pbkdf2-sha256$100$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=",
      "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0O$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=",
      "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS",
      "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=$",
      "pbkdf2-sha256$1e3$AAECAwQFBgcICQoLDA0ODw==$8hAppsQ5gIBvznZ6w90QZlTS+TT8kjoH4hw2zYRse/4=",
  };
  for (const char* s : bad) {
    CAPTURE(s);
    CHECK(VerifyPassword("Mật khẩu 2025!", s).code() == Code::kCorrupt);
  }
}

TEST_CASE("Default PBKDF2 cost (printed for the record)") {
  // Thread CPU time as well as wall time: the build VM's cores are shared,
  // and CPU time is what a board would spend.
  SeededRng rng(1);
  timespec cpu0{}, cpu1{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
  auto start = std::chrono::steady_clock::now();
  std::string h = HashPassword("measure me", kDefaultPbkdf2Iterations, rng).value();
  auto wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu1);
  double cpu_ms = (cpu1.tv_sec - cpu0.tv_sec) * 1e3 + (cpu1.tv_nsec - cpu0.tv_nsec) / 1e6;
  std::printf("PBKDF2-HMAC-SHA256 %d iterations: %.1f ms CPU, %.1f ms wall\n",
              kDefaultPbkdf2Iterations, cpu_ms, wall.count());
  CHECK(VerifyPassword("measure me", h).ok());
}
