// Helpers for the feedback integration tests: a server with its own data
// folder and config, the form's token, multipart bodies, and reading the
// database the server wrote.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "store/db.h"
#include "support/fake_files.h"
#include "support/server_process.h"
#include "support/strings.h"
#include "support/temp_dir.h"

namespace motcua::testing {

// A demo server whose database and attachments live in a temp folder.
struct FeedbackServer {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;

  explicit FeedbackServer(const std::string& extra_config = "") {
    {
      std::ofstream conf(dir.File("motcua.conf"));
      conf << "data_dir = " << dir.File("data") << "\n"
           << "db = " << dir.File("data/motcua.db") << "\n"
           << "log_level = info\n"
           << extra_config;
    }
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--demo", "--config", dir.File("motcua.conf")});
    REQUIRE_MESSAGE(server->Start(), server->log());
  }
  std::string Url(const std::string& path) const { return server->base_url() + path; }
  std::string DbPath() const { return dir.File("data/motcua.db"); }
  std::string AttachmentPath(const std::string& name) const {
    return dir.File("data/attachments/" + name);
  }
  std::unique_ptr<store::Db> Db() const {
    auto db = store::Db::Open(DbPath());
    REQUIRE_MESSAGE(db.ok(), db.status().ToString());
    return std::move(db).value();
  }
};

// The one-time token of a freshly served form.
inline std::string FormToken(const std::string& base_url) {
  HttpResult r = HttpGet(base_url + "/phan-anh");
  std::smatch m;
  static const std::regex re("name=\"form_token\" value=\"([0-9a-f.]+)\"");
  REQUIRE_MESSAGE(std::regex_search(r.body, m, re), r.body.substr(0, 300));
  return m[1];
}

struct Part {
  Part(std::string n, std::string v, std::string file = "",
       std::string type = "application/octet-stream")
      : name(std::move(n)),
        value(std::move(v)),
        filename(std::move(file)),
        content_type(std::move(type)) {}
  std::string name;
  std::string value;
  std::string filename;  // non-empty: a file part
  std::string content_type;
};

inline const char* kBoundary = "----motcuaTestBoundary7MA4YWxkTrZu0gW";

inline std::string Multipart(const std::vector<Part>& parts) {
  std::string b;
  for (const Part& p : parts) {
    b += std::string("--") + kBoundary + "\r\n";
    b += "Content-Disposition: form-data; name=\"" + p.name + "\"";
    if (!p.filename.empty()) b += "; filename=\"" + p.filename + "\"";
    b += "\r\n";
    if (!p.filename.empty()) b += "Content-Type: " + p.content_type + "\r\n";
    b += "\r\n" + p.value + "\r\n";
  }
  b += std::string("--") + kBoundary + "--\r\n";
  return b;
}

inline std::string MultipartType() {
  return std::string("multipart/form-data; boundary=") + kBoundary;
}

// A complete, valid form as a citizen fills it.
inline std::vector<Part> GoodForm(const std::string& token) {
  return {{"form_token", token},
          {"kind", "delay_harassment"},
          {"procedure_code", "1.001193"},
          {"title", "Chậm trả kết quả đăng ký khai sinh"},
          {"content", "Tôi nộp hồ sơ ngày 02/3, hẹn trả ngày 05/3 nhưng đến nay chưa nhận được."},
          {"name", "Lò Văn Pấng"},
          {"address", "Bản Nà Ngà, xã Mường Bú"},
          {"phone", "+84 912 345 678"},
          {"email", "pang@example.vn"},
          {"consent", "1"},
          {"website", ""}};
}

inline void SetPart(std::vector<Part>& parts, const std::string& name, const std::string& value) {
  for (Part& p : parts) {
    if (p.name == name && p.filename.empty()) {
      p.value = value;
      return;
    }
  }
  parts.push_back({name, value});
}

inline HttpOptions Opts(std::vector<std::string> headers, long timeout_ms = 10000) {
  HttpOptions o;
  o.headers = std::move(headers);
  o.timeout_ms = timeout_ms;
  return o;
}

inline HttpResult PostForm(const std::string& base_url, const std::vector<Part>& parts,
                           const HttpOptions& opt = {}) {
  return HttpPost(base_url + "/phan-anh", Multipart(parts), MultipartType(), opt);
}

// "PA-XXXXX-XXXXX" from a receipt Location.
inline std::string CodeFromLocation(const std::string& location) {
  std::smatch m;
  static const std::regex re("/phan-anh/bien-nhan/(PA-[0-9A-Z]{5}-[0-9A-Z]{5})\\?k=[0-9a-f]+");
  if (!std::regex_search(location, m, re)) return "";
  return m[1];
}

}  // namespace motcua::testing
