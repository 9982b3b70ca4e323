#include "net/http_head.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace motcua::net {
namespace {

// RFC 9110 token characters (method and header names).
bool IsTchar(unsigned char c) {
  if (std::isalnum(c)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsTchar(c)) return false;
  }
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// "X-Motcua-..." in any case; '_' counts as '-' because some servers and
// CGI layers fold the two together.
bool IsFrontHeader(std::string_view name) {
  static constexpr std::string_view kPrefix = "x-motcua-";
  if (name.size() < kPrefix.size()) return false;
  for (size_t i = 0; i < kPrefix.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
    if (c == '_') c = '-';
    if (c != kPrefix[i]) return false;
  }
  return true;
}

// Headers about this hop only: the front decides them for each side.
bool IsHopByHop(std::string_view name) {
  for (std::string_view h :
       {"connection", "keep-alive", "proxy-connection", "upgrade", "te", "expect"}) {
    if (EqualsIgnoreCase(name, h)) return true;
  }
  return false;
}

// Methods any route takes; the router answers 405 for the rest per path.
bool IsServedMethod(std::string_view m) {
  for (std::string_view ok : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    if (m == ok) return true;
  }
  return false;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// True when the comma list `value` holds `token` (any case).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view item = TrimOws(value.substr(0, comma));
    if (EqualsIgnoreCase(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// Every LF preceded by CR, every CR followed by LF; no other control bytes
// except HTAB.
bool LineEndingsAndBytesOk(std::string_view head) {
  for (size_t i = 0; i < head.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(head[i]);
    if (c == '\r') {
      if (i + 1 >= head.size() || head[i + 1] != '\n') return false;
    } else if (c == '\n') {
      if (i == 0 || head[i - 1] != '\r') return false;
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> SplitLines(std::string_view head) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (;;) {
    size_t end = head.find("\r\n", start);
    if (end == std::string_view::npos || end == start) return lines;  // blank line ends the head
    lines.push_back(head.substr(start, end - start));
    start = end + 2;
  }
}

// Digits only, at most 15 of them: "5, 5", "+5" or "0x5" could be read
// differently by the backend.
bool ParseLength(std::string_view v, uint64_t* out) {
  if (v.empty() || v.size() > 15) return false;
  uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = n;
  return true;
}

}  // namespace

RequestReader::RequestReader(std::string inject, RequestLimits limits)
    : inject_(std::move(inject)), limits_(limits) {}

size_t RequestReader::Fail(int status, size_t consumed) {
  error_status_ = status;
  state_ = State::kError;
  head_.clear();
  current_ = Request();
  return consumed;
}

size_t RequestReader::Feed(std::string_view in) {
  size_t used = 0;
  if (state_ == State::kIdle) {
    // RFC 9112 2.2: ignore empty lines before a request line (some clients
    // send a stray CRLF after a body).
    while (used < in.size() && (in[used] == '\r' || in[used] == '\n')) ++used;
    if (used == in.size()) return used;
    state_ = State::kHead;
  }
  if (state_ == State::kHead) {
    // Take no more than one byte past the size limit, then look for the end
    // of the head, starting a little before the new bytes in case "\r\n\r\n"
    // straddles two reads.
    const size_t old_size = head_.size();
    const size_t room = limits_.max_head_bytes + 1 - old_size;
    const size_t take = std::min(in.size() - used, room);
    head_.append(in.substr(used, take));
    const size_t end = head_.find("\r\n\r\n", old_size >= 3 ? old_size - 3 : 0);
    // A bare LF can never end the head: answer now, not at the deadline.
    // Only the head's bytes: a body read in the same chunk may hold any.
    const size_t scan_end = end == std::string::npos ? head_.size() : end + 4;
    for (size_t i = head_.find('\n', old_size); i < scan_end; i = head_.find('\n', i + 1)) {
      if (i == 0 || head_[i - 1] != '\r') return Fail(400, used + take);
    }
    if (end == std::string::npos) {
      used += take;
      const bool line_done = head_.find("\r\n") != std::string::npos;
      if (!line_done && head_.size() > limits_.max_target_bytes + 32) return Fail(414, used);
      if (head_.size() > limits_.max_head_bytes) return Fail(431, used);
      return used;
    }
    const size_t head_len = end + 4;
    if (head_len > limits_.max_head_bytes) return Fail(431, used + take);
    used += head_len - old_size;  // bytes past the head belong to the body
    std::string head = std::move(head_);
    head_.clear();
    if (!ParseHead(std::string_view(head).substr(0, head_len))) return used;
    state_ = body_left_ > 0 ? State::kBody : State::kComplete;
  }
  if (state_ == State::kBody) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(in.size() - used, body_left_));
    current_.bytes.append(in.substr(used, n));
    used += n;
    body_left_ -= n;
    if (body_left_ == 0) state_ = State::kComplete;
  }
  return used;
}

RequestReader::Request RequestReader::Take() {
  Request r = std::move(current_);
  current_ = Request();
  state_ = State::kIdle;
  content_length_ = 0;
  expects_continue_ = false;
  return r;
}

bool RequestReader::ParseHead(std::string_view head) {
  if (!LineEndingsAndBytesOk(head)) return Reject(400);
  std::vector<std::string_view> lines = SplitLines(head);
  if (lines.empty()) return Reject(400);
  if (lines.size() > static_cast<size_t>(kMaxHeaderLines) + 1) return Reject(431);

  // request-line = method SP request-target SP HTTP-version
  std::string_view line = lines[0];
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Reject(400);
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method) || target.empty() || target.find('\t') != std::string_view::npos) {
    return Reject(400);
  }
  if (target.size() > limits_.max_target_bytes) return Reject(414);
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/") return Reject(400);
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return Reject(505);
  // Origin-form only ("/path?query"), visible ASCII only: no absolute-form
  // (we are no proxy), no "*", no raw UTF-8 (browsers percent-encode it).
  if (target[0] != '/') return Reject(400);
  for (unsigned char c : target) {
    if (c < 0x21 || c > 0x7e) return Reject(400);
  }
  if (!IsServedMethod(method)) return Reject(405);

  std::string& out = current_.bytes;
  out.clear();
  out.reserve(head.size() + inject_.size() + 32);
  out.append(line).append("\r\n").append(inject_).append("Connection: close\r\n");
  bool have_length = false, have_host = false;
  bool keep_alive = version == "HTTP/1.1";
  uint64_t length = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view h = lines[i];
    if (h.front() == ' ' || h.front() == '\t') return Reject(400);  // obs-fold
    size_t colon = h.find(':');
    if (colon == std::string_view::npos) return Reject(400);
    std::string_view name = h.substr(0, colon);
    std::string_view value = TrimOws(h.substr(colon + 1));
    if (!IsToken(name)) return Reject(400);  // also catches "Name :" (RFC 9112 5.1)
    if (IsFrontHeader(name)) continue;
    if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      bool chunked =
          value.size() >= 7 && EqualsIgnoreCase(value.substr(value.size() - 7), "chunked");
      return Reject(chunked ? 411 : 501);
    }
    if (EqualsIgnoreCase(name, "Content-Length")) {
      if (have_length || !ParseLength(value, &length)) return Reject(400);
      have_length = true;
    }
    if (EqualsIgnoreCase(name, "Host")) {
      if (have_host) return Reject(400);  // RFC 9112 3.2
      have_host = true;
    }
    if (EqualsIgnoreCase(name, "Connection")) {
      if (HasToken(value, "close")) keep_alive = false;
      if (HasToken(value, "keep-alive") && version == "HTTP/1.0") keep_alive = true;
    }
    if (EqualsIgnoreCase(name, "Expect")) {
      if (!EqualsIgnoreCase(value, "100-continue")) return Reject(417);
      expects_continue_ = true;
    }
    if (IsHopByHop(name)) continue;
    out.append(h).append("\r\n");
  }
  if (!have_length && (method == "POST" || method == "PUT" || method == "PATCH")) {
    return Reject(411);  // a body without a length is framed only by chunking or close
  }
  if (length > limits_.max_body_bytes) return Reject(413);
  out.append("\r\n");
  if (length > 0) out.reserve(out.size() + static_cast<size_t>(length));
  if (length == 0) expects_continue_ = false;
  current_.head_method = method == "HEAD";
  current_.keep_alive = keep_alive;
  current_.bodiless_get = (method == "GET" || method == "HEAD") && length == 0;
  content_length_ = length;
  body_left_ = length;
  ++requests_;
  return true;
}

void ResponseFixer::Feed(std::string_view in, std::string* out) {
  if (in.empty()) return;
  started_ = true;
  if (head_done_) {
    out->append(in);
    return;
  }
  constexpr size_t kMaxResponseHead = 64 * 1024;
  // Only the head is held; the body goes straight from `in` to `out` (a
  // cached page is tens of KB and is answered tens of thousands of times a
  // second). The blank line may start in what is held already.
  constexpr std::string_view kEnd = "\r\n\r\n";
  size_t head_bytes_in = std::string_view::npos;  // of `in`, up to the blank line's end
  for (size_t held = 3; held >= 1 && head_bytes_in == std::string_view::npos; --held) {
    if (head_.size() >= held &&
        std::string_view(head_).substr(head_.size() - held) == kEnd.substr(0, held) &&
        in.substr(0, 4 - held) == kEnd.substr(held)) {
      head_bytes_in = 4 - held;
    }
  }
  if (head_bytes_in == std::string_view::npos) {
    const size_t end = in.find(kEnd);
    if (end != std::string_view::npos) head_bytes_in = end + 4;
  }
  if (head_bytes_in == std::string_view::npos) {
    head_.append(in);
    if (head_.size() > kMaxResponseHead) {  // not a head we understand: pass it on, then close
      head_done_ = true;
      keep_alive_ = false;
      out->append(head_);
      std::string().swap(head_);
    }
    return;
  }
  head_done_ = true;
  head_.append(in.substr(0, head_bytes_in));
  RewriteHead(head_, out);
  std::string().swap(head_);
  out->append(in.substr(head_bytes_in));
}

void ResponseFixer::RewriteHead(std::string_view head, std::string* out) {
  std::vector<std::string_view> lines = SplitLines(head);
  // "HTTP/1.1 200 OK": version, space, three digits.
  if (lines.empty() || lines[0].size() < 12 || lines[0].substr(0, 7) != "HTTP/1." ||
      lines[0][8] != ' ') {
    keep_alive_ = false;
    out->append(head);
    return;
  }
  for (size_t i = 9; i < 12; ++i) {
    char c = lines[0][i];
    if (c < '0' || c > '9') {
      keep_alive_ = false;
      out->append(head);
      return;
    }
    status_ = status_ * 10 + (c - '0');
  }
  bool framed = head_request_ || status_ == 204 || status_ == 304 || status_ < 200;
  out->append(lines[0]).append("\r\n");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view h = lines[i];
    size_t colon = h.find(':');
    std::string_view name = h.substr(0, colon);
    if (colon != std::string_view::npos) {
      std::string_view value = TrimOws(h.substr(colon + 1));
      if (EqualsIgnoreCase(name, "Connection") || EqualsIgnoreCase(name, "Keep-Alive")) continue;
      if (EqualsIgnoreCase(name, "Content-Length")) framed = true;
      if (EqualsIgnoreCase(name, "Transfer-Encoding") && HasToken(value, "chunked")) framed = true;
    }
    out->append(h).append("\r\n");
  }
  keep_alive_ = client_keep_alive_ && framed;
  out->append(keep_alive_ ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
}

std::string ErrorResponse(int status) {
  const char* reason = "Bad Request";
  const char* text = "Yêu cầu không hợp lệ.";
  switch (status) {
    case 408:
      reason = "Request Timeout";
      text = "Hết thời gian chờ yêu cầu. Vui lòng thử lại.";
      break;
    case 405:
      reason = "Method Not Allowed";
      text = "Không hỗ trợ kiểu yêu cầu này.";
      break;
    case 411:
      reason = "Length Required";
      text = "Yêu cầu thiếu độ dài (Content-Length).";
      break;
    case 413:
      reason = "Payload Too Large";
      text = "Yêu cầu quá lớn.";
      break;
    case 414:
      reason = "URI Too Long";
      text = "Địa chỉ quá dài.";
      break;
    case 417:
      reason = "Expectation Failed";
      text = "Yêu cầu không hợp lệ.";
      break;
    case 431:
      reason = "Request Header Fields Too Large";
      text = "Phần đầu yêu cầu quá lớn (tiêu đề hoặc cookie).";
      break;
    case 501:
      reason = "Not Implemented";
      text = "Kiểu truyền dữ liệu không được hỗ trợ.";
      break;
    case 502:
      reason = "Bad Gateway";
      text = "Máy chủ tạm thời không trả lời. Vui lòng thử lại.";
      break;
    case 503:
      reason = "Service Unavailable";
      text = "Máy chủ đang bận. Vui lòng thử lại sau.";
      break;
    case 504:
      reason = "Gateway Timeout";
      text = "Máy chủ trả lời quá chậm. Vui lòng thử lại.";
      break;
    case 505:
      reason = "HTTP Version Not Supported";
      text = "Phiên bản HTTP không được hỗ trợ.";
      break;
    default:
      status = 400;
      break;
  }
  std::string body = std::to_string(status) + " " + reason + "\n" + text + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) +
         "\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" +
         (status == 503 ? "Retry-After: 5\r\n" : "") +
         (status == 405 ? "Allow: GET, HEAD, POST\r\n" : "") + "Connection: close\r\n\r\n" + body;
}

}  // namespace motcua::net
