// Signed bundles on the device: only the province's signature, only newer
// versions, the catalogue swapped whole in one transaction.
#include <doctest/doctest.h>

#include "catalog/catalog.h"
#include "crypto/random.h"
#include "crypto/signature.h"
#include "support/procedures.h"
#include "support/temp_dir.h"
#include "sync/bundle.h"
#include "sync/device.h"

using namespace motcua::sync;
using motcua::Code;
using motcua::domain::Procedure;
using motcua::testing::MakeProcedure;

namespace {

struct DeviceFixture {
  motcua::testing::TempDir dir;
  motcua::FakeClock base{1800000000000};
  OffsetClock clock{base};
  std::unique_ptr<motcua::crypto::DrbgRng> rng = motcua::crypto::DrbgRng::Create().value();
  motcua::crypto::KeyPairPem province = motcua::crypto::GenerateKeyPair(*rng).value();
  std::unique_ptr<motcua::catalog::Catalog> catalog;
  std::unique_ptr<DeviceSync> device;

  DeviceFixture() {
    catalog = motcua::catalog::Catalog::Open(dir.File("dev.db"), clock, {}).value();
    DeviceOptions o;
    o.device_id = "03646-1";
    o.secret = std::string(43, 'k');
    o.hub.tls = false;
    o.hub.host = "127.0.0.1";
    o.hub.port = 9;
    o.province_public_pem = province.public_pem;
    o.boot_id = "boot-a";
    device = DeviceSync::Open(dir.File("dev.db"), clock, *rng, *catalog, o).value();
  }

  std::string Signed(int64_t version, std::vector<Procedure> procs,
                     const std::string& commune = "03646", const std::string* key = nullptr) {
    Bundle b;
    b.commune = commune;
    b.version = version;
    b.issued_at = base.NowUnixMs();
    b.procedures = std::move(procs);
    return SignBundle(b, key ? *key : province.private_pem, *rng).value();
  }

  std::vector<std::string> Public() {
    std::vector<std::string> out;
    for (const auto& e : catalog->snapshot()->entries)
      if (catalog->IsPublic(e.s, clock.Today())) out.push_back(e.s.code);
    return out;
  }
};

}  // namespace

TEST_CASE("A bundle with any byte changed fails the signature check") {
  DeviceFixture f;
  const std::string file = f.Signed(5, {MakeProcedure("1.001193", "Đăng ký khai sinh")});
  REQUIRE(VerifyBundle(file, f.province.public_pem, "03646").ok());
  const size_t body = file.find('\n', 16) + 1;
  int checked = 0;
  for (size_t i = body; i < file.size(); i += 7) {
    std::string bad = file;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    CAPTURE(i);
    CHECK(VerifyBundle(bad, f.province.public_pem, "03646").status().code() ==
          Code::kPermissionDenied);
    ++checked;
  }
  CHECK(checked > 20);
  // Changes in the signature line fail too (bad base64 or a wrong signature).
  std::string bad_sig = file;
  bad_sig[20] = bad_sig[20] == 'A' ? 'B' : 'A';
  CHECK_FALSE(VerifyBundle(bad_sig, f.province.public_pem, "03646").ok());
  CHECK_FALSE(VerifyBundle(file.substr(0, file.size() - 1), f.province.public_pem, "03646").ok());
}

TEST_CASE("Device applies a newer province bundle and refuses bad, foreign or older ones") {
  DeviceFixture f;
  // A catalogue imported locally (demo, or an old import).
  REQUIRE(f.catalog
              ->Import({MakeProcedure("1.000001", "Thủ tục cũ của xã"),
                        MakeProcedure("1.001193", "Đăng ký khai sinh")})
              .ok());
  CHECK(f.Public() == std::vector<std::string>{"1.000001", "1.001193"});

  REQUIRE(f.device
              ->ApplyBundle(f.Signed(10, {MakeProcedure("1.001193", "Đăng ký khai sinh"),
                                          MakeProcedure("1.004222", "Đăng ký kết hôn")}))
              .ok());
  // The bundle is the list: what it does not name stays stored but is not posted.
  CHECK(f.Public() == std::vector<std::string>{"1.001193", "1.004222"});
  auto old = f.catalog->Summary("1.000001");
  REQUIRE(old);
  CHECK_FALSE(old->listed);
  const int64_t version = f.catalog->version();
  auto unchanged = [&]() {
    CHECK(f.catalog->version() == version);
    CHECK(f.Public() == std::vector<std::string>{"1.001193", "1.004222"});
    CHECK(f.device->GetStatus().bundle_version == 10);
  };

  SUBCASE("one byte changed") {
    std::string bad = f.Signed(11, {MakeProcedure("1.001193", "Đăng ký khai sinh")});
    bad[bad.size() - 10] ^= 0x04;
    CHECK(f.device->ApplyBundle(bad).code() == Code::kPermissionDenied);
    unchanged();
  }
  SUBCASE("signed by another key") {
    auto other = motcua::crypto::GenerateKeyPair(*f.rng).value();
    CHECK(f.device
              ->ApplyBundle(
                  f.Signed(11, {MakeProcedure("1.001193", "X")}, "03646", &other.private_pem))
              .code() == Code::kPermissionDenied);
    unchanged();
  }
  SUBCASE("an older or equal version") {
    CHECK(f.device->ApplyBundle(f.Signed(9, {MakeProcedure("1.001193", "X")})).code() ==
          Code::kConflict);
    CHECK(f.device->ApplyBundle(f.Signed(10, {MakeProcedure("1.001193", "X")})).code() ==
          Code::kConflict);
    unchanged();
  }
  SUBCASE("another commune's bundle, rightly signed") {
    CHECK(f.device->ApplyBundle(f.Signed(11, {MakeProcedure("1.001193", "X")}, "03664")).code() ==
          Code::kInvalidArgument);
    unchanged();
  }
  SUBCASE("a newer one brings a procedure back") {
    REQUIRE(
        f.device->ApplyBundle(f.Signed(12, {MakeProcedure("1.000001", "Thủ tục cũ của xã")})).ok());
    CHECK(f.Public() == std::vector<std::string>{"1.000001"});
    CHECK(f.catalog->version() > version);
  }
  // Every refusal is shown to officers.
  auto alerts = f.device->GetStatus().alerts;
  for (const auto& a : alerts) CHECK(a.kind.rfind("bundle", 0) == 0);
}
