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

// motcua officer add|list ...: the first officer comes from here (password
// read without echo, or from stdin with --password-stdin).
int OfficerCommand(int argc, char** argv);
// motcua audit verify: exit 0 when the chain holds, 1 naming the first broken entry.
int AuditCommand(int argc, char** argv);
// motcua --show-cert: the HTTPS certificate's SHA-256 fingerprint (made if missing).
int ShowCert(int argc, char** argv);
// motcua backup: exit code 0, 1 (the backup failed) or 2 (usage).
int Backup(const std::string& config_path, const std::string& db, const std::string& dir,
           const std::string& keep, const std::vector<std::string>& files);
// motcua restore FILE: exit code 0, 1 (refused or failed) or 2 (usage).
int Restore(const std::string& config_path, const std::string& db,
            const std::vector<std::string>& files);
// motcua hub key|device|bundle|communes (argv[1] == "hub"); see cli_hub.cpp.
int HubAdmin(int argc, char** argv);

}  // namespace motcua::app
