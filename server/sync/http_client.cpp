#include "sync/http_client.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "crypto/tls_client.h"

namespace motcua::sync {

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Status Unavailable(const std::string& m) { return Status(Code::kUnavailable, m); }

// The byte stream under HTTP: plain TCP or TLS.
class Stream {
 public:
  virtual ~Stream() = default;
  virtual Status WriteAll(std::string_view data) = 0;
  virtual Result<size_t> Read(char* buf, size_t cap) = 0;  // 0 = closed
};

class TcpStream final : public Stream {
 public:
  TcpStream(int fd, int timeout_ms) : fd_(fd), timeout_ms_(timeout_ms) {}
  ~TcpStream() override { close(fd_); }

  static Result<std::unique_ptr<Stream>> Connect(const std::string& host, int port,
                                                 int timeout_ms) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.c_str(), service.c_str(), &hints, &res) != 0 || !res) {
      return Unavailable("cannot resolve " + host);
    }
    Status last = Unavailable("cannot connect to " + host);
    for (addrinfo* a = res; a; a = a->ai_next) {
      int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      int rc = connect(fd, a->ai_addr, a->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        rc = poll(&p, 1, timeout_ms) == 1 ? 0 : -1;
        int err = 0;
        socklen_t len = sizeof err;
        if (rc == 0 && (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)) {
          errno = err;
          rc = -1;
        }
      }
      if (rc == 0) {
        freeaddrinfo(res);
        return std::unique_ptr<Stream>(new TcpStream(fd, timeout_ms));
      }
      last = Unavailable("cannot connect to " + host + ":" + service + ": " + std::strerror(errno));
      close(fd);
    }
    freeaddrinfo(res);
    return last;
  }

  Status WriteAll(std::string_view data) override {
    const int64_t deadline = NowMs() + timeout_ms_;
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!Wait(POLLOUT, deadline)) return Unavailable("write timed out");
        continue;
      }
      return Unavailable(std::string("write failed: ") + std::strerror(errno));
    }
    return Status::Ok();
  }

  Result<size_t> Read(char* buf, size_t cap) override {
    const int64_t deadline = NowMs() + timeout_ms_;
    for (;;) {
      ssize_t n = recv(fd_, buf, cap, 0);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (!Wait(POLLIN, deadline)) return Unavailable("read timed out");
        continue;
      }
      return Unavailable(std::string("read failed: ") + std::strerror(errno));
    }
  }

 private:
  bool Wait(short ev, int64_t deadline) {
    for (;;) {
      const int64_t left = deadline - NowMs();
      if (left <= 0) return false;
      pollfd p{fd_, ev, 0};
      int rc = poll(&p, 1, static_cast<int>(left));
      if (rc > 0) return true;
      if (rc == 0) return false;
      if (errno != EINTR) return false;
    }
  }
  int fd_;
  int timeout_ms_;
};

class TlsStream final : public Stream {
 public:
  explicit TlsStream(std::unique_ptr<crypto::TlsClient> c) : c_(std::move(c)) {}
  Status WriteAll(std::string_view data) override { return c_->WriteAll(data); }
  Result<size_t> Read(char* buf, size_t cap) override { return c_->Read(buf, cap); }

 private:
  std::unique_ptr<crypto::TlsClient> c_;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Length of the head including the blank line, or npos while incomplete.
size_t HeadEnd(std::string_view raw) {
  size_t p = raw.find("\r\n\r\n");
  return p == std::string_view::npos ? p : p + 4;
}

}  // namespace

Result<HttpReply> ParseHttpReply(std::string_view raw) {
  const size_t head_end = HeadEnd(raw);
  if (head_end == std::string_view::npos) return Unavailable("reply cut short in its head");
  std::string_view head = raw.substr(0, head_end - 4);
  HttpReply r;
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) {
    return Unavailable("not an HTTP reply");
  }
  r.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  if (r.status < 100 || r.status > 599) return Unavailable("bad HTTP status");
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string value(line.substr(colon + 1));
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    r.headers[Lower(std::string(line.substr(0, colon)))] = value;
  }
  if (r.headers.count("transfer-encoding")) return Unavailable("chunked replies not supported");
  std::string_view body = raw.substr(head_end);
  auto cl = r.headers.find("content-length");
  if (cl != r.headers.end()) {
    const long long want = std::atoll(cl->second.c_str());
    if (want < 0 || static_cast<size_t>(want) > body.size()) {
      return Unavailable("reply cut short: " + std::to_string(body.size()) + " of " + cl->second +
                         " body bytes");
    }
    body = body.substr(0, static_cast<size_t>(want));
  } else if (r.status != 204 && r.status != 304) {
    return Unavailable("reply without Content-Length");
  }
  r.body = std::string(body);
  r.bytes_received = raw.size();
  return r;
}

Result<HttpReply> HttpRoundTrip(const HttpTarget& t, Rng& rng, std::string_view method,
                                std::string_view path,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                std::string_view body, std::string_view content_type,
                                size_t max_reply) {
  std::unique_ptr<Stream> s;
  if (t.tls) {
    crypto::TlsClientOptions o;
    o.host = t.host;
    o.port = t.port;
    o.trusted_pem = t.trusted_pem;
    o.server_name = t.server_name;
    o.connect_timeout_ms = t.timeout_ms;
    o.io_timeout_ms = t.timeout_ms;
    ASSIGN_OR_RETURN(std::unique_ptr<crypto::TlsClient> c, crypto::TlsClient::Connect(o, rng));
    s = std::make_unique<TlsStream>(std::move(c));
  } else {
    ASSIGN_OR_RETURN(s, TcpStream::Connect(t.host, t.port, t.timeout_ms));
  }
  std::string req;
  req.reserve(512 + body.size());
  req.append(method).append(" ").append(path).append(" HTTP/1.1\r\n");
  req.append("Host: ").append(t.host).append(":").append(std::to_string(t.port)).append("\r\n");
  req.append("Connection: close\r\n");
  req.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  if (!content_type.empty()) req.append("Content-Type: ").append(content_type).append("\r\n");
  for (const auto& [k, v] : headers) req.append(k).append(": ").append(v).append("\r\n");
  req.append("\r\n");
  req.append(body);
  const int64_t started = NowMs();
  RETURN_IF_ERROR(s->WriteAll(req));

  std::string raw;
  char buf[16384];
  size_t need = std::string::npos;  // head + body, once the head is in
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, s->Read(buf, sizeof buf));
    if (n == 0) break;
    raw.append(buf, n);
    if (raw.size() > max_reply) return Status(Code::kResourceExhausted, "reply too large");
    // Stop once the whole body is in, even if the server keeps the line open.
    if (need == std::string::npos) {
      const size_t head_end = HeadEnd(raw);
      if (head_end != std::string::npos) {
        const std::string lower = Lower(raw.substr(0, head_end));
        const size_t cl = lower.find("\r\ncontent-length:");
        if (cl != std::string::npos) {
          need = head_end + static_cast<size_t>(std::atoll(lower.c_str() + cl + 17));
        }
      }
    }
    if (need != std::string::npos && raw.size() >= need) break;
  }
  ASSIGN_OR_RETURN(HttpReply r, ParseHttpReply(raw));
  r.bytes_sent = req.size();
  r.exchange_ms = NowMs() - started;
  return r;
}

}  // namespace motcua::sync
