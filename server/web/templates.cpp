#include "web/templates.h"

#include <dirent.h>

#include <fstream>
#include <sstream>

#include <kainjow/mustache.hpp>

namespace motcua::web {

namespace km = kainjow::mustache;

struct Templates::Impl {
  std::map<std::string, std::string> sources;
  std::map<std::string, std::unique_ptr<km::mustache>> compiled;
  // kainjow's render() is not const: one lock for all renders. Pages are
  // cached whole, so rendering is off the hot path.
  mutable std::mutex mu;
};

Templates::Templates(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Templates::~Templates() = default;

namespace {

km::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      km::data d{km::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), ToData(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      km::data d{km::data::type::list};
      for (const auto& e : j) d.push_back(ToData(e));
      return d;
    }
    case nlohmann::json::value_t::string: {
      // kainjow treats "" as true in {{#x}} sections; mustache.js and the
      // templates here expect an empty string to be false. A false value
      // renders as nothing in {{x}}, so nothing else changes.
      const std::string& s = j.get_ref<const std::string&>();
      if (s.empty()) return km::data(km::data::type::bool_false);
      return km::data(s);
    }
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? km::data(km::data::type::bool_true)
                           : km::data(km::data::type::bool_false);
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return km::data(std::to_string(j.get<int64_t>()));
    case nlohmann::json::value_t::number_float: {
      std::ostringstream os;
      os << j.get<double>();
      return km::data(os.str());
    }
    default:
      return km::data(km::data::type::bool_false);
  }
}

}  // namespace

Result<std::unique_ptr<Templates>> Templates::Load(const std::string& dir) {
  auto impl = std::make_unique<Impl>();
  DIR* d = opendir(dir.c_str());
  if (!d) return IoError("cannot open template directory " + dir);
  while (struct dirent* e = readdir(d)) {
    std::string file = e->d_name;
    const std::string ext = ".mustache";
    if (file.size() <= ext.size() || file.compare(file.size() - ext.size(), ext.size(), ext) != 0)
      continue;
    std::ifstream in(dir + "/" + file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    impl->sources[file.substr(0, file.size() - ext.size())] = ss.str();
  }
  closedir(d);
  if (!impl->sources.count("layout")) return IoError("template 'layout' missing in " + dir);
  for (const auto& [name, src] : impl->sources) {
    auto t = std::make_unique<km::mustache>(src);
    if (!t->is_valid())
      return Status(Code::kInvalidArgument, "template '" + name + "': " + t->error_message());
    impl->compiled[name] = std::move(t);
  }
  return std::unique_ptr<Templates>(new Templates(std::move(impl)));
}

bool Templates::Has(const std::string& name) const { return impl_->compiled.count(name) > 0; }

std::string Templates::Render(const std::string& name, const nlohmann::json& data) const {
  auto it = impl_->compiled.find(name);
  if (it == impl_->compiled.end()) return std::string();
  km::data d = ToData(data);
  // Partials are the templates whose names start with '_' ({{> _contact}}),
  // so they can never shadow a data key of the same name.
  for (const auto& [pname, src] : impl_->sources) {
    if (pname.empty() || pname[0] != '_') continue;
    const std::string* source = &src;
    d.set(pname, km::partial([source]() { return *source; }));
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  return it->second->render(d);
}

std::string Templates::Page(const std::string& name, const nlohmann::json& data) const {
  nlohmann::json page = data;
  page["content"] = Render(name, data);
  return Render("layout", page);
}

const std::string& Templates::Source(const std::string& name) const {
  static const std::string kEmpty;
  auto it = impl_->sources.find(name);
  return it == impl_->sources.end() ? kEmpty : it->second;
}

std::vector<std::string> Templates::Names() const {
  std::vector<std::string> out;
  for (const auto& [name, src] : impl_->sources) out.push_back(name);
  return out;
}

}  // namespace motcua::web
