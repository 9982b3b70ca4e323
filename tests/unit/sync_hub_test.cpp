// The hub's side: authentication, exactly-once storage, acks, conflicts.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "crypto/random.h"
#include "crypto/signature.h"
#include "support/temp_dir.h"
#include "sync/bundle.h"
#include "sync/hub.h"
#include "sync/protocol.h"
#include "sync/wire.h"

using namespace motcua::sync;
using motcua::Code;
using nlohmann::json;

namespace {

struct HubFixture {
  motcua::testing::TempDir dir;
  motcua::FakeClock clock{1800000000000};
  std::unique_ptr<motcua::crypto::DrbgRng> rng = motcua::crypto::DrbgRng::Create().value();
  motcua::crypto::KeyPairPem keys = motcua::crypto::GenerateKeyPair(*rng).value();
  std::unique_ptr<Hub> hub;
  DeviceCredentials dev;
  int64_t nonce = 0;

  HubFixture() {
    HubOptions o;
    o.province_private_pem = keys.private_pem;
    o.blob_dir = dir.File("blobs");
    hub = Hub::Open(dir.File("hub.db"), clock, *rng, o).value();
    dev = hub->AddDevice("03646").value();
  }

  HubResponse Call(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& device = "", const std::string& secret = "",
                   int64_t use_nonce = -1) {
    HubRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.device = device.empty() ? dev.device.id : device;
    const int64_t n = use_nonce >= 0 ? use_nonce : ++nonce;
    r.nonce = std::to_string(n);
    r.signature =
        SignRequest(secret.empty() ? dev.secret : secret, method, target, body, r.device, n);
    return hub->Handle(r);
  }

  static json Entry(int64_t seq, const std::string& text = "") {
    return {{"seq", seq},
            {"kind", "test.entry"},
            {"created_at", 1700000000000 + seq},
            {"boot_id", "boot-1"},
            {"payload",
             {{"n", seq}, {"text", text.empty() ? "Nội dung " + std::to_string(seq) : text}}}};
  }

  HubResponse Push(const std::vector<json>& entries, int64_t use_nonce = -1) {
    json body = {{"boot_id", "boot-1"}, {"sent_at", 1}, {"entries", entries}};
    return Call("POST", kPathPush, Compress(body.dump()).value(), "", "", use_nonce);
  }

  int64_t Stored() {
    return hub->WithDb([&](motcua::store::Db& db) {
      auto st = db.Prepare("SELECT COUNT(*) FROM hub_entries");
      REQUIRE(st.ok());
      REQUIRE(st->Step().value());
      return st->Int(0);
    });
  }
};

json Body(const HubResponse& r) { return json::parse(r.body); }

}  // namespace

TEST_CASE("Hub stores each (device, seq) once and acks the highest contiguous seq") {
  HubFixture f;
  // Out of order: 3 and 4 first, nothing contiguous yet.
  HubResponse r = f.Push({HubFixture::Entry(4), HubFixture::Entry(3)});
  REQUIRE(r.status == 200);
  CHECK(Body(r)["acked"] == 0);
  CHECK(Body(r)["stored"] == 2);
  CHECK(r.hub_time == f.clock.NowUnixMs());
  // 1 and 2 fill the gap; a duplicate 3 in the same batch counts once.
  r = f.Push({HubFixture::Entry(2), HubFixture::Entry(1), HubFixture::Entry(3)});
  REQUIRE(r.status == 200);
  CHECK(Body(r)["acked"] == 4);
  CHECK(Body(r)["stored"] == 2);
  CHECK(Body(r)["duplicates"] == 1);
  // Resending everything is harmless.
  r = f.Push(
      {HubFixture::Entry(1), HubFixture::Entry(2), HubFixture::Entry(3), HubFixture::Entry(4)});
  CHECK(r.status == 200);
  CHECK(Body(r)["stored"] == 0);
  CHECK(Body(r)["duplicates"] == 4);
  CHECK(f.Stored() == 4);
  auto entries = f.hub->Entries(f.dev.device.id, 0, 100).value();
  REQUIRE(entries.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(entries[i].seq == i + 1);
  CHECK(json::parse(entries[0].payload_json)["text"] == "Nội dung 1");
}

TEST_CASE("The same seq with other content is refused with 409 and alerted") {
  HubFixture f;
  REQUIRE(f.Push({HubFixture::Entry(1), HubFixture::Entry(2)}).status == 200);
  HubResponse r = f.Push({HubFixture::Entry(2, "khác"), HubFixture::Entry(3)});
  CHECK(r.status == 409);
  CHECK(Body(r)["conflicts"] == json::array({2}));
  CHECK(Body(r)["acked"] == 3);  // the hub holds a 2 (the first one) and the new 3
  auto e = f.hub->Entries(f.dev.device.id, 1, 1).value();
  REQUIRE(e.size() == 1);
  CHECK(json::parse(e[0].payload_json)["text"] == "Nội dung 2");  // unchanged
  auto alerts = f.hub->Alerts(10).value();
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].kind == "conflict");
  CHECK(alerts[0].seq == 2);
  // Sending the conflicting copy again does not raise a second alert.
  CHECK(f.Push({HubFixture::Entry(2, "khác")}).status == 409);
  CHECK(f.hub->Alerts(10).value().size() == 1);
}

TEST_CASE("Replays, wrong keys, unknown and revoked devices are refused, nothing stored") {
  HubFixture f;
  REQUIRE(f.Push({HubFixture::Entry(1)}, 10).status == 200);
  SUBCASE("the same nonce again") {
    HubResponse r = f.Push({HubFixture::Entry(2)}, 10);
    CHECK(r.status == 401);
    CHECK(Body(r)["error"] == "stale_nonce");
    CHECK(Body(r)["last_nonce"] == 10);
    CHECK(f.Push({HubFixture::Entry(2)}, 9).status == 401);
  }
  SUBCASE("another device's key") {
    DeviceCredentials other = f.hub->AddDevice("03664").value();
    json body = {{"entries", {HubFixture::Entry(2)}}};
    CHECK(f.Call("POST", kPathPush, Compress(body.dump()).value(), f.dev.device.id, other.secret)
              .status == 401);
  }
  SUBCASE("a made-up device") {
    CHECK(f.Call("POST", kPathHello, "{}", "03646-9", f.dev.secret).status == 401);
  }
  SUBCASE("a revoked device, even with its right key") {
    REQUIRE(f.hub->RevokeDevice(f.dev.device.id).ok());
    CHECK(f.Push({HubFixture::Entry(2)}).status == 403);
  }
  SUBCASE("a body changed after signing") {
    HubRequest r;
    r.method = "POST";
    r.target = kPathPush;
    r.device = f.dev.device.id;
    r.nonce = "50";
    json body = {{"entries", {HubFixture::Entry(2)}}};
    r.body = Compress(body.dump()).value();
    r.signature = SignRequest(f.dev.secret, r.method, r.target, r.body, r.device, 50);
    r.body = Compress(json{{"entries", {HubFixture::Entry(2, "giả")}}}.dump()).value();
    CHECK(f.hub->Handle(r).status == 401);
  }
  CHECK(f.Stored() == 1);
}

TEST_CASE("Malformed pushes are refused whole") {
  HubFixture f;
  CHECK(f.Call("POST", kPathPush, "not zlib").status == 400);
  CHECK(f.Call("POST", kPathPush, Compress("[1,2]").value()).status == 400);
  json bad = HubFixture::Entry(1);
  bad["kind"] = "Bad Kind!";
  CHECK(f.Push({HubFixture::Entry(2), bad}).status == 400);
  json no_seq = HubFixture::Entry(1);
  no_seq.erase("seq");
  CHECK(f.Push({no_seq}).status == 400);
  CHECK(f.Stored() == 0);
}

TEST_CASE("Hello records the device's report and answers the hub's time and versions") {
  HubFixture f;
  json hello = {{"boot_id", "b"},
                {"device_time", f.clock.NowUnixMs() - 3 * 86400000LL},
                {"clock_offset_ms", nullptr},
                {"pending", 12},
                {"bundle_version", 0}};
  HubResponse r = f.Call("POST", kPathHello, hello.dump());
  REQUIRE(r.status == 200);
  CHECK(Body(r)["hub_time"] == f.clock.NowUnixMs());
  CHECK(Body(r)["acked"] == 0);
  CHECK(Body(r)["bundle_version"] == 0);  // the hub's catalogue is empty: no bundle
  auto d = f.hub->Devices().value();
  REQUIRE(d.size() == 1);
  CHECK(d[0].pending == 12);
  CHECK(d[0].clock_offset_ms == 3 * 86400000LL);
  CHECK(d[0].last_contact == f.clock.NowUnixMs());
}

TEST_CASE("Bundles: signed per commune, version grows only when the list changes") {
  HubFixture f;
  CHECK(f.Call("GET", kPathBundle, "").status == 204);  // nothing to publish yet
  auto cat = motcua::catalog::Catalog::Open(f.dir.File("hub.db"), f.clock, {}).value();
  motcua::domain::Procedure p;
  p.code = "1.001193";
  p.name = "Đăng ký khai sinh";
  p.levels = motcua::domain::kLevelCommune;
  motcua::domain::Procedure q = p;
  q.code = "2.000001";
  q.name = "Cấp phép cấp tỉnh";
  q.levels = motcua::domain::kLevelProvince;
  REQUIRE(cat->Import({p, q}).ok());

  HubResponse r = f.Call("GET", kPathBundle, "");
  REQUIRE(r.status == 200);
  CHECK(r.content_type == kContentTypeZlib);
  Bundle b = VerifyBundle(Decompress(r.body, 1 << 24).value(), f.keys.public_pem, "03646").value();
  CHECK(b.procedures.size() == 1);  // commune level only
  CHECK(b.procedures[0].code == "1.001193");
  const int64_t v1 = b.version;
  CHECK(v1 >= f.clock.NowUnixMs() / 1000);

  // A province-level change does not touch the commune list: same version.
  q.name = "Cấp phép cấp tỉnh (sửa)";
  REQUIRE(cat->Import({q}).ok());
  CHECK(f.hub->EnsureBundle("03646").value().version == v1);
  // A commune-level change issues a newer one.
  p.status = motcua::domain::PostingStatus::kAbolished;
  REQUIRE(cat->Import({p}).ok());
  f.clock.Advance(1000);
  CHECK(f.hub->EnsureBundle("03646").value().version > v1);
  CHECK(f.hub->EnsureBundle("99999").status().code() == Code::kInvalidArgument);
}
