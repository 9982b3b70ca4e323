// Mustache templates, loaded and checked at start-up: an invalid template
// renders as an empty string in kainjow, so a bad one refuses the start with
// its name. Page data is built as JSON (testable), then converted.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace motcua::web {

class Templates {
 public:
  // Loads every *.mustache in `dir`; "layout" must be among them.
  static Result<std::unique_ptr<Templates>> Load(const std::string& dir);
  ~Templates();

  bool Has(const std::string& name) const;
  // Renders one template with `data` (partials: {{> _name}}, templates named with a leading '_').
  std::string Render(const std::string& name, const nlohmann::json& data) const;
  // Renders `name` as a page body and wraps it in "layout" with the same data
  // plus "content". `data` should carry "title".
  std::string Page(const std::string& name, const nlohmann::json& data) const;

  // The raw source, for tests that check each key a template uses is provided.
  const std::string& Source(const std::string& name) const;
  std::vector<std::string> Names() const;

 private:
  struct Impl;
  explicit Templates(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::web
