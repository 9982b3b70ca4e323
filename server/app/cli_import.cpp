// motcua import: every file parsed first, then all good procedures stored in
// one transaction, so a crash or a bad file never leaves half a catalogue.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/app.h"
#include "app/cli_commands.h"
#include "catalog/catalog.h"
#include "catalog/import.h"
#include "core/clock.h"

namespace motcua::app {

namespace {
// Larger files are refused: the real national export is about 40 MB.
constexpr std::streamoff kMaxImportFileBytes = 256 << 20;

Status ReadWholeFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return IoError(path + ": cannot open");
  const std::streamoff size = in.tellg();
  if (size > kMaxImportFileBytes) return InvalidArgument(path + ": larger than 256 MB");
  in.seekg(0);
  out->resize(static_cast<size_t>(size));
  in.read(out->data(), size);
  if (!in) return IoError(path + ": read failed");
  return Status::Ok();
}

const char* FormatName(catalog::ImportFormat f) {
  switch (f) {
    case catalog::ImportFormat::kPortalJsonl: return "national portal JSON lines";
    case catalog::ImportFormat::kNativeJsonl: return "motcua JSON lines";
    case catalog::ImportFormat::kDecisionCsv: return "publishing decision CSV";
    case catalog::ImportFormat::kUnknown: return "unknown format";
  }
  return "?";
}
}  // namespace

int Import(const std::string& config_path, const std::string& db,
           const std::vector<std::string>& files) {
  if (files.empty()) {
    std::fprintf(stderr, "motcua import: name at least one file\n");
    return 2;
  }
  auto cfg = BuildConfig(config_path, db, "");
  if (!cfg.ok()) {
    std::fprintf(stderr, "motcua: %s\n", cfg.status().message().c_str());
    return 2;
  }
  std::vector<domain::Procedure> all;
  std::vector<bool> is_decision_row;
  int bad = 0;
  for (const std::string& f : files) {
    std::string content;
    Status st = ReadWholeFile(f, &content);
    if (!st.ok()) {
      std::fprintf(stderr, "motcua import: %s\n", st.message().c_str());
      return 2;
    }
    const catalog::ImportFormat fmt = catalog::DetectFormat(f, content);
    catalog::ParsedBatch batch = catalog::ParseAny(f, content);
    for (const auto& issue : batch.issues) {
      std::fprintf(stderr, "%s:%d: %s%s%s\n", f.c_str(), issue.line,
                   issue.code.empty() ? "" : issue.code.c_str(), issue.code.empty() ? "" : ": ",
                   issue.reason.c_str());
    }
    bad += static_cast<int>(batch.issues.size());
    std::printf("%s: %s, %d records, %zu good, %zu bad\n", f.c_str(), FormatName(fmt),
                batch.records_seen, batch.procedures.size(), batch.issues.size());
    for (auto& p : batch.procedures) {
      all.push_back(std::move(p));
      is_decision_row.push_back(fmt == catalog::ImportFormat::kDecisionCsv);
    }
  }
  Status dir = EnsureParentDir(cfg->db);
  if (!dir.ok()) {
    std::fprintf(stderr, "motcua import: %s\n", dir.message().c_str());
    return 2;
  }
  if (Status st = CheckDatabase(cfg->db); !st.ok()) {
    std::fprintf(stderr, "motcua import: nothing imported: %s\n", st.message().c_str());
    return st.code() == Code::kCorrupt ? 3 : 2;
  }
  SystemClock clock;
  catalog::CatalogOptions copt;
  auto cat = catalog::Catalog::Open(cfg->db, clock, copt);
  if (!cat.ok()) {
    std::fprintf(stderr, "motcua import: %s\n", cat.status().ToString().c_str());
    return 2;
  }
  // Decision rows update what is stored rather than replace it.
  for (size_t i = 0; i < all.size(); ++i) {
    if (!is_decision_row[i]) continue;
    auto stored = (*cat)->Get(all[i].code);
    if (!stored.ok()) {
      std::fprintf(stderr, "motcua import: %s\n", stored.status().ToString().c_str());
      return 2;
    }
    if (stored->has_value()) all[i] = catalog::MergeDecisionRow(**stored, all[i]);
  }
  auto stats = (*cat)->Import(all);
  if (!stats.ok()) {
    std::fprintf(stderr, "motcua import: nothing imported: %s\n", stats.status().ToString().c_str());
    return 2;
  }
  std::printf("imported into %s: %d added, %d changed, %d unchanged; catalogue version %lld%s\n",
              cfg->db.c_str(), stats->added, stats->changed, stats->unchanged,
              static_cast<long long>((*cat)->version()), "");
  if (bad) {
    std::printf("%d bad record(s) skipped (see above); the good ones were imported\n", bad);
    return 1;
  }
  return 0;
}

}  // namespace motcua::app
