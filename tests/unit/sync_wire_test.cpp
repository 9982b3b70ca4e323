#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>

#include "core/clock.h"
#include "sync/communes.h"
#include "sync/config.h"
#include "sync/wire.h"
#include "sync/worker.h"

using namespace motcua::sync;
using motcua::Code;

TEST_CASE("Request signatures cover method, target, body, device and nonce") {
  const std::string secret = "s3cret-s3cret-s3cret-s3cret-s3cret";
  const std::string sig = SignRequest(secret, "POST", "/sync/v1/push", "body", "03646-1", 7);
  CHECK(sig.size() == 64);
  CHECK(VerifyRequestSignature(secret, "POST", "/sync/v1/push", "body", "03646-1", 7, sig).ok());
  struct Case {
    const char* what;
    std::string method, target, body, device, key;
    int64_t nonce;
  };
  const Case cases[] = {
      {"method", "GET", "/sync/v1/push", "body", "03646-1", secret, 7},
      {"target", "POST", "/sync/v1/hello", "body", "03646-1", secret, 7},
      {"body", "POST", "/sync/v1/push", "bodY", "03646-1", secret, 7},
      {"device", "POST", "/sync/v1/push", "body", "03646-2", secret, 7},
      {"nonce", "POST", "/sync/v1/push", "body", "03646-1", secret, 8},
      {"key", "POST", "/sync/v1/push", "body", "03646-1", secret + "x", 7},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(
        VerifyRequestSignature(c.key, c.method, c.target, c.body, c.device, c.nonce, sig).code() ==
        Code::kPermissionDenied);
  }
}

TEST_CASE("zlib round trip, bounded inflation and damaged streams") {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += "Phản ánh về thủ tục đăng ký khai sinh số " + std::to_string(i) + "\n";
  auto z = Compress(text);
  REQUIRE(z.ok());
  CHECK(z->size() < text.size() / 4);
  CHECK(Decompress(*z, text.size()).value() == text);
  CHECK(Decompress(*z, text.size() - 1).status().code() == Code::kResourceExhausted);
  CHECK(Decompress(z->substr(0, z->size() / 2), 1 << 20).status().code() == Code::kInvalidArgument);
  std::string flipped = *z;
  flipped[flipped.size() / 2] ^= 0x20;
  CHECK_FALSE(Decompress(flipped, 1 << 20).ok());
  CHECK(Decompress(*z + "x", 1 << 20).status().code() == Code::kInvalidArgument);
  CHECK_FALSE(Decompress("", 100).ok());
}

TEST_CASE("Backoff doubles up to the cap with jitter in [half, full]") {
  motcua::SeededRng rng(42);
  for (int failures = 1; failures <= 20; ++failures) {
    int64_t base = std::min<int64_t>(1000LL << std::min(failures - 1, 30), 60000);
    for (int i = 0; i < 50; ++i) {
      const int64_t d = BackoffDelayMs(failures, 1000, 60000, rng);
      CHECK(d >= base / 2);
      CHECK(d <= base);
    }
  }
  // Two devices that failed together do not retry in lockstep.
  motcua::SeededRng a(1), b(2);
  int same = 0;
  for (int i = 0; i < 20; ++i)
    same += BackoffDelayMs(5, 1000, 60000, a) == BackoffDelayMs(5, 1000, 60000, b);
  CHECK(same < 3);
}

TEST_CASE("The shipped commune list: 75 units, 8 phường and 67 xã, unique five-digit codes") {
  const auto& all = SonLaCommunes();
  CHECK(all.size() == 75);
  int wards = 0, communes = 0;
  std::set<std::string> codes;
  for (const Commune& c : all) {
    CHECK(c.code.size() == 5);
    CHECK(c.code.find_first_not_of("0123456789") == std::string::npos);
    codes.insert(c.code);
    wards += c.kind == "Phường";
    communes += c.kind == "Xã";
  }
  CHECK(codes.size() == 75);
  CHECK(wards == 8);
  CHECK(communes == 67);
  REQUIRE(FindCommune("03646") != nullptr);
  CHECK(FindCommune("03646")->FullName() == "Phường Tô Hiệu");
  CHECK(FindCommune("99999") == nullptr);
}

TEST_CASE("Sync settings: plain HTTP only on loopback, a device needs its keys") {
  SyncConfig c;
  CHECK(ApplySyncSetting("sync_hub", "https://hub.sonla.example:8443", "f:1", &c).ok());
  CHECK(ApplySyncSetting("sync_hub", "ftp://x", "f:1", &c).code() == Code::kInvalidArgument);
  CHECK(ApplySyncSetting("sync_nope", "1", "f:1", &c).code() == Code::kNotFound);
  CHECK(ApplySyncSetting("sync_interval_s", "0", "f:1", &c).code() == Code::kInvalidArgument);
  CHECK_FALSE(ValidateSyncConfig(c).ok());  // no id, secret or keys
  c.device_id = "03646-1";
  c.device_secret = std::string(43, 'a');
  c.province_key_file = "/etc/motcua/province-key.pub.pem";
  CHECK_FALSE(ValidateSyncConfig(c).ok());  // https needs the pinned certificate
  c.hub_cert_file = "/etc/motcua/hub-cert.pem";
  CHECK(ValidateSyncConfig(c).ok());
  c.hub = "http://10.0.0.5:8080";
  c.plain_http = true;
  CHECK_FALSE(ValidateSyncConfig(c).ok());  // plain HTTP to a non-loopback hub
  c.hub = "http://127.0.0.1:8080";
  CHECK(ValidateSyncConfig(c).ok());
  c.plain_http = false;
  CHECK_FALSE(ValidateSyncConfig(c).ok());
  auto a = ParseHubUrl("https://hub.example:8443/");
  REQUIRE(a.ok());
  CHECK(a->tls);
  CHECK(a->host == "hub.example");
  CHECK(a->port == 8443);
  CHECK_FALSE(ParseHubUrl("https://hub.example:99999").ok());
  CHECK_FALSE(ParseHubUrl("https://hub.example/path").ok());
}
