// motcua backup and motcua restore (the nightly unit runs the first; an
// operator runs the second with the server stopped).
#include <cstdio>

#include "app/app.h"
#include "app/cli_commands.h"
#include "core/clock.h"
#include "store/backup.h"

namespace motcua::app {

int Backup(const std::string& config_path, const std::string& db, const std::string& dir,
           const std::string& keep, const std::vector<std::string>& files) {
  if (!files.empty()) {
    std::fprintf(stderr, "motcua: backup takes no file arguments (use --dir)\n");
    return 2;
  }
  auto cfg = BuildConfig(config_path, db, "");
  if (!cfg.ok()) {
    std::fprintf(stderr, "motcua: %s\n", cfg.status().message().c_str());
    return 2;
  }
  int n = 7;
  if (!keep.empty()) {
    n = 0;
    for (char c : keep) n = (c >= '0' && c <= '9' && n < 10000) ? n * 10 + (c - '0') : -1;
    if (n < 1) {
      std::fprintf(stderr, "motcua: --keep: expected a whole number from 1, got '%s'\n",
                   keep.c_str());
      return 2;
    }
  }
  const std::string to = dir.empty() ? cfg->data_dir + "/backups" : dir;
  SystemClock clock;
  auto b = store::BackupDatabase(cfg->db, to, n, clock);
  if (!b.ok()) {
    std::fprintf(stderr, "motcua: backup of %s failed: %s\n", cfg->db.c_str(),
                 b.status().ToString().c_str());
    return 1;
  }
  std::printf("backup: %s (%lld bytes, schema version %d, checked)\n", b->path.c_str(),
              static_cast<long long>(b->bytes), b->schema_version);
  for (const std::string& r : b->removed) std::printf("removed old backup: %s\n", r.c_str());
  return 0;
}

int Restore(const std::string& config_path, const std::string& db,
            const std::vector<std::string>& files) {
  if (files.size() != 1) {
    std::fprintf(stderr, "motcua: restore takes exactly one backup FILE\n");
    return 2;
  }
  auto cfg = BuildConfig(config_path, db, "");
  if (!cfg.ok()) {
    std::fprintf(stderr, "motcua: %s\n", cfg.status().message().c_str());
    return 2;
  }
  if (Status st = EnsureParentDir(cfg->db); !st.ok()) {
    std::fprintf(stderr, "motcua: %s\n", st.ToString().c_str());
    return 1;
  }
  auto r = store::RestoreDatabase(cfg->db, files[0]);
  if (!r.ok()) {
    const Code code = r.status().code();
    const bool damaged = code == Code::kCorrupt;
    const bool untouched = damaged || code == Code::kInvalidArgument ||
                           code == Code::kUnavailable || code == Code::kNotFound;
    std::fprintf(stderr, "motcua: restore refused%s: %s\n",
                 damaged ? " (the backup is damaged or not a motcua database)" : "",
                 r.status().message().c_str());
    if (untouched) std::fprintf(stderr, "The database %s was not changed.\n", cfg->db.c_str());
    return 1;
  }
  std::printf("restored %s from %s (schema version %d)\n", cfg->db.c_str(), files[0].c_str(),
              r->schema_version);
  if (!r->saved_current.empty())
    std::printf("the database as it was is kept in %s\n", r->saved_current.c_str());
  return 0;
}

}  // namespace motcua::app
