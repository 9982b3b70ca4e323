// Attachment files under data_dir/attachments/, outside anything the web
// server serves, under generated names (never the client's filename).
//
// Durability order: a file is written, fsync'ed, renamed from its ".part"
// name and the directory fsync'ed BEFORE the transaction that references it
// commits, so an acknowledged receipt never points to a missing file. A crash
// in between leaves an unreferenced file, which Sweep() removes at start-up.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace motcua::feedback {

struct StoredFile {
  std::string name;    // e.g. "3f9c...e1.jpg", 32 hex + extension
  std::string sha256;  // lower-case hex of the bytes
  int64_t size = 0;
};

class AttachmentStore {
 public:
  // Creates `dir` if missing.
  static Result<AttachmentStore> Open(const std::string& dir);

  // Writes `data` durably under a fresh random name ending in `extension`
  // (".jpg", ".png", ".pdf").
  Result<StoredFile> Write(std::string_view data, std::string_view extension, Rng& rng) const;
  // Removes a file written for a submission that did not commit.
  void Remove(const std::string& name) const;
  // Deletes every file whose name is not in `referenced` (".part" leftovers
  // and files of transactions that never committed). Call only before
  // serving, when no submission is in flight. Returns how many were removed.
  Result<int> Sweep(const std::set<std::string>& referenced) const;

  std::string PathOf(const std::string& name) const { return dir_ + "/" + name; }
  const std::string& dir() const { return dir_; }

 private:
  explicit AttachmentStore(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

}  // namespace motcua::feedback
