// Private to the TLS front (no mbedTLS inside, so it is unit-tested alone):
// follows the client -> backend byte stream of one keep-alive connection,
// request by request, and rewrites each request head:
//   - adds X-Motcua-Client, X-Motcua-Tls and X-Motcua-Front right after the
//     request line;
//   - drops every header the client sent whose name starts with
//     "X-Motcua-" (any case, '_' counted as '-'), so a client can never
//     forge what the front asserts.
// Bodies pass through untouched. To stay in step with the backend's own
// parser (request smuggling), it accepts only what both parse the same way:
//   - bodies framed by one Content-Length; POST/PUT/PATCH without one -> 411;
//   - any Transfer-Encoding -> 411 for chunked (browsers and our hub client
//     always send Content-Length), 501 for anything else;
//   - lines end in CRLF; no bare CR or LF, no NUL or other control bytes, no
//     obs-fold continuation lines, no space before ':' -> 400;
//   - a head larger than max_head_bytes -> 431;
//   - an HTTP version other than 1.0/1.1 -> 505.
// After an error the stream cannot be resynchronised: the caller answers
// with ErrorResponse(error_status()) and closes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace motcua::crypto::internal {

class RequestRewriter {
 public:
  // `client_ip` and `shared_secret` become the injected header values; the
  // caller has checked they contain no CR, LF or other control bytes.
  RequestRewriter(std::string_view client_ip, std::string_view shared_secret,
                  size_t max_head_bytes);

  // Consumes client bytes and appends what should reach the backend to
  // *out. Returns false on a protocol error (see error_status()); further
  // calls then do nothing.
  bool Feed(std::string_view in, std::string* out);

  // 0 while the stream is well-formed, else the HTTP status to answer with.
  int error_status() const { return error_status_; }
  // Number of request heads completed so far.
  uint64_t requests() const { return requests_; }
  // True while between requests with no bytes of the next head received.
  bool idle() const { return body_left_ == 0 && head_.empty(); }

 private:
  // Parses and rewrites one complete head (ending in CRLF CRLF); sets
  // body_left_. Returns false and sets error_status_ on error.
  bool RewriteHead(std::string_view head, std::string* out);
  bool Fail(int status);

  std::string inject_;  // the three header lines, each ending in CRLF
  size_t max_head_bytes_;
  std::string head_;  // bytes of an unfinished head
  uint64_t body_left_ = 0;
  uint64_t requests_ = 0;
  int error_status_ = 0;
};

// A complete "Connection: close" response for a status the front answers
// itself (400, 411, 431, 501, 502, 505).
std::string ErrorResponse(int status);

}  // namespace motcua::crypto::internal
