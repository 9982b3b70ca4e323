#include "crypto/front_conn.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "core/log.h"
#include "crypto/request_rewriter.h"

namespace motcua::crypto::internal {
namespace {

// Bytes held per direction before reading from the other side stops, so a
// client that does not read cannot make the front buffer without bound.
constexpr size_t kMaxBuffered = 64 * 1024;
constexpr size_t kChunk = 16 * 1024;  // one TLS record's worth
constexpr int kCloseGraceMs = 1000;

class Relay {
 public:
  Relay(Fd client, std::string ip, FrontShared* s)
      : client_(std::move(client)),
        client_fd_(client_.get()),
        ip_(std::move(ip)),
        s_(s),
        rewriter_(ip_, s->shared_secret, s->max_head_bytes) {}

  void Run() {
    if (mbedtls_ssl_setup(ssl_.get(), s_->tls->conf.get()) != 0) return;
    mbedtls_ssl_set_bio(ssl_.get(), &client_fd_, BioSend, BioRecv, nullptr);
    if (!Handshake()) return;
    s_->counters.handshakes_ok++;
    if (Loop()) GracefulClose();
  }

 private:
  void Debug(const std::string& what) { log::Debug("tls front " + ip_ + ": " + what); }

  bool Handshake() {
    int64_t deadline = MonotonicNowMs() + s_->handshake_timeout_ms;
    for (;;) {
      int ret = mbedtls_ssl_handshake(ssl_.get());
      if (ret == 0) return true;
      if (!IsWant(ret)) {
        s_->counters.handshakes_failed++;
        Debug("handshake failed: " + MbedErrorText(ret));
        return false;
      }
      short ev = ret == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
      WaitResult w = WaitFd(client_fd_, ev, deadline, s_->stop_fd);
      if (w == WaitResult::kTimeout) {
        // A stalled handshake only ever holds this thread and one slot of
        // max_connections, never a backend worker.
        s_->counters.handshakes_failed++;
        s_->counters.handshake_timeouts++;
        Debug("handshake timed out");
        return false;
      }
      if (w != WaitResult::kReady) return false;
    }
  }

  // Relays until the connection is over. Returns true when it ended in an
  // orderly way and a close_notify should be sent.
  bool Loop() {
    last_progress_ = MonotonicNowMs();
    for (;;) {
      client_in_ = client_out_ = backend_in_ = backend_out_ = false;
      bool progress = false;
      if (!WriteClient(&progress)) return false;
      if (!client_done_ && !ReadClient(&progress)) return false;
      // The backend is dialled only once a whole request head is ready, so
      // clients that stall or idle never hold one of its worker threads.
      if (!to_backend_.empty() && !backend_.valid() && !backend_done_) ConnectBackend();
      if (backend_.valid()) {
        WriteBackend(&progress);
        if (backend_.valid() && client_done_ && to_backend_.empty() && !backend_shut_) {
          ::shutdown(backend_.get(), SHUT_WR);  // lets the backend finish and close
          backend_shut_ = true;
        }
        if (backend_.valid()) ReadBackend(&progress);
      }
      if (progress) {
        // A busy stream never reaches Wait(), so look for stop here too.
        if (s_->stopping.load(std::memory_order_relaxed)) return false;
        last_progress_ = MonotonicNowMs();
        continue;  // new data may be writable at once
      }
      bool input_over = backend_done_ || (!backend_.valid() && client_done_);
      if (input_over) {
        if (rewriter_.error_status() != 0 && !error_queued_) {
          to_client_ += ErrorResponse(rewriter_.error_status());
          error_queued_ = true;
          continue;
        }
        if (to_client_.empty()) return true;
      }
      if (!Wait()) return false;
    }
  }

  // Sleeps until a socket is ready. False on stop or idle timeout.
  bool Wait() {
    int64_t left = last_progress_ + s_->idle_timeout_ms - MonotonicNowMs();
    if (left <= 0) {
      s_->counters.idle_timeouts++;
      Debug("idle timeout");
      return false;
    }
    // An fd with nothing wanted is left out: poll would report its HUP or
    // ERR anyway and the loop would spin.
    short cev = (client_in_ ? POLLIN : 0) | (client_out_ ? POLLOUT : 0);
    short bev = (backend_in_ ? POLLIN : 0) | (backend_out_ ? POLLOUT : 0);
    pollfd p[3] = {{s_->stop_fd, POLLIN, 0},
                   {cev ? client_fd_ : -1, cev, 0},
                   {bev && backend_.valid() ? backend_.get() : -1, bev, 0}};
    int rc = poll(p, 3, static_cast<int>(left > 60000 ? 60000 : left));
    if (rc < 0 && errno != EINTR) return false;
    return !(p[0].revents & POLLIN);
  }

  bool ReadClient(bool* progress) {
    unsigned char buf[kChunk];
    while (to_backend_.size() < kMaxBuffered) {
      int ret = mbedtls_ssl_read(ssl_.get(), buf, sizeof buf);
      if (ret > 0) {
        size_t before = to_backend_.size();
        uint64_t requests_before = rewriter_.requests();
        bool ok = rewriter_.Feed(std::string_view(reinterpret_cast<char*>(buf), ret), &to_backend_);
        s_->counters.requests += rewriter_.requests() - requests_before;
        // Bytes of an unfinished head are not progress: a client trickling
        // a head cannot keep the connection alive past the idle timeout.
        if (to_backend_.size() > before) *progress = true;
        if (!ok) {
          s_->counters.bad_requests++;
          Debug("bad request, answering " + std::to_string(rewriter_.error_status()));
          client_done_ = true;
          return true;
        }
        continue;
      }
      if (ret == MBEDTLS_ERR_SSL_WANT_READ) {
        client_in_ = true;
        return true;
      }
      if (ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
        client_out_ = true;
        return true;
      }
      if (ret == 0 || ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF) {
        client_done_ = true;
        return true;
      }
      Debug("read: " + MbedErrorText(ret));
      return false;
    }
    return true;
  }

  bool WriteClient(bool* progress) {
    while (!to_client_.empty()) {
      // After WANT_WRITE mbedTLS must be called again with the same length.
      size_t len = pending_len_ ? pending_len_ : std::min(to_client_.size(), kChunk);
      int ret = mbedtls_ssl_write(ssl_.get(),
                                  reinterpret_cast<const unsigned char*>(to_client_.data()), len);
      if (ret > 0) {
        to_client_.erase(0, static_cast<size_t>(ret));
        pending_len_ = 0;
        *progress = true;
        continue;
      }
      if (IsWant(ret)) {
        pending_len_ = len;
        (ret == MBEDTLS_ERR_SSL_WANT_WRITE ? client_out_ : client_in_) = true;
        return true;
      }
      Debug("write: " + MbedErrorText(ret));
      return false;
    }
    return true;
  }

  void ConnectBackend() {
    Result<Fd> fd = ConnectTcp(s_->backend_host, s_->backend_port, s_->backend_connect_timeout_ms);
    if (!fd.ok()) {
      s_->counters.backend_failures++;
      log::Warn("tls front: backend unreachable: " + fd.status().message());
      BackendGone();
      to_client_ += ErrorResponse(502);
      return;
    }
    backend_ = std::move(fd).value();
  }

  // The backend closed or failed: stop reading the client, drop what it
  // still wanted to send, and end once what the backend said is delivered.
  void BackendGone() {
    backend_.Reset();
    backend_done_ = true;
    client_done_ = true;
    to_backend_.clear();
  }

  void WriteBackend(bool* progress) {
    while (!to_backend_.empty()) {
      ssize_t n = ::send(backend_.get(), to_backend_.data(), to_backend_.size(), MSG_NOSIGNAL);
      if (n > 0) {
        to_backend_.erase(0, static_cast<size_t>(n));
        *progress = true;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        backend_out_ = true;
        return;
      } else {
        Debug("backend send failed");
        BackendGone();
        return;
      }
    }
  }

  void ReadBackend(bool* progress) {
    char buf[kChunk];
    while (to_client_.size() < kMaxBuffered) {
      ssize_t n = ::recv(backend_.get(), buf, sizeof buf, 0);
      if (n > 0) {
        to_client_.append(buf, static_cast<size_t>(n));
        *progress = true;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        backend_in_ = true;
        return;
      } else {
        // EOF (the backend ended keep-alive) or reset: either way the
        // client's connection ends too, as it would talking to it directly.
        BackendGone();
        return;
      }
    }
  }

  // close_notify, then a short lingering close: half-close and drain what
  // the client still sends, because close() with unread input sends a TCP
  // RST that can destroy the response (e.g. a 411) before the client reads it.
  void GracefulClose() {
    int64_t deadline = MonotonicNowMs() + kCloseGraceMs;
    for (;;) {
      int ret = mbedtls_ssl_close_notify(ssl_.get());
      if (!IsWant(ret)) break;
      short ev = ret == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
      if (WaitFd(client_fd_, ev, deadline, s_->stop_fd) != WaitResult::kReady) return;
    }
    ::shutdown(client_fd_, SHUT_WR);
    char buf[4096];
    while (WaitFd(client_fd_, POLLIN, deadline, s_->stop_fd) == WaitResult::kReady) {
      ssize_t n = ::recv(client_fd_, buf, sizeof buf, 0);
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return;
    }
  }

  Fd client_;
  int client_fd_;  // BIO context; lives as long as ssl_
  std::string ip_;
  FrontShared* s_;
  SslContext ssl_;
  RequestRewriter rewriter_;
  Fd backend_;
  std::string to_backend_;
  std::string to_client_;
  size_t pending_len_ = 0;
  bool client_in_ = false, client_out_ = false, backend_in_ = false, backend_out_ = false;
  bool client_done_ = false;   // nothing more will be read from the client
  bool backend_done_ = false;  // the backend connection has ended
  bool backend_shut_ = false;
  bool error_queued_ = false;
  int64_t last_progress_ = 0;
};

}  // namespace

void RunFrontConnection(Fd client, std::string client_ip, FrontShared* shared) {
  Relay relay(std::move(client), std::move(client_ip), shared);
  relay.Run();
}

}  // namespace motcua::crypto::internal
