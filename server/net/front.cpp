#include "net/front.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
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
    for (;;) {
      ssize_t r = ::send(fd_.get(), buf, len, MSG_NOSIGNAL);
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

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

Status CheckOptions(const FrontOptions& o) {
  if (o.listen.empty()) return InvalidArgument("front: nothing to listen on");
  for (const std::string& l : o.listen) {
    std::string host;
    int port = 0;
    if (!SplitHostPort(l, &host, &port)) return InvalidArgument("front: bad listen address " + l);
  }
  if (o.backend_port < 1 || o.backend_port > 65535) return InvalidArgument("bad backend_port");
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

  void AcceptLoop();
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
  std::list<Worker> workers;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    workers.swap(m.workers);
  }
  for (Worker& w : workers) w.thread.join();
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
