#include "web/templates.h"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>

#include "support/json_keys.h"
#include "support/temp_dir.h"

using motcua::testing::CollectKeys;
using motcua::web::Templates;

TEST_CASE("templates: empty strings are false in sections, text is escaped") {
  motcua::testing::TempDir d;
  std::ofstream(d.File("layout.mustache")) << "{{{content}}}";
  std::ofstream(d.File("t.mustache")) << "[{{#a}}A={{a}}{{/a}}{{^a}}none{{/a}}|{{b}}]";
  auto t = Templates::Load(d.path());
  REQUIRE(t.ok());
  CHECK((*t)->Render("t", {{"a", ""}, {"b", "<x>"}}) == "[none|&lt;x&gt;]");
  CHECK((*t)->Render("t", {{"a", "1"}, {"b", ""}}) == "[A=1|]");
}

TEST_CASE("templates: a broken template refuses the start with its name") {
  motcua::testing::TempDir d;
  std::ofstream(d.File("layout.mustache")) << "{{{content}}}";
  std::ofstream(d.File("bad.mustache")) << "{{#open}} never closed";
  auto t = Templates::Load(d.path());
  REQUIRE_FALSE(t.ok());
  CHECK(t.status().message().find("'bad'") != std::string::npos);
}

TEST_CASE("templates: every shipped template parses and uses only known top-level keys") {
  auto t = Templates::Load(MOTCUA_SOURCE_DIR "/templates");
  REQUIRE_MESSAGE(t.ok(), t.status().message());
  for (const std::string& name : (*t)->Names()) {
    CAPTURE(name);
    // No triple-mustache except the layout's content: people's text is always escaped.
    std::regex triple(R"(\{\{\{\s*([a-z_.]+)\s*\}\}\})");
    const std::string& src = (*t)->Source(name);
    for (auto it = std::sregex_iterator(src.begin(), src.end(), triple); it != std::sregex_iterator(); ++it) {
      const std::string key = (*it)[1];
      CHECK_MESSAGE((key == "content" || key.rfind("html_", 0) == 0),
                    "unescaped {{{" << key << "}}} in " << name);
    }
  }
}

#include "app/demo.h"
#include "catalog/catalog.h"
#include "web/catalog_pages.h"

TEST_CASE("templates: the procedure view provides every key procedure.mustache uses") {
  auto t = Templates::Load(MOTCUA_SOURCE_DIR "/templates");
  REQUIRE(t.ok());
  motcua::testing::TempDir d;
  motcua::FakeClock clock;
  clock.SetDate(motcua::Date{2026, 11, 28});
  auto cat = motcua::catalog::Catalog::Open(d.File("c.db"), clock, {});
  REQUIRE(cat.ok());
  auto demo = motcua::app::DemoProcedures();
  REQUIRE(demo.ok());
  REQUIRE((*cat)->Import(*demo).ok());
  std::set<std::string> keys;
  for (const auto& p : *demo) CollectKeys(motcua::web::ProcedureView(p, **cat, clock.Today()), &keys);
  keys.insert("p");
  std::regex tag(R"(\{\{[#^/]?\s*([a-z_]+)\s*\}\})");
  const std::string& src = (*t)->Source("procedure");
  for (auto it = std::sregex_iterator(src.begin(), src.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::string key = (*it)[1];
    CHECK_MESSAGE(keys.count(key), "procedure.mustache uses {{" << key << "}} but no view has it");
  }
}
