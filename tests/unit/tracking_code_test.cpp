#include "domain/tracking_code.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using motcua::SeededRng;
using motcua::domain::kTrackingAlphabet;
using motcua::domain::NewTrackingCode;
using motcua::domain::NormalizeTrackingCode;
using motcua::domain::TrackingCheckSymbol;

namespace {

// "PA-7K4QM-2XDRH" -> "7K4QM2XDRH".
std::string Symbols(const std::string& code) { return code.substr(3, 5) + code.substr(9, 5); }

}  // namespace

TEST_CASE("NewTrackingCode has the documented shape and round-trips") {
  SeededRng rng(42);
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string code = NewTrackingCode(rng);
    CAPTURE(code);
    REQUIRE(code.size() == 14);
    CHECK(code.substr(0, 3) == "PA-");
    CHECK(code[8] == '-');
    for (char c : Symbols(code)) CHECK(kTrackingAlphabet.find(c) != std::string_view::npos);
    CHECK(NormalizeTrackingCode(code) == code);
    seen.insert(code);
  }
  CHECK(seen.size() == 2000);  // 45 random bits: no collision expected here
}

TEST_CASE("The alphabet has 32 distinct symbols and no look-alikes") {
  CHECK(kTrackingAlphabet.size() == 32);
  CHECK(std::set<char>(kTrackingAlphabet.begin(), kTrackingAlphabet.end()).size() == 32);
  for (char c : std::string_view("ILOU"))
    CHECK(kTrackingAlphabet.find(c) == std::string_view::npos);
}

TEST_CASE("Check symbol: exhaustive over every state and symbol pair") {
  // "000000" + c leaves the checksum state at c (2*0 + c), so these cover
  // every (state, x, y). Later steps are bijections, so this holds at every
  // position of a code.
  const std::string zeros7(7, '0'), zeros6(6, '0');
  for (char c : kTrackingAlphabet) {
    for (char x : kTrackingAlphabet) {
      for (char y : kTrackingAlphabet) {
        if (x == y) continue;
        // Substitution x -> y after state c.
        REQUIRE(TrackingCheckSymbol(zeros7 + c + x) != TrackingCheckSymbol(zeros7 + c + y));
        // Adjacent transposition xy -> yx after state c.
        REQUIRE(TrackingCheckSymbol(zeros6 + c + x + y) != TrackingCheckSymbol(zeros6 + c + y + x));
      }
    }
  }
  CHECK(TrackingCheckSymbol("00000000I") == '\0');
}

TEST_CASE("Every single substitution and adjacent swap of sample codes is caught") {
  SeededRng rng(7);
  for (int n = 0; n < 300; ++n) {
    const std::string good = Symbols(NewTrackingCode(rng));
    for (size_t i = 0; i < good.size(); ++i) {
      for (char c : kTrackingAlphabet) {
        if (c == good[i]) continue;
        std::string bad = good;
        bad[i] = c;
        CAPTURE(bad);
        REQUIRE_FALSE(NormalizeTrackingCode(bad).has_value());
      }
      if (i + 1 < good.size() && good[i] != good[i + 1]) {
        std::string swapped = good;
        std::swap(swapped[i], swapped[i + 1]);  // includes payload<->check symbol
        CAPTURE(swapped);
        REQUIRE_FALSE(NormalizeTrackingCode(swapped).has_value());
      }
    }
  }
}

TEST_CASE("NormalizeTrackingCode forgives typing, not errors") {
  CHECK(NormalizeTrackingCode("pa 7k4qm 2xdrh") ==
        std::string("PA-7K4QM-2XDRH"));  // header's example
  // Make a code that contains 0, 1 and V so look-alikes can be tested.
  const std::string payload = "01V2345AB";
  const std::string known = "PA-01V23-45AB" + std::string(1, TrackingCheckSymbol(payload));
  REQUIRE(NormalizeTrackingCode(known) == known);
  const std::string check(1, known.back());
  struct Row {
    std::string typed;
    bool ok;
  };
  const Row rows[] = {
      {known, true},
      {"pa-01v23-45ab" + check, true},
      {"PA01V2345AB" + check, true},
      {"01V2345AB" + check, true},
      {"01v23 45ab" + check, true},
      {" PA - 01V23 - 45AB" + check + " ", true},
      {"PA.01V23.45AB" + check, true},
      {"PA-OIU23-45AB" + check, true},  // O->0, I->1, U->V
      {"PA-oLu23-45AB" + check, true},  // l->1 too
      {"PA-01V23-45AB", false},         // check symbol missing
      {"PA-01V23-45AB" + check + "0", false},
      {"XA-01V23-45AB" + check, false},
      {"PA-01V23_45AB" + check, false},
      {"PA-01V23-45A\xC3\x81" + check, false},
      {"", false},
      {"PA", false},
      {std::string(100, '0'), false},
  };
  for (const Row& r : rows) {
    CAPTURE(r.typed);
    auto got = NormalizeTrackingCode(r.typed);
    CHECK(got.has_value() == r.ok);
    if (r.ok && got) CHECK(*got == known);
  }
}
