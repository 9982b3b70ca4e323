// The keys of a JSON value, for checking that a template's tags are all in
// the data its view gives it.
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace motcua::testing {

// Adds every object key anywhere in `j` (nested objects and arrays too) to `keys`.
inline void CollectKeys(const nlohmann::json& j, std::set<std::string>* keys) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      keys->insert(it.key());
      CollectKeys(it.value(), keys);
    }
  } else if (j.is_array()) {
    for (const auto& e : j) CollectKeys(e, keys);
  }
}

}  // namespace motcua::testing
