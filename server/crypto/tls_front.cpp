#include "crypto/tls_front.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <list>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/log.h"
#include "crypto/front_conn.h"
#include "crypto/net_util.h"
#include "crypto/random.h"
#include "crypto/tls_config.h"

namespace motcua::crypto {

using internal::Fd;

namespace {

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

Status CheckOptions(const TlsFrontOptions& o) {
  if (o.listen_port < 0 || o.listen_port > 65535) return InvalidArgument("bad listen_port");
  if (o.backend_port < 1 || o.backend_port > 65535) return InvalidArgument("bad backend_port");
  if (o.max_connections < 1 || o.max_connections_per_ip < 1) {
    return InvalidArgument("connection limits must be >= 1");
  }
  if (o.handshake_timeout_ms < 1 || o.idle_timeout_ms < 1 || o.backend_connect_timeout_ms < 1) {
    return InvalidArgument("timeouts must be >= 1 ms");
  }
  if (o.max_head_bytes < 1024) return InvalidArgument("max_head_bytes must be >= 1024");
  // The secret is pasted into a header line: printable ASCII, no spaces.
  if (o.shared_secret.size() < 16) return InvalidArgument("shared_secret: at least 16 chars");
  for (char c : o.shared_secret) {
    if (c < 0x21 || c > 0x7e) return InvalidArgument("shared_secret: printable ASCII only");
  }
  if (!internal::IsLoopbackHost(o.backend_host)) {
    return InvalidArgument("backend_host must be a loopback address: " + o.backend_host);
  }
  return Status::Ok();
}

}  // namespace

struct TlsFront::Impl {
  // Declaration order is destruction order reversed: the TLS config points
  // at the DRBG, and the connection threads point at both.
  std::unique_ptr<DrbgRng> rng;
  std::unique_ptr<internal::TlsConfig> tls;
  internal::FrontShared shared;
  TlsFrontOptions options;
  Fd listener;
  Fd stop_read, stop_write;
  int port = 0;
  bool started = false;
  std::thread accept_thread;

  std::mutex mu;  // guards workers and per_ip
  std::list<Worker> workers;
  std::map<std::string, int> per_ip;
  int64_t last_reject_log_ms = 0;  // accept thread only

  void AcceptLoop();
  void AcceptPending();
  bool Admit(const std::string& ip);
  void Release(const std::string& ip);
  void ReapFinished();
};

TlsFront::TlsFront() : impl_(std::make_unique<Impl>()) {}
TlsFront::~TlsFront() { Stop(); }

Status TlsFront::Start(TlsFrontOptions options) {
  Impl& m = *impl_;
  if (m.started) return Status(Code::kAlreadyExists, "TLS front already started");
  RETURN_IF_ERROR(CheckOptions(options));
  ASSIGN_OR_RETURN(m.rng, DrbgRng::Create("motcua tls front"));
  ASSIGN_OR_RETURN(m.tls,
                   internal::MakeServerConfig(options.cert_pem, options.key_pem, m.rng.get()));
  ASSIGN_OR_RETURN(m.listener,
                   internal::ListenTcp(options.listen_host, options.listen_port, 128, &m.port));
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return IoError("pipe2 failed");
  m.stop_read.Reset(fds[0]);
  m.stop_write.Reset(fds[1]);

  m.shared.tls = m.tls.get();
  m.shared.backend_host = options.backend_host;
  m.shared.backend_port = options.backend_port;
  m.shared.handshake_timeout_ms = options.handshake_timeout_ms;
  m.shared.idle_timeout_ms = options.idle_timeout_ms;
  m.shared.backend_connect_timeout_ms = options.backend_connect_timeout_ms;
  m.shared.max_head_bytes = options.max_head_bytes;
  m.shared.shared_secret = options.shared_secret;
  m.shared.stop_fd = m.stop_read.get();
  m.options = std::move(options);
  m.accept_thread = std::thread([&m] { m.AcceptLoop(); });
  m.started = true;
  log::Info("TLS front listening on " + m.options.listen_host + ":" + std::to_string(m.port) +
            ", backend " + m.options.backend_host + ":" + std::to_string(m.options.backend_port));
  return Status::Ok();
}

void TlsFront::Stop() {
  Impl& m = *impl_;
  if (!m.started) return;
  // The pipe is never drained, so it stays readable: every poll in every
  // connection thread wakes and sees it.
  m.shared.stopping = true;
  char c = 's';
  (void)!::write(m.stop_write.get(), &c, 1);
  m.accept_thread.join();
  m.listener.Reset();
  std::list<Worker> workers;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    workers.swap(m.workers);
  }
  for (Worker& w : workers) w.thread.join();
  m.started = false;
  m.shared.stopping = false;  // Start() may be called again
  log::Info("TLS front stopped");
}

int TlsFront::port() const { return impl_->port; }

TlsFrontStats TlsFront::stats() const {
  const internal::FrontCounters& c = impl_->shared.counters;
  TlsFrontStats s;
  s.active_connections = c.active.load();
  s.accepted = c.accepted.load();
  s.rejected = c.rejected.load();
  s.handshakes_ok = c.handshakes_ok.load();
  s.handshakes_failed = c.handshakes_failed.load();
  s.handshake_timeouts = c.handshake_timeouts.load();
  s.requests = c.requests.load();
  s.bad_requests = c.bad_requests.load();
  s.idle_timeouts = c.idle_timeouts.load();
  s.backend_failures = c.backend_failures.load();
  return s;
}

void TlsFront::Impl::AcceptLoop() {
  for (;;) {
    pollfd p[2] = {{listener.get(), POLLIN, 0}, {stop_read.get(), POLLIN, 0}};
    // The timeout only bounds how long finished threads wait to be joined.
    int rc = poll(p, 2, 1000);
    if (p[1].revents & POLLIN) return;
    ReapFinished();
    if (rc > 0 && (p[0].revents & POLLIN)) AcceptPending();
  }
}

void TlsFront::Impl::AcceptPending() {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd = accept4(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      if (errno == EMFILE || errno == ENFILE) {
        // Out of descriptors: the pending connection stays queued and poll
        // would report it again at once; pause instead of spinning.
        log::Warn("TLS front: out of file descriptors");
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      return;  // EAGAIN: queue empty; other errors: the client is gone
    }
    Fd client(fd);
    std::string ip = internal::AddressToString(addr);
    shared.counters.accepted++;
    if (!Admit(ip)) {
      shared.counters.rejected++;
      int64_t now = internal::MonotonicNowMs();
      if (now - last_reject_log_ms > 10000) {
        last_reject_log_ms = now;
        log::Warn("TLS front: connection limit reached, closing new connections (latest from " +
                  ip + ")");
      }
      continue;  // `client` closes here
    }
    internal::SetNoDelay(fd);
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::lock_guard<std::mutex> lock(mu);
    try {
      workers.push_back(Worker{std::thread([this, c = std::move(client), ip, done]() mutable {
                                 internal::RunFrontConnection(std::move(c), ip, &shared);
                                 Release(ip);
                                 done->store(true);
                               }),
                               done});
    } catch (const std::system_error& e) {
      // Thread creation failed (memory): refuse this client, keep serving.
      per_ip[ip]--;
      shared.counters.active--;
      shared.counters.rejected++;
      log::Warn(std::string("TLS front: cannot start thread: ") + e.what());
    }
  }
}

bool TlsFront::Impl::Admit(const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu);
  int& n = per_ip[ip];
  if (shared.counters.active.load() >= options.max_connections ||
      n >= options.max_connections_per_ip) {
    if (n == 0) per_ip.erase(ip);
    return false;
  }
  ++n;
  shared.counters.active++;
  return true;
}

void TlsFront::Impl::Release(const std::string& ip) {
  std::lock_guard<std::mutex> lock(mu);
  auto it = per_ip.find(ip);
  if (it != per_ip.end() && --it->second <= 0) per_ip.erase(it);
  shared.counters.active--;
}

void TlsFront::Impl::ReapFinished() {
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

}  // namespace motcua::crypto
