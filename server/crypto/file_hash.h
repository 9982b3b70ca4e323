// SHA-256 of a whole file, read in small blocks (backups can be larger than
// the memory a board's backup job may use).
#pragma once

#include <string>

#include "core/status.h"

namespace motcua::crypto {

// Lower-case hex, as sha256sum prints it.
Result<std::string> Sha256FileHex(const std::string& path);

}  // namespace motcua::crypto
