// The audit log as a hash chain: each entry's hash covers its own fields and
// the previous entry's hash, so editing, deleting, inserting or reordering a
// stored row breaks the chain at that row.
//
// What it does not prove: someone who can rewrite the whole tail of the table
// can recompute every hash after their edit. Anchor the latest hash outside
// the database (printed on each periodic report, sent to the province hub) to
// close that gap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace motcua::domain {

struct AuditEntry {
  int64_t seq = 0;    // 1, 2, 3, ... without gaps
  int64_t at_ms = 0;  // Unix time, milliseconds
  std::string actor;
  std::string action;
  std::string subject;
  std::string detail_json;  // hashed as stored: never re-serialise before verifying
  std::string prev_hash;    // hash of the previous entry; kGenesisHash for the first
  std::string hash;         // ComputeEntryHash(*this)
};

// prev_hash of the first entry: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The exact bytes hashed: a version tag, then every field except `hash`, in
// declaration order; integers as 8 bytes big-endian, strings as an 8-byte
// big-endian length followed by the bytes. No two different entries share an
// encoding (no separator can be forged inside a field).
std::string CanonicalEncoding(const AuditEntry& e);

// SHA-256 of CanonicalEncoding(e), lower-case hex.
std::string ComputeEntryHash(const AuditEntry& e);

// Fills e.seq, e.prev_hash and e.hash so that `e` follows `prev` (or starts
// the chain when prev is null).
void SealAfter(const AuditEntry* prev, AuditEntry& e);

// Where a chain (or the part of it being checked) starts: a fresh chain
// starts at seq 1 after kGenesisHash; a suffix checked from a checkpoint
// starts after the checkpoint's last entry.
struct ChainAnchor {
  std::string prev_hash{kGenesisHash};
  int64_t next_seq = 1;
};

// Walks `entries` in order. Returns -1 when every link holds; otherwise the
// position of the first wrong entry, as the seq it should carry
// (anchor.next_seq + index): so an edited row k, a deleted row k (the next row
// sits in its place) and an inserted row at k are all reported as k. An entry
// is wrong when its seq is not the expected one, its prev_hash is not the
// previous entry's hash (anchor.prev_hash for the first), or its hash does
// not match its fields.
// The Status is never an error today: a broken chain is a result, not a
// failure to check. `why` (if given) receives a Vietnamese explanation.
Result<int64_t> VerifyChain(const std::vector<AuditEntry>& entries, const ChainAnchor& anchor = {},
                            std::string* why = nullptr);

}  // namespace motcua::domain
