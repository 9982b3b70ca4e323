#include "app/config.h"

#include <doctest/doctest.h>

#include <fstream>

#include "support/temp_dir.h"

using motcua::app::Config;
using motcua::app::LoadConfigFile;

namespace {
std::string Write(const motcua::testing::TempDir& d, const std::string& text) {
  std::string p = d.File("motcua.conf");
  std::ofstream(p) << text;
  return p;
}
}  // namespace

TEST_CASE("config files apply key = value lines with comments") {
  motcua::testing::TempDir d;
  Config c;
  auto p = Write(d, "# comment\n\nlisten = 0.0.0.0:80\nthreads = 6\ncommune = \"Xã Chiềng Mung\"\n"
                    "contact_email = motcua@example.vn\npublic_levels = xa,tinh\n");
  REQUIRE(LoadConfigFile(p, &c).ok());
  CHECK(c.listen == "0.0.0.0:80");
  CHECK(c.threads == 6);
  CHECK(c.site.commune == "Xã Chiềng Mung");
  CHECK(c.public_levels == "xa,tinh");
}

TEST_CASE("config errors name the file, the line and the key") {
  motcua::testing::TempDir d;
  struct Row { const char* text; const char* expect; };
  const Row rows[] = {
      {"threads = many\n", ":1: threads: expected a whole number"},
      {"\n\nthreads = 1\n", ":3: threads: must be between 2 and 256"},
      {"listen = 8080\n", ":1: listen: expected HOST:PORT"},
      {"# ok\nbogus = 1\n", ":2: bogus: unknown key"},
      {"no equals sign\n", ":1: expected 'key = value'"},
      {"public_levels = huyện\n", ":1: public_levels:"},
      {"contact_email = nope\n", ":1: contact_email: not an e-mail address"},
      {"commune = \xFF\n", ":1: commune: value is not valid UTF-8"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.text);
    Config c;
    auto st = LoadConfigFile(Write(d, r.text), &c);
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find(d.File("motcua.conf") + r.expect) == 0);
  }
  Config c;
  CHECK(LoadConfigFile(d.File("missing.conf"), &c).message().find("cannot open") !=
        std::string::npos);
}

TEST_CASE("every shipped board config is valid") {
  for (const char* board : {"host", "rpi-zero2w", "rpi4", "rpi5", "orangepi-zero3"}) {
    CAPTURE(board);
    Config c;
    auto st = LoadConfigFile(std::string(MOTCUA_SOURCE_DIR) + "/board/" + board + "/motcua.conf", &c);
    CHECK_MESSAGE(st.ok(), st.message());
  }
}
