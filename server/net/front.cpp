#include "net/front.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/log.h"
#include "net/relay.h"

namespace motcua::net {

namespace {

class PlainStream : public ClientStream {
 public:
  explicit PlainStream(Fd fd) : fd_(std::move(fd)) {}
  int fd() const override { return fd_.get(); }
  Io Handshake() override { return Io::kOk; }
  Io Read(char* buf, size_t cap, size_t* n) override {
    for (;;) {
      ssize_t r = ::recv(fd_.get(), buf, cap, 0);
      if (r > 0) {
        *n = static_cast<size_t>(r);
        return Io::kOk;
      }
      if (r == 0) return Io::kClosed;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Io::kWantRead;
      error_ = std::strerror(errno);
      return errno == ECONNRESET ? Io::kClosed : Io::kError;
    }
  }
  Io Write(const char* buf, size_t len, size_t* n) override {
    return WriteTwo(buf, len, nullptr, 0, n);
  }
  bool ShortReadDrains() const override { return true; }
  bool GathersWrites() const override { return true; }
  Io WriteTwo(const char* a, size_t alen, const char* b, size_t blen, size_t* n) override {
    iovec iov[2] = {{const_cast<char*>(a), alen}, {const_cast<char*>(b), blen}};
    msghdr m{};
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    for (;;) {
      ssize_t r = ::sendmsg(fd_.get(), &m, MSG_NOSIGNAL);
      if (r >= 0) {
        *n = static_cast<size_t>(r);
        return Io::kOk;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Io::kWantWrite;
      error_ = std::strerror(errno);
      return Io::kError;
    }
  }
  Io Close() override { return Io::kOk; }
  std::string Error() const override { return error_; }

 private:
  Fd fd_;
  std::string error_;
};

Status CheckOptions(const FrontOptions& o) {
  if (o.listen.empty()) return InvalidArgument("front: nothing to listen on");
  for (const std::string& l : o.listen) {
    std::string host;
    int port = 0;
    if (!SplitHostPort(l, &host, &port)) return InvalidArgument("front: bad listen address " + l);
  }
  if (o.backend_port < 1 || o.backend_port > 65535) return InvalidArgument("bad backend_port");
  if (o.event_loops < 0 || o.event_loops > 64) return InvalidArgument("event_loops: 0 to 64");
  if (o.max_connections < 1 || o.max_connections_per_ip < 1 || o.max_requests_per_connection < 1) {
    return InvalidArgument("connection limits must be >= 1");
  }
  if (o.handshake_timeout_ms < 1 || o.idle_timeout_ms < 1 || o.backend_connect_timeout_ms < 1 ||
      o.request_timeout_ms < 1 || o.keep_alive_ms < 0 || o.min_body_bytes_per_s < 0) {
    return InvalidArgument("timeouts must be >= 1 ms");
  }
  if (o.limits.max_head_bytes < 1024) return InvalidArgument("max_head_bytes must be >= 1024");
  if (o.limits.max_target_bytes < 256) return InvalidArgument("max_target_bytes must be >= 256");
  if (o.max_buffered_bytes < o.limits.max_body_bytes) {
    return InvalidArgument("max_buffered_bytes must hold at least one largest body");
  }
  // The secret is pasted into a header line: printable ASCII, no spaces.
  if (o.shared_secret.size() < 16) return InvalidArgument("shared_secret: at least 16 chars");
  for (char c : o.shared_secret) {
    if (c < 0x21 || c > 0x7e) return InvalidArgument("shared_secret: printable ASCII only");
  }
  if (!IsLoopbackHost(o.backend_host)) {
    return InvalidArgument("backend_host must be a loopback address: " + o.backend_host);
  }
  return Status::Ok();
}

}  // namespace

std::unique_ptr<ClientStream> MakePlainStream(Fd fd) {
  return std::make_unique<PlainStream>(std::move(fd));
}

struct Front::Impl {
  // A connection's own thread (FrontOptions::event_loops == 0).
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  // One event loop thread: its connections, and those the accept thread hands
  // over (woken through an eventfd).
  struct EventLoop {
    Fd epoll, wake;
    std::thread thread;
    std::mutex mu;  // guards incoming
    std::vector<std::unique_ptr<internal::Connection>> incoming;
  };

  internal::FrontShared shared;
  StreamFactory factory;
  std::vector<Fd> listeners;
  std::vector<int> ports;
  Fd stop_read, stop_write;
  bool started = false;
  std::thread accept_thread;

  std::mutex mu;  // guards workers and per_ip
  std::list<Worker> workers;
  std::map<std::string, int> per_ip;
  int64_t last_reject_log_ms = 0;  // accept thread only
  std::vector<std::unique_ptr<EventLoop>> loops;
  size_t next_loop = 0;  // accept thread only

  void AcceptLoop();
  Status StartLoops(int n);
  void RunLoop(EventLoop* loop);
  void Hand(std::unique_ptr<internal::Connection> c);
  // Closes a loop's connection (its sockets leave epoll) and frees its slot.
  void End(std::unique_ptr<internal::Connection> c);
  void AcceptPending(int listener);
  bool Admit(const std::string& ip);
  void Release(const std::string& ip);
  void ReleaseLocked(const std::string& ip);  // mu held
  void ReapFinished();
};

Front::Front() : impl_(std::make_unique<Impl>()) {}
Front::~Front() { Stop(); }

Status Front::Start(FrontOptions options, StreamFactory factory) {
  Impl& m = *impl_;
  if (m.started) return Status(Code::kAlreadyExists, "front already started");
  RETURN_IF_ERROR(CheckOptions(options));
  ASSIGN_OR_RETURN(std::vector<SocketAddress> backend,
                   ResolveTcp(options.backend_host, options.backend_port));
  std::vector<Fd> listeners;
  std::vector<int> ports;
  for (const std::string& l : options.listen) {
    std::string host;
    int port = 0, bound = 0;
    SplitHostPort(l, &host, &port);
    ASSIGN_OR_RETURN(Fd fd, ListenTcp(host, port, 128, &bound));
    listeners.push_back(std::move(fd));
    ports.push_back(bound);
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return IoError("pipe2 failed");
  m.stop_read.Reset(fds[0]);
  m.stop_write.Reset(fds[1]);
  m.listeners = std::move(listeners);
  m.ports = std::move(ports);
  m.factory = factory ? std::move(factory) : StreamFactory(MakePlainStream);
  m.shared.budget.set_cap(options.max_buffered_bytes);
  m.shared.stop_fd = m.stop_read.get();
  m.shared.options = std::move(options);
  m.shared.backend = backend.front();
  if (Status st = m.StartLoops(m.shared.options.event_loops); !st.ok()) {
    m.shared.stopping = true;  // the stop pipe is still empty: wake any started loop
    char c = 's';
    (void)!::write(m.stop_write.get(), &c, 1);
    for (auto& l : m.loops) l->thread.join();
    m.loops.clear();
    m.listeners.clear();  // nothing stays bound after a failed Start()
    m.ports.clear();
    m.shared.stopping = false;
    return st;
  }
  m.accept_thread = std::thread([&m] { m.AcceptLoop(); });
  m.started = true;
  std::string where;
  for (size_t i = 0; i < m.ports.size(); ++i) {
    std::string host;
    int port = 0;
    SplitHostPort(m.shared.options.listen[i], &host, &port);
    where += (i ? ", " : "") + host + ":" + std::to_string(m.ports[i]);
  }
  log::Info(m.shared.options.name + " listening on " + where + ", backend " +
            m.shared.options.backend_host + ":" + std::to_string(m.shared.options.backend_port));
  return Status::Ok();
}

void Front::Stop() {
  Impl& m = *impl_;
  if (!m.started) return;
  // The pipe is never drained, so it stays readable: every poll in every
  // connection thread wakes and sees it.
  m.shared.stopping = true;
  char c = 's';
  (void)!::write(m.stop_write.get(), &c, 1);
  m.accept_thread.join();
  m.listeners.clear();
  std::list<Impl::Worker> workers;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    workers.swap(m.workers);
  }
  for (Impl::Worker& w : workers) w.thread.join();
  for (auto& l : m.loops) {
    l->thread.join();
    // Handed over after the loop saw the stop (the accept thread was still
    // running): never stepped, only released.
    for (auto& c : l->incoming) {
      m.End(std::move(c));
    }
  }
  m.loops.clear();
  m.started = false;
  m.shared.stopping = false;  // Start() may be called again
  log::Info(m.shared.options.name + " stopped");
}

std::vector<int> Front::ports() const { return impl_->ports; }

FrontStats Front::stats() const {
  const internal::FrontCounters& c = impl_->shared.counters;
  FrontStats s;
  s.active_connections = c.active.load();
  s.accepted = c.accepted.load();
  s.rejected = c.rejected.load();
  s.handshakes_ok = c.handshakes_ok.load();
  s.handshakes_failed = c.handshakes_failed.load();
  s.handshake_timeouts = c.handshake_timeouts.load();
  s.requests = c.requests.load();
  s.answered = c.answered.load();
  s.bad_requests = c.bad_requests.load();
  s.request_timeouts = c.request_timeouts.load();
  s.keep_alive_timeouts = c.keep_alive_timeouts.load();
  s.idle_timeouts = c.idle_timeouts.load();
  s.over_budget = c.over_budget.load();
  s.backend_failures = c.backend_failures.load();
  return s;
}

void Front::Impl::AcceptLoop() {
  std::vector<pollfd> p(listeners.size() + 1);
  for (;;) {
    p[0] = {stop_read.get(), POLLIN, 0};
    for (size_t i = 0; i < listeners.size(); ++i) p[i + 1] = {listeners[i].get(), POLLIN, 0};
    // The timeout only bounds how long finished threads wait to be joined.
    int rc = poll(p.data(), p.size(), 1000);
    if (p[0].revents & POLLIN) return;
    ReapFinished();
    if (rc <= 0) continue;
    for (size_t i = 0; i < listeners.size(); ++i) {
      if (p[i + 1].revents & POLLIN) AcceptPending(listeners[i].get());
    }
  }
}

void Front::Impl::AcceptPending(int listener) {
  const FrontOptions& o = shared.options;
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd =
        accept4(listener, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: the pending connection stays queued and poll
        // would report it again at once; pause instead of spinning.
        log::Warn(o.name + ": out of file descriptors");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      return;  // EAGAIN: queue empty; other errors: the client is gone
    }
    Fd client(fd);
    std::string ip = AddressToString(addr);
    shared.counters.accepted++;
    if (!Admit(ip)) {
      shared.counters.rejected++;
      int64_t now = MonotonicNowMs();
      if (now - last_reject_log_ms > 10000) {
        last_reject_log_ms = now;
        log::Warn(o.name + ": connection limit reached, closing new connections (latest from " +
                  ip + ")");
      }
      continue;  // `client` closes here
    }
    SetNoDelay(fd);
    if (!loops.empty()) {
      Hand(std::make_unique<internal::Connection>(factory(std::move(client)), ip, &shared));
      continue;
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard<std::mutex> lock(mu);
    try {
      std::unique_ptr<ClientStream> stream = factory(std::move(client));
      workers.push_back(Worker{std::thread([this, s = std::move(stream), ip, done]() mutable {
                                 internal::RunConnection(std::move(s), ip, &shared);
                                 Release(ip);
                                 done->store(true);
                               }),
                               done});
    } catch (const std::system_error& e) {
      // Thread creation failed (memory): refuse this client, keep serving.
      ReleaseLocked(ip);
      shared.counters.rejected++;
      log::Warn(o.name + ": cannot start thread: " + e.what());
    }
  }
}

Status Front::Impl::StartLoops(int n) {
  for (int i = 0; i < n; ++i) {
    auto l = std::make_unique<EventLoop>();
    l->epoll.Reset(epoll_create1(EPOLL_CLOEXEC));
    l->wake.Reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!l->epoll.valid() || !l->wake.valid()) return IoError("epoll/eventfd failed");
    // The stop pipe is never drained (Stop()), so every loop sees it.
    epoll_event stop{EPOLLIN, {nullptr}};
    epoll_event wake{EPOLLIN, {l.get()}};
    if (epoll_ctl(l->epoll.get(), EPOLL_CTL_ADD, stop_read.get(), &stop) != 0 ||
        epoll_ctl(l->epoll.get(), EPOLL_CTL_ADD, l->wake.get(), &wake) != 0) {
      return IoError("epoll_ctl failed");
    }
    EventLoop* raw = l.get();
    try {
      l->thread = std::thread([this, raw] { RunLoop(raw); });
    } catch (const std::system_error& e) {
      return IoError(std::string("cannot start an event loop thread: ") + e.what());
    }
    loops.push_back(std::move(l));
  }
  return Status::Ok();
}

void Front::Impl::Hand(std::unique_ptr<internal::Connection> c) {
  EventLoop& l = *loops[next_loop++ % loops.size()];
  {
    std::lock_guard<std::mutex> lock(l.mu);
    l.incoming.push_back(std::move(c));
  }
  uint64_t one = 1;
  (void)!::write(l.wake.get(), &one, sizeof one);
}

namespace {

// A connection in an event loop, with what epoll has registered for it.
struct Slot {
  std::unique_ptr<internal::Connection> c;
  uint32_t client_events = 0;   // registered for the client socket; 0 = not
  uint32_t backend_events = 0;  // registered for the current backend socket
  uint64_t backend_generation = 0;
  int64_t deadline_ms = 0;
  bool done = false;
};

uint32_t ToEpoll(short poll_events) {
  return ((poll_events & POLLIN) ? EPOLLIN : 0u) | ((poll_events & POLLOUT) ? EPOLLOUT : 0u);
}

// Brings one socket's registration to `want` (0: none, so that its HUP or
// ERR cannot wake the loop while nothing is wanted of it).
void Register(int ep, int fd, uint32_t want, uint32_t* have, Slot* slot) {
  if (want == *have) return;
  epoll_event ev{want, {slot}};
  const int op = *have == 0 ? EPOLL_CTL_ADD : want == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
  if (epoll_ctl(ep, op, fd, &ev) != 0) {
    // Out of memory or watches: keep what epoll really holds, and step the
    // connection again shortly instead of waiting for an event.
    log::Warn(std::string("front: epoll_ctl failed: ") + std::strerror(errno));
    slot->deadline_ms = std::min(slot->deadline_ms, MonotonicNowMs() + 10);
    return;
  }
  *have = want;
}

// Runs a slot's connection until it waits, then registers what it waits for.
void StepSlot(int ep, Slot* s) {
  const internal::Want w = s->c->Step();
  if (w.done) {
    s->done = true;  // its sockets close (and leave epoll) when it is destroyed
    return;
  }
  s->deadline_ms = w.deadline_ms;
  Register(ep, s->c->client_fd(), ToEpoll(w.client_events), &s->client_events, s);
  if (w.backend_generation != s->backend_generation) {
    // The old backend socket is closed: its registration went with it.
    s->backend_generation = w.backend_generation;
    s->backend_events = 0;
  }
  if (w.backend_fd < 0) {
    s->backend_events = 0;  // closed, so no longer registered
  } else {
    Register(ep, w.backend_fd, ToEpoll(w.backend_events), &s->backend_events, s);
  }
}

}  // namespace

void Front::Impl::RunLoop(EventLoop* loop) {
  const int ep = loop->epoll.get();
  std::list<Slot> slots;
  epoll_event events[64];
  for (;;) {
    int64_t now = MonotonicNowMs();
    int64_t next = now + 1000;
    for (const Slot& s : slots) next = std::min(next, s.deadline_ms);
    const int n = epoll_wait(ep, events, 64, static_cast<int>(std::max<int64_t>(next - now, 0)));
    if (n < 0 && errno != EINTR) {
      log::Warn(std::string("front: epoll_wait failed: ") + std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    bool stop = false;
    for (int i = 0; i < n; ++i) {
      void* p = events[i].data.ptr;
      if (p == nullptr) {
        stop = true;
      } else if (p == loop) {
        uint64_t count;
        (void)!::read(loop->wake.get(), &count, sizeof count);
        std::vector<std::unique_ptr<internal::Connection>> fresh;
        {
          std::lock_guard<std::mutex> lock(loop->mu);
          fresh.swap(loop->incoming);
        }
        for (auto& c : fresh) {
          slots.push_back(Slot{std::move(c)});
          StepSlot(ep, &slots.back());
        }
      } else {
        Slot* s = static_cast<Slot*>(p);
        if (!s->done) StepSlot(ep, s);
      }
    }
    if (stop) break;
    now = MonotonicNowMs();
    for (Slot& s : slots) {
      if (!s.done && s.deadline_ms <= now) StepSlot(ep, &s);
    }
    for (auto it = slots.begin(); it != slots.end();) {
      if (it->done) {
        End(std::move(it->c));
        it = slots.erase(it);
      } else {
        ++it;
      }
    }
  }
  // Stopping: end every connection (Stop() ends any handed over later).
  for (Slot& s : slots) {
    End(std::move(s.c));
  }
}

void Front::Impl::End(std::unique_ptr<internal::Connection> c) {
  const std::string ip = c->client_ip();
  c.reset();
  Release(ip);
}

bool Front::Impl::Admit(const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu);
  int& n = per_ip[ip];
  if (shared.counters.active.load() >= shared.options.max_connections ||
      n >= shared.options.max_connections_per_ip) {
    if (n == 0) per_ip.erase(ip);
    return false;
  }
  ++n;
  shared.counters.active++;
  return true;
}

void Front::Impl::Release(const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu);
  ReleaseLocked(ip);
}

void Front::Impl::ReleaseLocked(const std::string& ip) {
  auto it = per_ip.find(ip);
  if (it != per_ip.end() && --it->second <= 0) per_ip.erase(it);
  shared.counters.active--;
}

void Front::Impl::ReapFinished() {
  std::list<Worker> finished;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (auto it = workers.begin(); it != workers.end();) {
      auto next = std::next(it);
      if (it->done->load()) finished.splice(finished.end(), workers, it);
      it = next;
    }
  }
  for (Worker& w : finished) w.thread.join();  // outside the lock: Release() takes it
}

}  // namespace motcua::net
