// HTTP/1.1 framing for the fronts (net/front.h), no I/O inside so it is
// unit-tested and fuzzed alone.
//
// RequestReader follows the client's byte stream one request at a time and
// produces each complete request (head and whole body) as the backend must
// see it:
//   - the `inject` header lines (X-Motcua-Client, X-Motcua-Tls,
//     X-Motcua-Front) right after the request line, then "Connection: close":
//     every request reaches the backend on a connection of its own, so a
//     backend worker is held only while it handles one complete request;
//   - every header the client sent whose name starts with "X-Motcua-" (any
//     case, '_' counted as '-') is dropped, so a client can never forge what
//     the front asserts; so are the hop-by-hop Connection, Keep-Alive,
//     Proxy-Connection, Upgrade, TE and Expect headers.
// To stay in step with the backend's parser (request smuggling) it accepts
// only what both parse the same way, and answers the rest itself:
//   400  bare CR or LF, NUL or other control bytes, obs-fold, space before
//        ':', a bad request line, a request target that is not origin-form
//        ("/...") in visible ASCII, a bad or repeated Content-Length, two
//        Host headers;
//   405  a method no route takes (TRACE, CONNECT, unknown ones);
//   411  Transfer-Encoding: chunked, or POST/PUT/PATCH without Content-Length;
//   413  Content-Length above max_body_bytes (the body is never read);
//   414  a request target longer than max_target_bytes;
//   417  an Expect other than 100-continue;
//   431  a head longer than max_head_bytes or with more than
//        kMaxHeaderLines header lines;
//   501  any other Transfer-Encoding;
//   505  an HTTP version other than 1.0 and 1.1.
// After an error the stream cannot be resynchronised: answer with
// ErrorResponse(error_status()) and close.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua::net {

struct RequestLimits {
  // Below civetweb's max_request_size (16384, STACK-NOTES) with room for the
  // injected lines.
  size_t max_head_bytes = 15 * 1024;
  size_t max_target_bytes = 8 * 1024;
  uint64_t max_body_bytes = 17 * 1024 * 1024;
};

// civetweb 1.15 keeps at most 64 headers per request.
constexpr int kMaxHeaderLines = 56;

class RequestReader {
 public:
  enum class State { kIdle, kHead, kBody, kComplete, kError };

  // `inject`: header lines, each ending in CRLF, with no control bytes.
  RequestReader(std::string inject, RequestLimits limits);

  // Consumes bytes of at most one request and returns how many it used;
  // the rest belong to the next request (call again after Take()). Uses
  // nothing in kComplete and kError.
  size_t Feed(std::string_view in);

  State state() const { return state_; }
  // The HTTP status to answer with in kError, else 0.
  int error_status() const { return error_status_; }
  // Once the head is parsed (kBody, kComplete): the body's length, and
  // whether the client waits for "100 Continue" before sending it.
  uint64_t content_length() const { return content_length_; }
  bool expects_continue() const { return expects_continue_; }

  struct Request {
    std::string bytes;         // rewritten head + body, for the backend
    bool head_method = false;  // HEAD: the response carries no body
    bool keep_alive = false;   // the client wants its connection kept
    bool bodiless_get = false;  // GET or HEAD without a body (FrontOptions::answer)
  };
  // The finished request (kComplete only); back to kIdle.
  Request Take();
  // Requests completed so far.
  uint64_t requests() const { return requests_; }

 private:
  bool ParseHead(std::string_view head);
  size_t Fail(int status, size_t consumed);
  bool Reject(int status) {
    Fail(status, 0);
    return false;
  }

  std::string inject_;
  RequestLimits limits_;
  State state_ = State::kIdle;
  std::string head_;  // bytes of an unfinished head
  Request current_;
  uint64_t content_length_ = 0;
  uint64_t body_left_ = 0;
  bool expects_continue_ = false;
  uint64_t requests_ = 0;
  int error_status_ = 0;
};

// Rewrites the head of one backend response for the client: the backend's
// Connection and Keep-Alive headers are dropped and one Connection header
// says whether the client's connection stays open. It stays open only when
// the client asked for that and the response is framed without closing
// (Content-Length, chunked, HEAD, 204 or 304); a head that cannot be parsed
// passes through unchanged and closes the connection.
class ResponseFixer {
 public:
  ResponseFixer(bool head_request, bool client_keep_alive)
      : head_request_(head_request), client_keep_alive_(client_keep_alive) {}

  // Appends what the client must receive to *out.
  void Feed(std::string_view in, std::string* out);
  bool started() const { return started_; }
  bool head_done() const { return head_done_; }
  // Once head_done(): may the client connection carry another request?
  bool keep_alive() const { return keep_alive_; }
  int status() const { return status_; }

 private:
  void RewriteHead(std::string_view head, std::string* out);

  bool head_request_;
  bool client_keep_alive_;
  bool started_ = false;
  bool head_done_ = false;
  bool keep_alive_ = false;
  int status_ = 0;
  std::string head_;
};

// A complete "Connection: close" response for a status the front answers
// itself (400, 405, 408, 411, 413, 414, 417, 431, 501, 502, 503, 504, 505), with
// a short Vietnamese explanation. Other values give 400.
std::string ErrorResponse(int status);

// "HTTP/1.1 100 Continue" and its blank line.
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace motcua::net
