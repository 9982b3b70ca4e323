#include "net/relay.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "core/log.h"

namespace motcua::net::internal {
namespace {

using Io = ClientStream::Io;

// Client bytes read ahead of the request being served (pipelining), and
// response bytes held for a client that reads slowly. Beyond these the
// front stops reading that side; the kernel's socket buffers hold the rest.
constexpr size_t kMaxIn = 64 * 1024;
constexpr size_t kMaxOut = 256 * 1024;
constexpr size_t kChunk = 16 * 1024;  // one TLS record's worth
constexpr int kCloseGraceMs = 1000;
// Rounds of work one Step() does on a busy connection before it lets the
// event loop serve the others (it is called again at once).
constexpr int kMaxRoundsPerStep = 16;

}  // namespace

// Bytes queued for the client: owned bytes, then perhaps the shared body of
// an answer (FrontAnswer), sent from where it lies instead of being copied.
class Outbox {
 public:
  bool empty() const { return own_.empty() && !body_; }
  size_t size() const { return own_.size() + (body_ ? body_->size() - body_at_ : 0); }

  // Where further bytes go. A shared body still queued is copied in first,
  // so the order holds (a pipelined request relayed after an answer).
  std::string* Append() {
    if (body_) {
      own_.append(*body_, body_at_, std::string::npos);
      body_.reset();
      body_at_ = 0;
    }
    return &own_;
  }

  // `gather`: the stream sends two buffers at once, so the body stays shared.
  void Queue(FrontAnswer answer, bool gather) {
    if (empty()) {
      own_.swap(answer.head);
    } else {
      Append()->append(answer.head);
    }
    if (!answer.body || answer.body->empty()) return;
    if (gather && !body_) {
      body_ = std::move(answer.body);
      body_at_ = 0;
    } else {
      Append()->append(*answer.body);
    }
  }

  // Writes what the stream takes now; kOk with *n > 0 bytes gone, or the
  // stream's kWant*, kClosed or kError.
  Io Write(ClientStream* stream, size_t* n) {
    if (body_) {  // only queued for a stream that gathers: plain TCP, no
      write_len_ = 0;  // same-length rule
      Io r = stream->WriteTwo(own_.data(), own_.size(), body_->data() + body_at_,
                              body_->size() - body_at_, n);
      if (r == Io::kOk) Consume(*n);
      return r;
    }
    // After a WANT the stream must be called again with the same length (TLS).
    const size_t len = write_len_ ? write_len_ : std::min(own_.size(), kMaxWrite);
    Io r = stream->Write(own_.data(), len, n);
    if (r == Io::kOk) {
      own_.erase(0, *n);
      write_len_ = 0;
    } else if (r == Io::kWantRead || r == Io::kWantWrite) {
      write_len_ = len;
    }
    return r;
  }

  // Gives back a buffer grown by a large response once it is delivered.
  void Shrink(size_t keep) {
    if (own_.empty() && own_.capacity() > keep) std::string().swap(own_);
  }

 private:
  static constexpr size_t kMaxWrite = 4 * kChunk;

  void Consume(size_t n) {
    const size_t from_own = std::min(n, own_.size());
    own_.erase(0, from_own);
    body_at_ += n - from_own;
    if (body_at_ == body_->size()) {
      body_.reset();
      body_at_ = 0;
    }
  }

  std::string own_;
  std::shared_ptr<const std::string> body_;
  size_t body_at_ = 0;
  size_t write_len_ = 0;
};

class Connection::Relay {
 public:
  Relay(std::unique_ptr<ClientStream> stream, const std::string& ip, FrontShared* s)
      : stream_(std::move(stream)),
        fd_(stream_->fd()),
        ip_(ip),
        s_(s),
        o_(s->options),
        reader_("X-Motcua-Client: " + ip + "\r\nX-Motcua-Tls: " + (o_.tls ? "1" : "0") +
                    "\r\nX-Motcua-Front: " + o_.shared_secret + "\r\n",
                o_.limits),
        handshake_deadline_(MonotonicNowMs() + o_.handshake_timeout_ms) {}
  ~Relay() { ReleaseBudget(); }

  int fd() const { return fd_; }
  const std::string& ip() const { return ip_; }

  Want Step() {
    may_read_ = true;  // the driver calls when the socket may have become readable
    for (int rounds = 0;;) {
      switch (phase_) {
        case Phase::kHandshake:
          if (auto w = Handshake()) return *w;
          break;
        case Phase::kServe:
          if (auto w = Serve(&rounds)) return *w;
          break;
        case Phase::kClose:
          if (auto w = CloseStep()) return *w;
          break;
        case Phase::kLinger:
          if (auto w = Linger()) return *w;
          break;
        case Phase::kDone: {
          Want w;
          w.done = true;
          return w;
        }
      }
    }
  }

 private:
  enum class Phase { kHandshake, kServe, kClose, kLinger, kDone };

  void Debug(const std::string& what) { log::Debug(o_.name + " " + ip_ + ": " + what); }

  Want WaitClient(short events, int64_t deadline) const {
    Want w;
    w.client_events = events;
    w.deadline_ms = deadline;
    return w;
  }

  // Each phase returns what to wait for, or nothing after moving on.
  std::optional<Want> Handshake() {
    Io r = stream_->Handshake();
    if (r == Io::kOk) {
      if (o_.tls) s_->counters.handshakes_ok++;
      phase_ = Phase::kServe;
      last_progress_ = idle_since_ = MonotonicNowMs();
      return std::nullopt;
    }
    if (r != Io::kWantRead && r != Io::kWantWrite) {
      s_->counters.handshakes_failed++;
      Debug("handshake failed: " + stream_->Error());
      phase_ = Phase::kDone;
      return std::nullopt;
    }
    if (MonotonicNowMs() >= handshake_deadline_) {
      // A stalled handshake holds only one connection slot.
      s_->counters.handshakes_failed++;
      s_->counters.handshake_timeouts++;
      Debug("handshake timed out");
      phase_ = Phase::kDone;
      return std::nullopt;
    }
    return WaitClient(r == Io::kWantRead ? POLLIN : POLLOUT, handshake_deadline_);
  }

  // One round of serving requests; on to kClose when the connection ended
  // in an orderly way (send close_notify, linger), kDone when it broke.
  std::optional<Want> Serve(int* rounds) {
    client_in_ = client_out_ = backend_in_ = backend_out_ = write_blocked_ = false;
    bool progress = false;
    if (!WriteClient(&progress)) return Finish(false);
    if (closing_ && out_.empty()) return Finish(true);
    if (!closing_ && !ReadClient(&progress)) return Finish(false);
    if (!closing_ && !inflight_) ParseRequests();
    if (inflight_) PumpBackend(&progress);
    // Something was queued for the client after this round's write.
    if (!out_.empty() && !write_blocked_) progress = true;
    const int64_t now = MonotonicNowMs();
    if (progress) {
      // A busy stream never waits, so look for stop here too.
      if (s_->stopping.load(std::memory_order_relaxed)) return Finish(false);
      last_progress_ = now;
      if (++*rounds < kMaxRoundsPerStep) return std::nullopt;  // new data may be writable at once
      *rounds = 0;
      return WaitFor(now);  // due at once: others get their turn first
    }
    if (client_eof_ && !inflight_ && !closing_) {
      // Nothing more can arrive; an unfinished request is dropped.
      if (out_.empty()) return Finish(true);
      closing_ = true;
      return std::nullopt;
    }
    const int64_t deadline = Deadline();
    if (now >= deadline) {
      if (!OnDeadline()) return Finish(false);
      return std::nullopt;
    }
    return WaitFor(deadline);
  }

  std::optional<Want> Finish(bool orderly) {
    phase_ = orderly ? Phase::kClose : Phase::kDone;
    close_deadline_ = MonotonicNowMs() + kCloseGraceMs;
    return std::nullopt;
  }

  Want WaitFor(int64_t deadline) const {
    // A socket with nothing wanted is left out: poll and epoll report its
    // HUP or ERR anyway and the driver would spin.
    Want w;
    w.client_events = static_cast<short>((client_in_ ? POLLIN : 0) | (client_out_ ? POLLOUT : 0));
    w.backend_fd = backend_.valid() ? backend_.get() : -1;
    w.backend_events =
        static_cast<short>((backend_in_ ? POLLIN : 0) | (backend_out_ ? POLLOUT : 0));
    w.backend_generation = backend_generation_;
    w.deadline_ms = deadline;
    return w;
  }

  // When the current phase runs out of time.
  int64_t Deadline() const {
    if (inflight_ && !backend_connected_) return connect_deadline_;
    if (inflight_ || !out_.empty()) return last_progress_ + o_.idle_timeout_ms;
    if (request_started_ > 0) {
      int64_t body_ms = 0;
      if (head_checked_ && o_.min_body_bytes_per_s > 0) {
        body_ms = static_cast<int64_t>(reader_.content_length() * 1000 /
                                       static_cast<uint64_t>(o_.min_body_bytes_per_s));
      }
      return request_started_ + o_.request_timeout_ms + body_ms;
    }
    return idle_since_ + o_.keep_alive_ms;
  }

  // False: close at once. True: an answer was queued, go round again.
  bool OnDeadline() {
    if (inflight_ && !backend_connected_) return BackendUnreachable("connect timed out");
    if (inflight_ && !fixer_->started()) {
      s_->counters.backend_failures++;
      log::Warn(o_.name + ": backend gave no answer within " + std::to_string(o_.idle_timeout_ms) +
                " ms");
      backend_.Reset();
      inflight_ = false;
      return Answer(504);
    }
    if (inflight_ || !out_.empty()) {
      s_->counters.idle_timeouts++;
      Debug("idle timeout");
      return false;
    }
    if (request_started_ > 0) {
      s_->counters.request_timeouts++;
      Debug("request too slow");
      return Answer(408);
    }
    s_->counters.keep_alive_timeouts++;
    return false;
  }

  // Queues a closing error response.
  bool Answer(int status) {
    out_.Append()->append(ErrorResponse(status));
    closing_ = true;
    ReleaseBudget();
    return true;
  }

  bool ReadClient(bool* progress) {
    char buf[kChunk];
    while (!client_eof_ && !closing_ && in_.size() < kMaxIn) {
      if (!may_read_) {  // drained since the driver called: wait, saving a read
        client_in_ = true;
        break;
      }
      size_t n = 0;
      const size_t cap = std::min(sizeof buf, kMaxIn - in_.size());
      Io r = stream_->Read(buf, cap, &n);
      if (r == Io::kOk) {
        in_.append(buf, n);
        if (n < cap && stream_->ShortReadDrains()) may_read_ = false;
        // Bytes of an unfinished request are not progress: trickling cannot
        // stretch the request deadline (Deadline() ignores them anyway).
        if (inflight_) *progress = true;
        if (!inflight_) ParseRequests();
        continue;
      }
      if (r == Io::kWantRead) {
        client_in_ = true;
        may_read_ = false;
      } else if (r == Io::kWantWrite) {
        client_out_ = true;
      } else if (r == Io::kClosed) {
        client_eof_ = true;
      } else {
        Debug("read: " + stream_->Error());
        return false;
      }
      break;
    }
    return true;
  }

  // Feeds buffered client bytes to the reader until a request is complete.
  void ParseRequests() {
    // Answers made here (FrontOptions::answer) are not paced by a backend:
    // a client that pipelines requests and never reads must not make the
    // front buffer one answer per request.
    if (out_.size() >= kMaxOut) return;
    while (!in_.empty() && reader_.state() != RequestReader::State::kComplete &&
           reader_.state() != RequestReader::State::kError) {
      const size_t used = reader_.Feed(in_);
      in_.erase(0, used);
      if (reader_.state() != RequestReader::State::kIdle && request_started_ == 0) {
        request_started_ = MonotonicNowMs();
      }
      if (!head_checked_ && (reader_.state() == RequestReader::State::kBody ||
                             reader_.state() == RequestReader::State::kComplete)) {
        head_checked_ = true;
        if (!TakeBudget(reader_.content_length())) return;
        if (reader_.expects_continue() && reader_.state() == RequestReader::State::kBody) {
          out_.Append()->append(kContinueResponse);
        }
      }
      if (used == 0) break;
    }
    if (reader_.state() == RequestReader::State::kError) {
      s_->counters.bad_requests++;
      Debug("bad request, answering " + std::to_string(reader_.error_status()));
      Answer(reader_.error_status());
    } else if (reader_.state() == RequestReader::State::kComplete) {
      StartBackend();
    }
  }

  bool TakeBudget(uint64_t n) {
    if (n == 0) return true;
    if (!s_->budget.TryTake(n)) {
      s_->counters.over_budget++;
      log::Warn(o_.name + ": request bodies held reach max_buffered_bytes; answering 503");
      Answer(503);
      return false;
    }
    reserved_ = n;
    return true;
  }

  void ReleaseBudget() {
    if (reserved_ > 0) s_->budget.Give(reserved_);
    reserved_ = 0;
  }

  void StartBackend() {
    RequestReader::Request req = reader_.Take();
    request_started_ = 0;
    head_checked_ = false;
    s_->counters.requests++;
    ++served_;
    // A client that has half-closed still gets its pipelined requests
    // answered; Loop() closes once they are.
    const bool keep = req.keep_alive && served_ < o_.max_requests_per_connection;
    if (req.bodiless_get && o_.answer) {
      FrontAnswer answer;
      if (o_.answer(req.bytes, keep, &answer)) {
        s_->counters.answered++;
        out_.Queue(std::move(answer), stream_->GathersWrites());
        if (!keep) closing_ = true;
        return;
      }
    }
    fixer_.emplace(req.head_method, keep);
    // The connect finishes in PumpBackend (its first send): a backend whose
    // queue is full must not stall an event loop's other connections.
    Result<Fd> fd = StartConnect(s_->backend);
    to_backend_ = std::move(req.bytes);
    backend_sent_ = 0;
    if (!fd.ok()) {
      BackendUnreachable(fd.status().message());
      return;
    }
    backend_ = std::move(fd).value();
    ++backend_generation_;
    backend_connected_ = false;
    // A complete request is progress: the idle clock starts now, not at
    // the last byte that moved before a long upload.
    last_progress_ = MonotonicNowMs();
    connect_deadline_ = last_progress_ + o_.backend_connect_timeout_ms;
    inflight_ = true;
  }

  bool BackendUnreachable(const std::string& why) {
    s_->counters.backend_failures++;
    log::Warn(o_.name + ": backend unreachable: " + why);
    backend_.Reset();
    inflight_ = false;
    std::string().swap(to_backend_);
    fixer_.reset();
    return Answer(502);
  }

  void PumpBackend(bool* progress) {
    while (backend_sent_ < to_backend_.size()) {
      ssize_t n = ::send(backend_.get(), to_backend_.data() + backend_sent_,
                         to_backend_.size() - backend_sent_, MSG_NOSIGNAL);
      if (n > 0) {
        backend_connected_ = true;
        backend_sent_ += static_cast<size_t>(n);
        *progress = true;
        if (backend_sent_ == to_backend_.size()) {
          std::string().swap(to_backend_);  // the body may be megabytes
          backend_sent_ = 0;
          ReleaseBudget();
        }
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        backend_out_ = true;
        break;
      } else if (!backend_connected_) {
        BackendUnreachable(std::strerror(errno));  // refused
        *progress = true;
        return;
      } else {
        break;  // the backend closed early; read what it said
      }
    }
    char buf[kChunk];
    while (backend_.valid() && out_.size() < kMaxOut) {
      ssize_t n = ::recv(backend_.get(), buf, sizeof buf, 0);
      if (n > 0) {
        fixer_->Feed(std::string_view(buf, static_cast<size_t>(n)), out_.Append());
        *progress = true;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        backend_in_ = true;
        return;
      } else if (!backend_connected_) {
        BackendUnreachable(n < 0 ? std::strerror(errno) : "closed at once");
        *progress = true;
        return;
      } else {
        ResponseDone();  // EOF (or reset): the backend closes after each response
        *progress = true;
        return;
      }
    }
  }

  void ResponseDone() {
    backend_.Reset();
    inflight_ = false;
    std::string().swap(to_backend_);
    ReleaseBudget();
    if (!fixer_->head_done()) {
      s_->counters.backend_failures++;
      log::Warn(o_.name + ": backend closed without a complete response");
      Answer(502);
    } else if (!fixer_->keep_alive()) {
      closing_ = true;
    }
    fixer_.reset();
  }

  bool WriteClient(bool* progress) {
    while (!out_.empty()) {
      size_t n = 0;
      Io r = out_.Write(stream_.get(), &n);
      if (r == Io::kOk) {
        *progress = true;
        if (out_.empty()) idle_since_ = MonotonicNowMs();
        continue;
      }
      if (r == Io::kWantRead || r == Io::kWantWrite) {
        write_blocked_ = true;
        (r == Io::kWantWrite ? client_out_ : client_in_) = true;
        return true;
      }
      Debug("write: " + stream_->Error());
      return false;
    }
    out_.Shrink(kMaxOut);
    return true;
  }

  // Orderly close, then a short lingering close: half-close and drain what
  // the client still sends, because close() with unread input sends a TCP
  // RST that can destroy the response (e.g. a 413) before the client reads it.
  std::optional<Want> CloseStep() {
    Io r = stream_->Close();
    if (r == Io::kWantRead || r == Io::kWantWrite) {
      if (MonotonicNowMs() >= close_deadline_) {
        phase_ = Phase::kDone;
        return std::nullopt;
      }
      return WaitClient(r == Io::kWantRead ? POLLIN : POLLOUT, close_deadline_);
    }
    ::shutdown(fd_, SHUT_WR);
    phase_ = Phase::kLinger;
    return std::nullopt;
  }

  std::optional<Want> Linger() {
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
          MonotonicNowMs() < close_deadline_) {
        return WaitClient(POLLIN, close_deadline_);
      }
      phase_ = Phase::kDone;  // end of stream, error or out of time
      return std::nullopt;
    }
  }

  std::unique_ptr<ClientStream> stream_;
  int fd_;
  std::string ip_;
  FrontShared* s_;
  const FrontOptions& o_;
  RequestReader reader_;
  std::optional<ResponseFixer> fixer_;
  Phase phase_ = Phase::kHandshake;
  Fd backend_;
  uint64_t backend_generation_ = 0;
  bool backend_connected_ = false;  // a byte of the request went through
  int64_t connect_deadline_ = 0;
  int64_t handshake_deadline_;
  int64_t close_deadline_ = 0;
  std::string in_;          // client bytes not yet given to the reader
  std::string to_backend_;  // the request in flight
  size_t backend_sent_ = 0;
  Outbox out_;
  uint64_t reserved_ = 0;  // taken from the shared budget
  int served_ = 0;
  bool client_in_ = false, client_out_ = false, backend_in_ = false, backend_out_ = false;
  bool write_blocked_ = false;  // this round's client write is waiting on the socket
  bool client_eof_ = false;     // nothing more will be read from the client
  bool may_read_ = true;        // no read has come back empty since Step() began
  bool inflight_ = false;       // a request is with the backend
  bool closing_ = false;        // close once out_ is delivered
  bool head_checked_ = false;
  int64_t request_started_ = 0;  // first byte of the request being read; 0 = none
  int64_t last_progress_ = 0;
  int64_t idle_since_ = 0;  // last response delivered
};

Connection::Connection(std::unique_ptr<ClientStream> stream, const std::string& client_ip,
                       FrontShared* shared)
    : relay_(std::make_unique<Relay>(std::move(stream), client_ip, shared)) {}
Connection::~Connection() = default;
Want Connection::Step() { return relay_->Step(); }
int Connection::client_fd() const { return relay_->fd(); }
const std::string& Connection::client_ip() const { return relay_->ip(); }

void RunConnection(std::unique_ptr<ClientStream> stream, const std::string& client_ip,
                   FrontShared* shared) {
  Connection c(std::move(stream), client_ip, shared);
  for (;;) {
    const Want w = c.Step();
    if (w.done) return;
    const int64_t left = std::min<int64_t>(w.deadline_ms - MonotonicNowMs(), 60000);
    pollfd p[3] = {
        {shared->stop_fd, POLLIN, 0},
        {w.client_events ? c.client_fd() : -1, w.client_events, 0},
        {w.backend_events && w.backend_fd >= 0 ? w.backend_fd : -1, w.backend_events, 0}};
    const int rc = poll(p, 3, static_cast<int>(std::max<int64_t>(left, 0)));
    if (rc < 0 && errno != EINTR) return;
    if (p[0].revents & POLLIN) return;  // the front is stopping
  }
}

}  // namespace motcua::net::internal
