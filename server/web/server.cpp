#include "web/server.h"

#include <civetweb.h>
#include <strings.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <thread>

#include "core/log.h"
#include "crypto/hash.h"
#include "text/fold.h"

namespace motcua::web {

namespace {

int OnRequest(::mg_connection* conn, void* cbdata) {
  return static_cast<HttpServer*>(cbdata)->HandleConnection(conn);
}

int OnLog(const ::mg_connection*, const char* message) {
  log::Warn(std::string("civetweb: ") + message);
  return 1;
}

bool IsLoopback(const char* addr) {
  return std::strncmp(addr, "127.", 4) == 0 || std::strcmp(addr, "::1") == 0;
}

void WriteAll(::mg_connection* conn, const std::string& data) {
  size_t off = 0;
  while (off < data.size()) {
    int n = mg_write(conn, data.data() + off, data.size() - off);
    if (n <= 0) return;  // client went away
    off += static_cast<size_t>(n);
  }
}

bool AcceptsGzip(const Request& req) {
  std::string_view ae = req.Header("accept-encoding");
  return ae.find("gzip") != std::string_view::npos;
}

// Which of a response's bodies a request gets.
struct BodyChoice {
  bool has_gzip = false;  // the response has one: Vary: Accept-Encoding
  bool gzip = false;      // and this client accepts it
};

BodyChoice ChooseBody(const Request& req, const Response& resp) {
  BodyChoice c;
  c.has_gzip = resp.shared_gzip ? !resp.shared_gzip->empty() : !resp.gzip_body.empty();
  c.gzip = c.has_gzip && AcceptsGzip(req);
  return c;
}

// The status line and headers through the blank line, with room reserved
// for `reserve_after` more bytes (the body, when it follows in the string).
std::string FormatHead(const Response& resp, bool keep_alive, BodyChoice choice, size_t body_size,
                       size_t reserve_after);

}  // namespace

const std::string& SecurityHeaders() {
  static const std::string kHeaders =
      "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
         "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors 'none'\r\n"
         "X-Content-Type-Options: nosniff\r\n"
         "X-Frame-Options: DENY\r\n"
         "Referrer-Policy: same-origin\r\n"
         "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n";
  return kHeaders;
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      Dispatch dispatch) {
  std::unique_ptr<HttpServer> s(new HttpServer(options, std::move(dispatch)));
  if (options.public_front && s->options_.front_secret.empty()) {
    s->options_.front_secret = net::RandomHexToken();
  }
  const std::string civet_listen = options.public_front ? "127.0.0.1:0" : options.listen;
  const std::string threads = std::to_string(options.threads);
  const std::string keep_alive = std::to_string(options.keep_alive_timeout_ms);
  const std::string req_timeout = std::to_string(options.request_timeout_ms);
  // Never set document_root: civetweb 1.15's file serving has known
  // over-reads (STACK-NOTES); static files come from our own handler.
  const char* opts[] = {"listening_ports", civet_listen.c_str(),
                        "num_threads", threads.c_str(),
                        "enable_keep_alive", "yes",
                        "keep_alive_timeout_ms", keep_alive.c_str(),
                        "request_timeout_ms", req_timeout.c_str(),
                        "tcp_nodelay", "1",
                        "enable_directory_listing", "no",
                        "max_request_size", "16384",
                        // We decode the path ourselves (NUL bytes and dot
                        // segments are refused, not silently cut or cleaned).
                        "decode_url", "no",
                        nullptr};
  struct mg_callbacks cb;
  std::memset(&cb, 0, sizeof cb);
  cb.log_message = OnLog;
  s->ctx_ = mg_start(&cb, nullptr, opts);
  if (s->ctx_ == nullptr) {
    return Status(Code::kUnavailable, "cannot listen on " + options.listen +
                                          " (port in use, or not allowed)");
  }
  mg_set_request_handler(s->ctx_, "/", OnRequest, s.get());
  if (options.public_front) {
    net::FrontOptions f;
    for (size_t i = 0; i <= options.listen.size();) {
      size_t comma = std::min(options.listen.find(',', i), options.listen.size());
      f.listen.push_back(options.listen.substr(i, comma - i));
      i = comma + 1;
    }
    f.backend_port = s->BackendPort();
    f.shared_secret = s->options_.front_secret;
    f.max_connections = options.max_connections;
    f.max_connections_per_ip = options.max_connections_per_ip;
    f.request_timeout_ms = options.request_timeout_ms;
    f.keep_alive_ms = options.keep_alive_timeout_ms;
    f.limits.max_body_bytes = options.max_body_bytes;
    f.max_buffered_bytes = std::max<uint64_t>(f.max_buffered_bytes, options.max_body_bytes);
    // One event loop per core (at most 4): a wake serves many requests.
    f.event_loops = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    f.name = "public front";
    if (options.cached_dispatch) {
      HttpServer* self = s.get();
      f.answer = [self](std::string_view request, bool keep_alive, net::FrontAnswer* out) {
        return self->AnswerFromCache(request, keep_alive, out);
      };
    }
    s->front_ = std::make_unique<net::Front>();
    Status st = s->front_->Start(std::move(f));
    if (!st.ok()) {
      return Status(Code::kUnavailable, "cannot listen on " + options.listen + ": " + st.message());
    }
  }
  return s;
}

HttpServer::~HttpServer() {
  front_.reset();        // no more requests reach civetweb
  if (ctx_) mg_stop(ctx_);  // joins the workers before dispatch_ goes away
}

std::vector<int> HttpServer::Ports() const {
  if (front_) return front_->ports();
  struct mg_server_port ports[8];
  int n = mg_get_server_ports(ctx_, 8, ports);
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(ports[i].port);
  return out;
}

int HttpServer::BackendPort() const {
  struct mg_server_port ports[8];
  int n = mg_get_server_ports(ctx_, 8, ports);
  return n > 0 ? ports[0].port : 0;
}

net::FrontStats HttpServer::front_stats() const {
  return front_ ? front_->stats() : net::FrontStats();
}

int HttpServer::HandleConnection(::mg_connection* conn) {
  const struct mg_request_info* ri = mg_get_request_info(conn);
  Request req;
  req.method = ri->request_method ? ri->request_method : "";
  const char* raw_path = ri->local_uri_raw ? ri->local_uri_raw : ri->request_uri;
  const bool path_ok = DecodePath(raw_path ? raw_path : "", &req.path);
  req.query_string = ri->query_string ? ri->query_string : "";
  req.client_ip = ri->remote_addr;
  req.loopback = IsLoopback(ri->remote_addr);
  req.tls = ri->is_ssl != 0;
  bool keep_alive = ri->http_version && std::strcmp(ri->http_version, "1.1") == 0;
  for (int i = 0; i < ri->num_headers; ++i) {
    std::string name = ri->http_headers[i].name ? ri->http_headers[i].name : "";
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = ri->http_headers[i].value ? ri->http_headers[i].value : "";
    if (name == "connection") {
      if (strcasecmp(value.c_str(), "close") == 0) keep_alive = false;
      if (strcasecmp(value.c_str(), "keep-alive") == 0) keep_alive = true;
    }
    req.headers.emplace_back(std::move(name), std::move(value));
  }
  // Trust the TLS front's view of the client only from loopback with the secret.
  if (req.loopback && !options_.front_secret.empty() &&
      crypto::ConstantTimeEquals(req.Header("x-motcua-front"), options_.front_secret)) {
    std::string_view client = req.Header("x-motcua-client");
    if (!client.empty()) req.client_ip = std::string(client);
    req.tls = req.Header("x-motcua-tls") == "1";
    req.loopback = IsLoopback(req.client_ip.c_str());
  }

  Response resp;
  bool bad_query = !ParseQuery(req.query_string, &req.query);
  if (ri->content_length > static_cast<long long>(options_.max_body_bytes)) {
    resp = Response::Text("Yêu cầu quá lớn.", 413);
    keep_alive = false;
  } else {
    // Read the body ourselves, up to the limit (never mg_handle_form_request).
    // Straight into the string: a buffer on the stack would stay reserved in
    // this frame while the handler runs, on civetweb's 100 KB thread stack.
    if (ri->content_length > 0 || req.Header("transfer-encoding").size() > 0) {
      constexpr size_t kChunk = 16384;
      size_t have = 0;
      for (;;) {
        req.body.resize(have + kChunk);
        int n = mg_read(conn, &req.body[have], kChunk);
        if (n <= 0) break;
        have += static_cast<size_t>(n);
        if (have > options_.max_body_bytes) break;
      }
      req.body.resize(have);
    }
    if (req.body.size() > options_.max_body_bytes) {
      resp = Response::Text("Yêu cầu quá lớn.", 413);
      keep_alive = false;
    } else {
      if (bad_query || !path_ok) req.query.clear(), req.query["__bad_query"] = "1";
      resp = dispatch_(req);
    }
  }

  // Header and body leave in one write (one send per header line halves
  // throughput: STACK-NOTES).
  std::string out = FormatResponse(req, resp, keep_alive);
  WriteAll(conn, out);
  return resp.status;
}

namespace {

std::string FormatHead(const Response& resp, bool keep_alive, BodyChoice choice, size_t body_size,
                       size_t reserve_after) {
  const char* status_text = StatusText(resp.status);
  std::string out;
  out.reserve(1024 + reserve_after);
  out.append("HTTP/1.1 ").append(std::to_string(resp.status)).append(" ").append(status_text);
  out.append("\r\nContent-Type: ").append(resp.content_type);
  out.append("\r\nContent-Length: ").append(std::to_string(body_size));
  out.append("\r\nCache-Control: ").append(resp.cache_control).append("\r\n");
  if (choice.gzip) out.append("Content-Encoding: gzip\r\n");
  if (choice.has_gzip) out.append("Vary: Accept-Encoding\r\n");
  out.append(SecurityHeaders());
  for (const auto& h : resp.headers) out.append(h.first).append(": ").append(h.second).append("\r\n");
  // Last, where the front's ResponseFixer puts it in a relayed response: a
  // page answered by the front (AnswerFromCache) has the same bytes.
  out.append(keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
  return out;
}

}  // namespace

bool HttpServer::AnswerFromCache(std::string_view request, bool keep_alive,
                                 net::FrontAnswer* out) {
  Request req;
  if (!ParseForwardedHead(request, &req)) return false;
  std::optional<Response> resp = options_.cached_dispatch(req);
  if (!resp) return false;
  const BodyChoice choice = ChooseBody(req, *resp);
  // A cached page's body is shared with the cache, not copied.
  std::shared_ptr<const std::string> body = choice.gzip ? resp->shared_gzip : resp->shared_body;
  if (!body) {
    body = std::make_shared<const std::string>(std::move(choice.gzip ? resp->gzip_body : resp->body));
  }
  out->head = FormatHead(*resp, keep_alive, choice, body->size(), 0);
  if (req.method != "HEAD") out->body = std::move(body);
  return true;
}

std::string FormatResponse(const Request& req, const Response& resp, bool keep_alive) {
  const BodyChoice choice = ChooseBody(req, resp);
  const std::string& plain = resp.shared_body ? *resp.shared_body : resp.body;
  const std::string& body =
      choice.gzip ? (resp.shared_gzip ? *resp.shared_gzip : resp.gzip_body) : plain;
  const bool with_body = req.method != "HEAD";
  std::string out = FormatHead(resp, keep_alive, choice, body.size(), with_body ? body.size() : 0);
  if (with_body) out += body;
  return out;
}

bool ParseForwardedHead(std::string_view head, Request* req) {
  size_t eol = head.find("\r\n");
  if (eol == std::string_view::npos) return false;
  const std::string_view line = head.substr(0, eol);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1) return false;
  req->method = std::string(line.substr(0, sp1));
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const size_t q = target.find('?');
  const bool path_ok = DecodePath(target.substr(0, q), &req->path);
  if (q != std::string_view::npos) req->query_string = std::string(target.substr(q + 1));
  for (size_t at = eol + 2; at < head.size();) {
    const size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos || end == at) break;
    const std::string_view h = head.substr(at, end - at);
    at = end + 2;
    const size_t colon = h.find(':');
    if (colon == std::string_view::npos) return false;
    std::string name(h.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = h.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    req->headers.emplace_back(std::move(name), std::string(value));
  }
  req->client_ip = std::string(req->Header("x-motcua-client"));
  req->tls = req->Header("x-motcua-tls") == "1";
  req->loopback = IsLoopback(req->client_ip.c_str());
  if (!ParseQuery(req->query_string, &req->query) || !path_ok) {
    req->query.clear();
    req->query["__bad_query"] = "1";
  }
  return true;
}

}  // namespace motcua::web
