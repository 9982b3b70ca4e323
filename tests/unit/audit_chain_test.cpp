#include "domain/audit_chain.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using motcua::domain::AuditEntry;
using motcua::domain::CanonicalEncoding;
using motcua::domain::ChainAnchor;
using motcua::domain::ComputeEntryHash;
using motcua::domain::kGenesisHash;
using motcua::domain::SealAfter;
using motcua::domain::VerifyChain;

namespace {

AuditEntry Entry(int64_t at_ms, const char* actor, const char* action, const char* subject,
                 const char* detail) {
  AuditEntry e;
  e.at_ms = at_ms;
  e.actor = actor;
  e.action = action;
  e.subject = subject;
  e.detail_json = detail;
  return e;
}

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  for (int i = 0; i < n; ++i) {
    AuditEntry e =
        Entry(1764331844000 + i * 60000, i % 2 ? "cb.tranthib" : "cb.nguyenvana",
              i % 3 ? "feedback.accept" : "roster.add",
              ("PAKN-2026-000" + std::to_string(i)).c_str(), R"({"ghi_chú":"Thuộc thẩm quyền"})");
    SealAfter(out.empty() ? nullptr : &out.back(), e);
    out.push_back(e);
  }
  return out;
}

int64_t Verify(const std::vector<AuditEntry>& c, const ChainAnchor& a = {}) {
  auto r = VerifyChain(c, a);
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

TEST_CASE("A sealed chain verifies, genesis and hash format") {
  const auto c = Chain(8);
  CHECK(Verify(c) == -1);
  CHECK(Verify({}) == -1);
  CHECK(c[0].seq == 1);
  CHECK(c[7].seq == 8);
  CHECK(c[0].prev_hash == std::string(64, '0'));
  CHECK(c[0].prev_hash == kGenesisHash);
  for (const auto& e : c) {
    CHECK(e.hash.size() == 64);
    CHECK(e.hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  }
  for (size_t i = 1; i < c.size(); ++i) CHECK(c[i].prev_hash == c[i - 1].hash);
}

TEST_CASE("The encoding is pinned by a known answer") {
  // Computed independently (Python: struct.pack('>Q', ...) + hashlib.sha256).
  AuditEntry e = Entry(1764331844000, "cb.nguyenvana", "feedback.accept", "PAKN-2026-0001",
                       R"({"ghi_chú":"Thuộc thẩm quyền"})");
  e.seq = 1;
  e.prev_hash = std::string(kGenesisHash);
  CHECK(CanonicalEncoding(e).size() == 222);
  CHECK(ComputeEntryHash(e) == "1d71938486d15ea4c6868155f530814586be9d42477ac59f715379907692eecb");
}

TEST_CASE("Field boundaries cannot be shifted") {
  AuditEntry a = Entry(1, "ab", "c", "", "");
  AuditEntry b = Entry(1, "a", "bc", "", "");
  CHECK(CanonicalEncoding(a) != CanonicalEncoding(b));
  CHECK(ComputeEntryHash(a) != ComputeEntryHash(b));
  AuditEntry c = Entry(1, "", "", "x", "");
  AuditEntry d = Entry(1, "", "", "", "x");
  CHECK(ComputeEntryHash(c) != ComputeEntryHash(d));
  // The stored hash itself is not part of what is hashed.
  AuditEntry e = a;
  e.hash = "anything";
  CHECK(ComputeEntryHash(e) == ComputeEntryHash(a));
}

TEST_CASE("Tampering with any field of any row is found at that row") {
  const auto good = Chain(6);
  struct Field {
    const char* name;
    void (*tamper)(AuditEntry&);
  };
  const Field fields[] = {
      {"seq", [](AuditEntry& e) { e.seq += 100; }},
      {"at_ms", [](AuditEntry& e) { e.at_ms += 1; }},
      {"actor", [](AuditEntry& e) { e.actor += "x"; }},
      {"action", [](AuditEntry& e) { e.action = "feedback.reject"; }},
      {"subject", [](AuditEntry& e) { e.subject[0] = 'Q'; }},
      {"detail_json", [](AuditEntry& e) { e.detail_json = R"({"ghi_chú":"Thuộc thẩm quyền" })"; }},
      {"prev_hash", [](AuditEntry& e) { e.prev_hash[10] = e.prev_hash[10] == 'a' ? 'b' : 'a'; }},
      {"hash", [](AuditEntry& e) { e.hash[63] = e.hash[63] == '0' ? '1' : '0'; }},
  };
  for (size_t row = 0; row < good.size(); ++row) {
    for (const Field& f : fields) {
      CAPTURE(row);
      CAPTURE(f.name);
      auto bad = good;
      f.tamper(bad[row]);
      std::string why;
      auto r = VerifyChain(bad, {}, &why);
      REQUIRE(r.ok());
      CHECK(r.value() == good[row].seq);
      CHECK(why.rfind("Nhật ký bị sai tại bản ghi số " + std::to_string(good[row].seq) + ": ", 0) ==
            0);
    }
  }
}

TEST_CASE("Deleted, inserted and swapped rows are found where they happen") {
  const auto good = Chain(6);
  for (size_t row = 0; row < good.size(); ++row) {
    CAPTURE(row);
    auto deleted = good;
    deleted.erase(deleted.begin() + static_cast<long>(row));
    // Deleting the last row leaves a valid shorter chain: only an outside
    // anchor of the latest hash shows it (see audit_chain.h).
    CHECK(Verify(deleted) == (row + 1 == good.size() ? -1 : good[row].seq));

    auto inserted = good;
    inserted.insert(inserted.begin() + static_cast<long>(row), good[row]);
    CHECK(Verify(inserted) == good[row].seq + 1);
  }
  auto swapped = good;
  std::swap(swapped[2], swapped[3]);
  CHECK(Verify(swapped) == 3);
}

TEST_CASE("An attacker who re-seals an edited row breaks the next link") {
  const auto good = Chain(5);
  auto bad = good;
  bad[1].detail_json = R"({"ghi_chú":"đã sửa"})";
  bad[1].hash = ComputeEntryHash(bad[1]);
  std::string why;
  CHECK(VerifyChain(bad, {}, &why).value() == 3);
  CHECK(why ==
        "Nhật ký bị sai tại bản ghi số 3: không khớp mã băm của bản ghi trước (bản ghi bị xóa, "
        "chèn hoặc đảo thứ tự).");
}

TEST_CASE("A suffix verifies from a checkpoint anchor") {
  const auto good = Chain(7);
  const std::vector<AuditEntry> tail(good.begin() + 4, good.end());
  CHECK(Verify(tail, ChainAnchor{good[3].hash, 5}) == -1);
  CHECK(Verify(tail) == 1);  // not a chain from genesis: position 1 is wrong
  CHECK(Verify(tail, ChainAnchor{good[2].hash, 5}) == 5);
  CHECK(Verify(tail, ChainAnchor{good[3].hash, 4}) == 4);
}
