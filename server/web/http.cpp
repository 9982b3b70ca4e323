#include "web/http.h"

#include "web/form_parser.h"

namespace motcua::web {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& h : headers)
    if (h.first == lower_name) return h.second;
  return {};
}

std::string Request::Cookie(std::string_view name) const {
  std::string_view all = Header("cookie");
  size_t i = 0;
  while (i < all.size()) {
    while (i < all.size() && (all[i] == ' ' || all[i] == ';')) ++i;
    size_t eq = all.find('=', i);
    size_t end = all.find(';', i);
    if (end == std::string_view::npos) end = all.size();
    if (eq != std::string_view::npos && eq < end && all.substr(i, eq - i) == name)
      return std::string(all.substr(eq + 1, end - eq - 1));
    i = end + 1;
  }
  return {};
}

std::string Request::Query(const std::string& key) const {
  auto it = query.find(key);
  return it == query.end() ? std::string() : it->second;
}

Response Response::Html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Json(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Text(std::string body, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response Response::Redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  return r;
}

const char* StatusText(int s) {
  switch (s) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
  }
  return "Unknown";
}

bool UrlDecode(std::string_view in, bool plus_as_space, std::string* out) {
  auto r = PercentDecode(in, plus_as_space);
  if (!r.ok()) return false;
  *out = std::move(r).value();
  return true;
}

std::string UrlEncode(std::string_view in) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool DecodePath(std::string_view raw, std::string* out) {
  out->clear();
  size_t q = raw.find('?');
  if (q != std::string_view::npos) raw = raw.substr(0, q);
  if (raw.empty() || raw[0] != '/') {
    *out = "/";
    return false;
  }
  if (!UrlDecode(raw, /*plus_as_space=*/false, out)) return false;
  if (out->find('\0') != std::string::npos || out->find('\\') != std::string::npos) return false;
  // No "." or ".." segment may reach a handler, in any encoding.
  size_t i = 0;
  while (i < out->size()) {
    size_t j = out->find('/', i + 1);
    if (j == std::string::npos) j = out->size();
    std::string_view seg(out->data() + i + 1, j - i - 1);
    if (seg == "." || seg == "..") return false;
    i = j;
  }
  return true;
}

bool ParseQuery(std::string_view qs, std::map<std::string, std::string>* out) {
  FormLimits limits;
  limits.max_body = 16 * 1024;  // civetweb's max_request_size bounds it anyway
  auto form = ParseQueryString(qs, limits);
  if (!form.ok()) return false;
  for (auto& f : form->fields) out->emplace(std::move(f.name), std::move(f.value));
  return true;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace motcua::web
