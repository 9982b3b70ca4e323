// libFuzzer target for the config file parser (server/app/config.h): a
// board's motcua.conf is edited by hand at the commune. Any text either
// applies cleanly or gives one error naming the line; nothing else.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/config.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  motcua::app::Config cfg;
  motcua::Status st = motcua::app::ParseConfigText(in, "fuzz.conf", &cfg);
  if (!st.ok()) {
    FUZZ_REQUIRE(st.message().rfind("fuzz.conf:", 0) == 0);
    return 0;
  }
  FUZZ_REQUIRE(cfg.threads >= 2 && cfg.threads <= 256);
  FUZZ_REQUIRE(!cfg.db.empty() && !cfg.data_dir.empty());
  (void)motcua::app::ValidateConfig(cfg);
  // The same text parsed again gives the same result.
  motcua::app::Config again;
  FUZZ_REQUIRE(motcua::app::ParseConfigText(in, "fuzz.conf", &again).ok());
  FUZZ_REQUIRE(again.listen == cfg.listen && again.db == cfg.db &&
               again.site.commune == cfg.site.commune);
  return 0;
}
