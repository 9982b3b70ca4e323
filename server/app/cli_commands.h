// Commands other than serve.
#pragma once

#include <string>
#include <vector>

#include "app/config.h"

namespace motcua::app {

// Config from an optional file plus flag overrides, validated.
Result<Config> BuildConfig(const std::string& config_path, const std::string& db,
                           const std::string& listen);

// motcua import: every file in one transaction; exit code 0, 1 (bad rows) or 2.
int Import(const std::string& config_path, const std::string& db,
           const std::vector<std::string>& files);

// motcua hub key|device|bundle|communes (argv[1] == "hub"); see cli_hub.cpp.
int HubAdmin(int argc, char** argv);

}  // namespace motcua::app
