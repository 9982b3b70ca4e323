// Sync benchmark (issue 5): a device with N feedback records in its outbox
// pushes them to an in-process hub over loopback HTTP, through a relay that
// counts every byte on the wire both ways. Prints the time, the bytes on the
// wire and the raw JSON size of the same entries. Run by bench/sync.sh.
//
//   sync_bench [RECORDS] [BATCH_ENTRIES] [shuffled]     (default 10000, 500)
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "crypto/signature.h"
#include "store/db.h"
#include "support/cut_proxy.h"
#include "sync/clock.h"
#include "sync/device.h"
#include "sync/hub.h"
#include "web/sync_api.h"

using namespace motcua;  // NOLINT: a small program
using nlohmann::json;

namespace {

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "sync_bench: %s: %s\n", what, r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

// Words in the order the demo catalogue writes them (server/catalog/demo):
// feedback is about these procedures, in this language. Each text is a few
// runs of consecutive words from random places, so zlib sees phrases that
// recur, as in real feedback, but no record repeats another.
std::vector<std::string> LoadCorpus() {
  std::ifstream in(MOTCUA_SOURCE_DIR "/server/catalog/demo/procedures.jsonl");
  std::vector<std::string> words;
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    std::function<void(const json&)> walk = [&](const json& v) {
      if (v.is_string()) {
        std::istringstream ws(v.get<std::string>());
        for (std::string w; ws >> w;) words.push_back(w);
      } else if (v.is_structured()) {
        for (const json& x : v) walk(x);
      }
    };
    walk(j);
  }
  if (words.empty()) words = {"hồ", "sơ", "chậm", "trả", "kết", "quả"};
  return words;
}

// With `shuffled`, every word is drawn on its own: text no one writes, the
// worst case for compression.
bool shuffled = false;

std::string Text(std::mt19937& rng, const std::vector<std::string>& corpus, int words) {
  std::uniform_int_distribution<size_t> start(0, corpus.size() - 1);
  std::uniform_int_distribution<int> run(shuffled ? 1 : 4, shuffled ? 1 : 12);
  std::string s;
  while (words > 0) {
    size_t at = start(rng);
    for (int k = run(rng); k > 0 && words > 0; --k, --words) {
      if (!s.empty()) s += ' ';
      s += corpus[at++ % corpus.size()];
    }
  }
  return s;
}

// The record as feedback/service.cpp queues it for the hub.
json Record(int i, std::mt19937& rng, const std::vector<std::string>& corpus, int64_t now) {
  std::uniform_int_distribution<int> words(30, 120), phone(10000000, 99999999);
  char code[16];
  std::snprintf(code, sizeof code, "PA%08d", 26000000 + i);
  return {{"code", code},
          {"received_at", now},
          {"received_date", "2026-11-28"},
          {"boot_id", "6f1c2d4e-0a9b-4c3d-8e7f-123456789abc"},
          {"mono_ms", 1000 + i},
          {"channel", i % 3 ? "online" : "in_person"},
          {"kind", i % 5 ? "other" : "delay_harassment"},
          {"title", Text(rng, corpus, 10)},
          {"content", Text(rng, corpus, words(rng))},
          {"procedure_code", i % 2 ? json("1.001193") : json(nullptr)},
          {"sender",
           {{"name", "Người gửi số " + std::to_string(i)},
            {"address", "Bản " + std::to_string(i % 40) + ", xã Chiềng Mung, tỉnh Sơn La"},
            {"phone", "09" + std::to_string(phone(rng))},
            {"email", nullptr}}},
          {"consent", true},
          {"state", "received"},
          {"transfer_due", "2026-12-05"},
          {"answer_due", "2026-12-12"},
          {"answer_rule", "10 ngày làm việc"},
          {"attachments", json::array()}};
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int batch = argc > 2 ? std::atoi(argv[2]) : 500;
  shuffled = argc > 3 && std::string(argv[3]) == "shuffled";
  char tmpl[] = "/tmp/motcua-sync-bench-XXXXXX";
  if (!mkdtemp(tmpl)) return 1;
  const std::string dir = tmpl;

  SystemClock system_clock;
  sync::OffsetClock dclock(system_clock);
  auto rng = Must(crypto::DrbgRng::Create("sync-bench"), "rng");
  auto keys = Must(crypto::GenerateKeyPair(*rng), "key pair");

  sync::HubOptions ho;
  ho.province_private_pem = keys.private_pem;
  ho.blob_dir = dir + "/hub-blobs";
  auto hub = Must(sync::Hub::Open(dir + "/hub.db", system_clock, *rng, ho), "hub");
  auto creds = Must(hub->AddDevice("03646"), "device");
  web::SyncApiOptions ao;
  ao.listen = "127.0.0.1:0";
  ao.plain_http = true;
  auto api = Must(web::SyncApi::Start(ao, *hub), "hub listener");
  testing::CutProxy wire;  // counts, never cuts
  if (!wire.Start(api->port())) return 1;

  auto catalog = Must(catalog::Catalog::Open(dir + "/device.db", dclock, {}), "catalogue");
  sync::DeviceOptions o;
  o.device_id = creds.device.id;
  o.secret = creds.secret;
  o.hub.tls = false;
  o.hub.host = "127.0.0.1";
  o.hub.port = wire.port();
  o.province_public_pem = keys.public_pem;
  o.boot_id = "bench";
  o.attachments_dir = dir + "/attachments";
  o.batch_entries = batch;
  auto device =
      Must(sync::DeviceSync::Open(dir + "/device.db", dclock, *rng, *catalog, o), "device");

  // The outbox, as N submissions would have left it (one transaction here:
  // filling it is not what is measured).
  auto db = Must(store::Db::Open(dir + "/device.db"), "device db");
  std::mt19937 text_rng(42);
  const std::vector<std::string> corpus = LoadCorpus();
  uint64_t payload_bytes = 0;
  {
    auto txn = Must(store::Transaction::Begin(*db), "begin");
    auto st = Must(db->Prepare("INSERT INTO outbox(kind, payload_json, created_at) "
                               "VALUES ('feedback.received', ?, ?)"),
                   "prepare");
    for (int i = 0; i < n; ++i) {
      const std::string p = Record(i, text_rng, corpus, system_clock.NowUnixMs()).dump();
      payload_bytes += p.size();
      st.Reset();
      st.Bind(1, p).Bind(2, system_clock.NowUnixMs());
      if (!st.Run().ok()) return 1;
    }
    if (!txn.Commit().ok()) return 1;
  }

  const auto t0 = std::chrono::steady_clock::now();
  uint64_t raw_json = 0, http_sent = 0, http_received = 0;
  int rounds = 0, pushed = 0;
  while (pushed < n && rounds < 1000) {
    ++rounds;
    auto r = device->SyncOnce();
    if (!r.ok()) {
      std::fprintf(stderr, "sync_bench: round %d: %s\n", rounds, r.status().ToString().c_str());
      continue;
    }
    pushed += r->pushed;
    raw_json += r->raw_json_bytes;
    http_sent += r->bytes_sent;
    http_received += r->bytes_received;
    if (r->pushed == 0 && !r->bundle_applied) break;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int64_t stored = hub->WithDb([](store::Db& hdb) -> int64_t {
    auto st = hdb.Prepare("SELECT COUNT(*) FROM hub_entries");
    if (!st.ok()) return -1;
    auto row = st->Step();
    return row.ok() && *row ? st->Int(0) : -1;
  });
  const uint64_t on_wire = wire.bytes_to_server() + wire.bytes_to_client();
  std::printf("records            %d (batches of %d, %d rounds, %s text)\n", n, batch, rounds,
              shuffled ? "shuffled-word" : "catalogue-phrase");
  std::printf("stored on the hub  %lld\n", static_cast<long long>(stored));
  std::printf("time               %.2f s (%.0f records/s)\n", secs, n / secs);
  std::printf("payload JSON       %llu bytes (the records alone)\n",
              static_cast<unsigned long long>(payload_bytes));
  std::printf("raw JSON entries   %llu bytes (the pushed entries, uncompressed)\n",
              static_cast<unsigned long long>(raw_json));
  std::printf("on the wire        %llu bytes (up %llu, down %llu; HTTP incl. headers)\n",
              static_cast<unsigned long long>(on_wire),
              static_cast<unsigned long long>(wire.bytes_to_server()),
              static_cast<unsigned long long>(wire.bytes_to_client()));
  std::printf("wire / raw JSON    %.1f %%\n", raw_json ? 100.0 * on_wire / raw_json : 0.0);
  device.reset();
  catalog.reset();
  api.reset();
  wire.Stop();
  hub.reset();
  std::system(("rm -rf '" + dir + "'").c_str());
  const bool ok = stored == n && secs < 10.0 && raw_json && on_wire * 10 < raw_json * 4;
  std::printf("target (< 10 s, < 40 %% of raw JSON): %s\n", ok ? "met" : "NOT met");
  return ok ? 0 : 1;
}
