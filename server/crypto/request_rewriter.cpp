#include "crypto/request_rewriter.h"

#include <cctype>
#include <vector>

namespace motcua::crypto::internal {
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

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
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

}  // namespace

RequestRewriter::RequestRewriter(std::string_view client_ip, std::string_view shared_secret,
                                 size_t max_head_bytes)
    : max_head_bytes_(max_head_bytes) {
  inject_ = "X-Motcua-Client: " + std::string(client_ip) + "\r\nX-Motcua-Tls: 1\r\n" +
            "X-Motcua-Front: " + std::string(shared_secret) + "\r\n";
}

bool RequestRewriter::Fail(int status) {
  error_status_ = status;
  head_.clear();
  return false;
}

bool RequestRewriter::Feed(std::string_view in, std::string* out) {
  if (error_status_ != 0) return false;
  while (!in.empty()) {
    if (body_left_ > 0) {
      size_t n = in.size() < body_left_ ? in.size() : static_cast<size_t>(body_left_);
      out->append(in.substr(0, n));
      in.remove_prefix(n);
      body_left_ -= n;
      continue;
    }
    // RFC 9112 2.2: ignore empty lines before a request line (some clients
    // send a stray CRLF after a body).
    if (head_.empty()) {
      while (!in.empty() && (in.front() == '\r' || in.front() == '\n')) in.remove_prefix(1);
      if (in.empty()) break;
    }
    // Take no more than one byte past the size limit, then look for the end
    // of the head, starting a little before the new bytes in case "\r\n\r\n"
    // straddles two reads.
    size_t old_size = head_.size();
    size_t room = max_head_bytes_ + 1 - old_size;
    size_t take = in.size() < room ? in.size() : room;
    head_.append(in.substr(0, take));
    size_t from = old_size >= 3 ? old_size - 3 : 0;
    size_t end = head_.find("\r\n\r\n", from);
    if (end == std::string::npos) {
      if (head_.size() > max_head_bytes_) return Fail(431);
      in.remove_prefix(take);
      continue;
    }
    size_t head_len = end + 4;
    if (head_len > max_head_bytes_) return Fail(431);
    in.remove_prefix(head_len - old_size);  // bytes past the head go round again
    std::string head = std::move(head_);
    head_.clear();
    if (!RewriteHead(std::string_view(head).substr(0, head_len), out)) return false;
  }
  return true;
}

bool RequestRewriter::RewriteHead(std::string_view head, std::string* out) {
  if (!LineEndingsAndBytesOk(head)) return Fail(400);
  std::vector<std::string_view> lines = SplitLines(head);
  if (lines.empty()) return Fail(400);

  // request-line = method SP request-target SP HTTP-version
  std::string_view line = lines[0];
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Fail(400);
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method) || target.empty() || target.find('\t') != std::string_view::npos) {
    return Fail(400);
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/") return Fail(400);
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return Fail(505);

  std::string rewritten;
  rewritten.reserve(head.size() + inject_.size());
  rewritten.append(line).append("\r\n").append(inject_);
  bool have_length = false;
  uint64_t length = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view h = lines[i];
    if (h.front() == ' ' || h.front() == '\t') return Fail(400);  // obs-fold
    size_t colon = h.find(':');
    if (colon == std::string_view::npos) return Fail(400);
    std::string_view name = h.substr(0, colon);
    std::string_view value = TrimOws(h.substr(colon + 1));
    if (!IsToken(name)) return Fail(400);  // also catches "Name :" (RFC 9112 5.1)
    if (IsFrontHeader(name)) continue;
    if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      bool chunked =
          value.size() >= 7 && EqualsIgnoreCase(value.substr(value.size() - 7), "chunked");
      return Fail(chunked ? 411 : 501);
    }
    if (EqualsIgnoreCase(name, "Content-Length")) {
      // One header, digits only: "5, 5" or "+5" or two headers could be read
      // differently by the backend.
      if (have_length || value.empty() || value.size() > 15) return Fail(400);
      for (char c : value) {
        if (c < '0' || c > '9') return Fail(400);
        length = length * 10 + static_cast<uint64_t>(c - '0');
      }
      have_length = true;
    }
    rewritten.append(h).append("\r\n");
  }
  if (!have_length && (method == "POST" || method == "PUT" || method == "PATCH")) {
    return Fail(411);  // a body without a length is framed only by chunking or close
  }
  rewritten.append("\r\n");
  out->append(rewritten);
  body_left_ = length;
  ++requests_;
  return true;
}

std::string ErrorResponse(int status) {
  const char* reason = "Bad Request";
  switch (status) {
    case 411:
      reason = "Length Required";
      break;
    case 431:
      reason = "Request Header Fields Too Large";
      break;
    case 501:
      reason = "Not Implemented";
      break;
    case 502:
      reason = "Bad Gateway";
      break;
    case 505:
      reason = "HTTP Version Not Supported";
      break;
    default:
      status = 400;
      break;
  }
  std::string body = std::to_string(status) + " " + reason + "\n";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace motcua::crypto::internal
