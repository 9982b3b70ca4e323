#include "domain/audit_chain.h"

#include "crypto/hash.h"

namespace motcua::domain {

namespace {

// Bump when the encoding changes; old chains keep verifying under the tag
// they were written with only if a verifier for that tag is kept.
constexpr std::string_view kTag = "motcua.audit.v1";

void PutU64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

void PutBytes(std::string& out, std::string_view s) {
  PutU64(out, s.size());
  out.append(s.data(), s.size());
}

}  // namespace

std::string CanonicalEncoding(const AuditEntry& e) {
  std::string out;
  out.reserve(kTag.size() + 8 * 8 + e.actor.size() + e.action.size() + e.subject.size() +
              e.detail_json.size() + e.prev_hash.size());
  PutBytes(out, kTag);
  PutU64(out, static_cast<uint64_t>(e.seq));
  PutU64(out, static_cast<uint64_t>(e.at_ms));
  PutBytes(out, e.actor);
  PutBytes(out, e.action);
  PutBytes(out, e.subject);
  PutBytes(out, e.detail_json);
  PutBytes(out, e.prev_hash);
  return out;
}

std::string ComputeEntryHash(const AuditEntry& e) {
  return crypto::Sha256Hex(CanonicalEncoding(e));
}

void SealAfter(const AuditEntry* prev, AuditEntry& e) {
  e.seq = prev ? prev->seq + 1 : 1;
  e.prev_hash = prev ? prev->hash : std::string(kGenesisHash);
  e.hash = ComputeEntryHash(e);
}

Result<int64_t> VerifyChain(const std::vector<AuditEntry>& entries, const ChainAnchor& anchor,
                            std::string* why) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const AuditEntry& e = entries[i];
    const int64_t expected_seq = anchor.next_seq + static_cast<int64_t>(i);
    const std::string& expected_prev = i == 0 ? anchor.prev_hash : entries[i - 1].hash;
    // Links first, then content: a deleted or moved row is reported as such,
    // not as an edit of the row that now sits in its place.
    const char* reason = nullptr;
    if (e.seq != expected_seq) {
      reason = "số thứ tự không liền mạch (bản ghi bị xóa, chèn hoặc đảo thứ tự).";
    } else if (e.prev_hash != expected_prev) {
      reason = "không khớp mã băm của bản ghi trước (bản ghi bị xóa, chèn hoặc đảo thứ tự).";
    } else if (ComputeEntryHash(e) != e.hash) {
      reason = "nội dung không khớp mã băm (bản ghi đã bị sửa).";
    }
    if (reason) {
      if (why) {
        *why = "Nhật ký bị sai tại bản ghi số " + std::to_string(expected_seq) + ": " + reason;
      }
      return expected_seq;
    }
  }
  if (why) why->clear();
  return int64_t{-1};
}

}  // namespace motcua::domain
