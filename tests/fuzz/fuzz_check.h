// FUZZ_REQUIRE(cond): a broken invariant in a fuzz target names itself on
// stderr, then traps so libFuzzer keeps the input as a crash.
#pragma once

#include <cstdio>

#define FUZZ_REQUIRE(cond)                                                                   \
  do {                                                                                       \
    if (!(cond)) {                                                                           \
      std::fprintf(stderr, "fuzz invariant failed: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      __builtin_trap();                                                                      \
    }                                                                                        \
  } while (0)
