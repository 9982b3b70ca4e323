#include <doctest/doctest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/encoding.h"
#include "crypto/random.h"

using namespace motcua::crypto;

TEST_CASE("DrbgRng gives distinct bytes and fills large requests") {
  auto rng = DrbgRng::Create().value();
  std::string a(64, '\0'), b(64, '\0');
  rng->Fill(a.data(), a.size());
  rng->Fill(b.data(), b.size());
  CHECK(a != b);
  CHECK(a != std::string(64, '\0'));
  // Larger than one CTR_DRBG request (1024 bytes): must be filled to the end.
  std::string big(5000, '\0');
  rng->Fill(big.data(), big.size());
  CHECK(big.substr(4968) != std::string(32, '\0'));
  CHECK(rng->Uniform(10) < 10);
}

TEST_CASE("DrbgRng is safe to share between threads") {
  auto rng = DrbgRng::Create().value();
  std::vector<std::thread> threads;
  std::vector<std::set<std::string>> seen(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) seen[t].insert(RandomToken(*rng, 16));
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> all;
  for (auto& s : seen) all.insert(s.begin(), s.end());
  CHECK(all.size() == 2000);
}

TEST_CASE("RandomToken is base64url of the requested length") {
  auto rng = DrbgRng::Create("token-test").value();
  std::string t = RandomToken(*rng);
  CHECK(t.size() == 43);
  CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(Base64UrlDecode(t).value().size() == 32);
  CHECK(RandomToken(*rng, 16).size() == 22);
  CHECK(RandomToken(*rng) != t);
}
