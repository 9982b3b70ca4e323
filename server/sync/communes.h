// The 75 commune-level units of Sơn La province since 1 July 2025 (8 phường,
// 67 xã) with their official codes (mã ĐVHC). The list ships inside the
// program (server/sync/communes.csv, embedded at build time): the hub only
// registers devices for these codes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace motcua::sync {

struct Commune {
  std::string code;                                           // "03646": five digits, an opaque key
  std::string kind;                                           // "Phường" or "Xã"
  std::string name;                                           // "Tô Hiệu"
  std::string FullName() const { return kind + " " + name; }  // "Phường Tô Hiệu"
};

// Every commune, in the order of the official list.
const std::vector<Commune>& SonLaCommunes();
// The commune with this code, or nullptr.
const Commune* FindCommune(std::string_view code);

}  // namespace motcua::sync
