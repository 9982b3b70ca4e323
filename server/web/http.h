// Request and Response values. Handlers take a Request and return a Response;
// exactly one adapter (server.cpp) talks to civetweb.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motcua::web {

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // percent-decoded, valid UTF-8, starts with '/'
  std::string query_string;  // raw, after '?'
  std::map<std::string, std::string> query;   // decoded; first value wins
  std::map<std::string, std::string> params;   // from the route pattern
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string client_ip;  // the real client (through the TLS front, its injected address)
  bool tls = false;       // arrived over HTTPS (directly or through the TLS front)
  bool loopback = false;  // the TCP peer is this machine
  // Set by Site::officer_gate before a kOfficer handler runs: who is logged
  // in ("officer_id", "username", "full_name", "role", "csrf", "token_hash").
  std::map<std::string, std::string> auth;
  bool kiosk = false;     // render for the counter's kiosk screen (Site::Handle decides)
  // Site::HandleFromCache: answer from the page cache or not at all (a
  // handler then returns Response::NotCached()), never render.
  bool cache_only = false;

  // First header with this lower-case name, or empty.
  std::string_view Header(std::string_view lower_name) const;
  std::string Cookie(std::string_view name) const;
  std::string Query(const std::string& key) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string cache_control = "no-store";
  // Pre-compressed body, sent instead of `body` to clients accepting gzip.
  std::string gzip_body;
  // Cached pages share their bytes instead of copying them per request; when
  // set, these are sent instead of body / gzip_body.
  std::shared_ptr<const std::string> shared_body;
  std::shared_ptr<const std::string> shared_gzip;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  static Response Html(std::string body, int status = 200);
  static Response Json(std::string body, int status = 200);
  static Response Text(std::string body, int status = 200);
  static Response Redirect(const std::string& location, int status = 303);
  // Status 0: "not in the cache" for a cache_only request.
  static Response NotCached() {
    Response r;
    r.status = 0;
    return r;
  }
};

const char* StatusText(int status);

// Percent-decodes a URL component; `plus_as_space` for query strings.
// Returns false on a malformed escape.
bool UrlDecode(std::string_view in, bool plus_as_space, std::string* out);
// Percent-encodes everything but unreserved characters (RFC 3986).
std::string UrlEncode(std::string_view in);
// Percent-decodes a request path (the part before any '?'). False (400) for a
// malformed escape, a NUL byte, a backslash, or a "." / ".." segment.
bool DecodePath(std::string_view raw, std::string* out);
// Parses "a=1&b=2" into `out` (first value wins); false on a malformed escape.
bool ParseQuery(std::string_view qs, std::map<std::string, std::string>* out);

// Escapes for JSON string bodies built by hand (nlohmann is preferred).
std::string HtmlEscape(std::string_view s);

}  // namespace motcua::web
