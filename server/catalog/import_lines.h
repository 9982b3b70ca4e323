// Line-by-line reading shared by the JSONL importers (private to catalog/).
#pragma once

#include <functional>
#include <string_view>

#include "catalog/import.h"

namespace motcua::catalog::internal {

// Calls `fn(line_number, line)` for every non-blank line of `content` (UTF-8
// BOM dropped, "\r\n" accepted). Counts records_seen; lines that are too long
// or not valid UTF-8 become issues instead; stops after kMaxRecords.
void ForEachLine(std::string_view content, ParsedBatch* batch,
                 const std::function<void(int, std::string_view)>& fn);

// Records a duplicate as an issue; true if `code` is new. `seen` maps codes
// to the line where they first appeared.
template <typename Map>
bool CheckUnique(const std::string& code, int line, Map* seen, ParsedBatch* batch) {
  auto [it, fresh] = seen->emplace(code, line);
  if (!fresh)
    batch->issues.push_back(
        {line, code, "duplicate code, first seen on line " + std::to_string(it->second)});
  return fresh;
}

}  // namespace motcua::catalog::internal
