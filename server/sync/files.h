// Small file helpers for keys, certificates and blobs.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace motcua::sync {

// The whole file; kNotFound when it does not exist.
Result<std::string> ReadFile(const std::string& path);
// Writes `data` to a temporary name, fsyncs it, renames it over `path` and
// fsyncs the folder: after a crash the file is either old or new, never torn.
// `mode` as for open(2) (0600 for private keys).
Status WriteFileDurably(const std::string& path, std::string_view data, int mode = 0644);
bool FileExists(const std::string& path);
// Creates the folder (and its parents) if missing.
Status MakeDirs(const std::string& dir);

}  // namespace motcua::sync
